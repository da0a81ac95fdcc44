/**
 * The tracing observer: a SERVER span per sampled request named `{gen_ai.operation.name}
 * {gen_ai.request.model}`, a child span per phase, and a CLIENT span per upstream attempt whose
 * traceparent goes upstream. Sampling is decided on arrival; an unsampled request allocates
 * nothing after that. Span times come from the pipeline's performance.now() timings, anchored to
 * the request's epoch arrival time.
 */
import { type Attributes, ROOT_CONTEXT, type Span, SpanKind, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import { TraceState } from '@opentelemetry/core';
import type { ChatRequest, ChatResponse, EmbeddingsRequest, FinishReason } from '../../core/types.js';
import type { AttemptRecord, RequestContext } from '../../pipeline/context.js';
import type { Phase, PipelineObserver } from '../../pipeline/contract.js';
import { CONTENT_EVENT, contentAttributes, type RedactContent } from './content-capture.js';
import { genAiOperationName, genAiProviderName } from '../genai-names.js';
import { addGuardrailEvents } from './guardrail-events.js';
import { serverAddress } from './server-address.js';
import { RequestTrace, requestTraceSlot } from './request-trace.js';
import type { SampleDecision } from './sampling.js';
import { formatTraceparent, parseTraceparent } from './traceparent.js';

/** What the observer is built from (once, at start). */
export interface TraceObserverOptions {
  tracer: Tracer;
  sample: SampleDecision;
  acceptTraceparent: boolean;
  propagateUpstream: boolean;
  /** Whether content is captured for a request (config capture_content). */
  captureFor(ctx: RequestContext): boolean;
  redactContent?: RedactContent;
}

/**
 * Phases shorter than this get no span: most are phases without hooks (microseconds), and a span
 * each would double a trace's export cost to show nothing. Their time stays in the parent.
 */
export const MIN_PHASE_SPAN_MS = 0.05;

/** Phase span names, built once. */
const PHASE_NAMES: Readonly<Record<Phase, string>> = {
  authenticate: 'switchboard.authenticate',
  decode: 'switchboard.decode',
  admit: 'switchboard.admit',
  prepare: 'switchboard.prepare',
  checkInput: 'switchboard.check_input',
  lookup: 'switchboard.lookup',
  dispatch: 'switchboard.dispatch',
  checkOutput: 'switchboard.check_output',
  store: 'switchboard.store',
  settle: 'switchboard.settle',
  record: 'switchboard.record',
};

/** gen_ai.response.finish_reasons values, one shared array per reason. */
const FINISH_REASONS: Readonly<Record<FinishReason, string[]>> = {
  stop: ['stop'],
  length: ['length'],
  tool_calls: ['tool_calls'],
  content_filter: ['content_filter'],
  error: ['error'],
};

/** The attempt's outcome: ok, cancelled (a hedge that lost, a client that left) or error. */
function outcomeOf(attempt: AttemptRecord): string {
  return attempt.cancelled ? 'cancelled' : attempt.error ? 'error' : 'ok';
}

/** Request parameters of the canonical request, per the conventions' gen_ai.request.* names. */
function requestParameters(ctx: RequestContext, attrs: Attributes): void {
  const request = ctx.request as (Partial<ChatRequest> & Partial<EmbeddingsRequest>) | undefined;
  if (!request) return;
  if (ctx.operation === 'embeddings') {
    attrs['gen_ai.embeddings.dimension.count'] = request.dimensions;
    if (request.encodingFormat) attrs['gen_ai.request.encoding_formats'] = [request.encodingFormat];
    return;
  }
  attrs['gen_ai.request.temperature'] = request.temperature;
  attrs['gen_ai.request.top_p'] = request.topP;
  attrs['gen_ai.request.top_k'] = request.topK;
  attrs['gen_ai.request.max_tokens'] = request.maxTokens;
  attrs['gen_ai.request.seed'] = request.seed;
  attrs['gen_ai.request.frequency_penalty'] = request.frequencyPenalty;
  attrs['gen_ai.request.presence_penalty'] = request.presencePenalty;
  if (request.stop && request.stop.length > 0) attrs['gen_ai.request.stop_sequences'] = request.stop;
  // No gen_ai.request.choice.count: the conventions want it only when not 1, and n > 1 is refused at decode.
}

/** The tracing observer for these options. */
export function traceObserver(options: TraceObserverOptions): PipelineObserver {
  const { tracer, sample, acceptTraceparent, propagateUpstream, captureFor, redactContent } = options;

  function startAttemptSpan(ctx: RequestContext, state: RequestTrace, attempt: AttemptRecord): Span {
    const operation = genAiOperationName(ctx.operation);
    const settings = attempt.target?.compiled.settings;
    const span = tracer.startSpan(
      `${operation} ${attempt.model}`,
      {
        kind: SpanKind.CLIENT,
        startTime: attempt.startedAt + state.anchor,
        attributes: {
          'gen_ai.operation.name': operation,
          'gen_ai.provider.name': genAiProviderName(attempt.providerType),
          'gen_ai.request.model': attempt.model,
          'server.address': settings ? serverAddress(settings.baseUrl) : undefined,
          'switchboard.provider.id': attempt.providerId,
          'switchboard.target': attempt.target?.key ?? `${attempt.providerId}/${attempt.model}`,
          'switchboard.attempt.reason': attempt.reason ?? 'first',
        },
      },
      state.parent,
    );
    state.attempts.push(attempt);
    state.attemptSpans.push(span);
    return span;
  }

  return {
    onRequestStart(ctx) {
      const parent = acceptTraceparent ? parseTraceparent(ctx.requestHeaders.traceparent, ctx.requestHeaders.tracestate) : undefined;
      if (!sample(parent)) return;
      const anchor = ctx.time - ctx.startedAt;
      const parentContext = parent
        ? trace.setSpanContext(ROOT_CONTEXT, {
            traceId: parent.traceId,
            spanId: parent.spanId,
            traceFlags: parent.sampled ? 1 : 0,
            isRemote: true,
            traceState: parent.traceState ? new TraceState(parent.traceState) : undefined,
          })
        : ROOT_CONTEXT;
      const span = tracer.startSpan(genAiOperationName(ctx.operation), { kind: SpanKind.SERVER, startTime: ctx.time }, parentContext);
      ctx.traceId = span.spanContext().traceId;
      ctx.set(requestTraceSlot, new RequestTrace(span, trace.setSpan(ROOT_CONTEXT, span), anchor));
    },

    onPhase(ctx, phase, durationMs) {
      const state = ctx.get(requestTraceSlot);
      if (!state) return;
      // The caller is known once authenticate ran: whether its content is captured is decided here, once.
      if (phase === 'authenticate') state.capture = captureFor(ctx);
      if (durationMs < MIN_PHASE_SPAN_MS) return;
      const end = performance.now() + state.anchor;
      tracer.startSpan(PHASE_NAMES[phase] ?? phase, { startTime: end - durationMs }, state.parent).end(end);
    },

    onAttemptStart(ctx, attempt) {
      const state = ctx.get(requestTraceSlot);
      if (!state) return undefined;
      const span = startAttemptSpan(ctx, state, attempt);
      if (!propagateUpstream) return undefined;
      const spanContext = span.spanContext();
      const traceparent = formatTraceparent(spanContext.traceId, spanContext.spanId);
      const traceState = spanContext.traceState?.serialize();
      const headers: Record<string, string> = { traceparent };
      if (traceState) headers.tracestate = traceState;
      return headers;
    },

    onAttempt(ctx, attempt) {
      const state = ctx.get(requestTraceSlot);
      if (!state) return;
      const index = state.attempts.indexOf(attempt);
      // An attempt that failed while encoding never reached onAttemptStart: its span starts now, retroactively.
      const span = index >= 0 ? state.attemptSpans[index]! : startAttemptSpan(ctx, state, attempt);
      const error = attempt.error;
      span.setAttributes({
        'switchboard.attempt.outcome': outcomeOf(attempt),
        'error.type': error?.code,
        'http.response.status_code': error?.upstreamStatus,
        'switchboard.attempt.stage': error ? attempt.stage : undefined,
      });
      if (error && !attempt.cancelled) span.setStatus({ code: SpanStatusCode.ERROR, message: error.code });
      span.end(performance.now() + state.anchor);
    },

    onRequestEnd(ctx) {
      const state = ctx.get(requestTraceSlot);
      if (!state) return;
      const { span } = state;
      const operation = genAiOperationName(ctx.operation);
      const model = ctx.modelRequested || ctx.route?.group.name;
      if (model) span.updateName(`${operation} ${model}`);
      const identity = ctx.identity;
      const usage = ctx.usage;
      const error = ctx.error;
      const target = ctx.target;
      const attrs: Attributes = {
        'gen_ai.operation.name': operation,
        'gen_ai.provider.name': target ? genAiProviderName(target.compiled.settings.type) : undefined,
        'gen_ai.request.model': model,
        'gen_ai.request.stream': ctx.stream,
        'gen_ai.response.model': ctx.modelServed,
        'gen_ai.response.id': ctx.operation === 'embeddings' ? undefined : (ctx.response as ChatResponse | undefined)?.id,
        'gen_ai.response.finish_reasons': ctx.finishReason ? FINISH_REASONS[ctx.finishReason] : undefined,
        'gen_ai.usage.input_tokens': usage?.inputTokens,
        'gen_ai.usage.output_tokens': usage?.outputTokens,
        'gen_ai.usage.cache_read.input_tokens': usage?.cachedInputTokens,
        'gen_ai.usage.cache_creation.input_tokens': usage?.cacheWriteTokens,
        'gen_ai.usage.reasoning.output_tokens': usage?.reasoningTokens,
        'http.response.status_code': ctx.status,
        'error.type': error?.code,
        'switchboard.request.id': ctx.id,
        'switchboard.team.id': identity?.team,
        'switchboard.project.id': identity?.project,
        'switchboard.key.id': identity?.keyId,
        'switchboard.cost_usd': ctx.costUsd,
        'switchboard.cache.status': ctx.cacheStatus,
        'switchboard.cost_saved_usd': ctx.costSavedUsd,
        'switchboard.attempts': ctx.attempts.length,
        'switchboard.route.reason': ctx.route?.reason,
        'switchboard.stream': ctx.stream,
        'switchboard.usage.estimated': ctx.usageEstimated || undefined,
        'switchboard.prompt.id': ctx.prompt?.id,
        'switchboard.prompt.version': ctx.prompt?.version,
        'switchboard.prompt.label': ctx.prompt?.label,
      };
      requestParameters(ctx, attrs);
      const verdicts = ctx.guardrailVerdicts;
      if (verdicts !== undefined && verdicts.length > 0) {
        const blockedBy = addGuardrailEvents(span, verdicts, performance.now() + state.anchor);
        if (blockedBy !== undefined) attrs['switchboard.guardrail.blocked'] = blockedBy;
      }
      span.setAttributes(attrs);
      if (error) span.setStatus({ code: SpanStatusCode.ERROR, message: error.code });
      if (state.capture && ctx.operation !== 'embeddings') {
        const end = performance.now() + state.anchor;
        span.addEvent(CONTENT_EVENT, { 'gen_ai.operation.name': operation, ...contentAttributes(ctx, state.streamed, redactContent) }, end);
      }
      span.end(performance.now() + state.anchor);
    },
  };
}
