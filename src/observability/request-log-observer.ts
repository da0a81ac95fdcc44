/**
 * The request log as a pipeline observer: one record per finished request, queued, never awaited.
 * The pieces it keeps beyond the numbers (phases, metadata, bodies) live in request-log/.
 */
import type { AttemptRecord, RequestContext } from '../pipeline/context.js';
import type { PipelineObserver, StreamTap } from '../pipeline/contract.js';
import type { RequestLogConfig } from './config-schema.js';
import { type BodyRedactor, keptBody } from './request-log/bodies.js';
import { anyFull, compileBodyLevels } from './request-log/levels.js';
import { notePhase, phasesOf } from './request-log/phases.js';
import { assembledStream, streamBodyTap } from './request-log/stream-tap.js';
import type { AttemptLogEntry, RequestLogSink, RequestRecord } from './request-record.js';

/** The record of a finished request. */
export function toRequestRecord(ctx: RequestContext): RequestRecord {
  const totalMs = performance.now() - ctx.startedAt;
  const record: RequestRecord = {
    id: ctx.id,
    time: ctx.time,
    operation: ctx.operation,
    ingress: ctx.ingress,
    stream: ctx.stream,
    modelRequested: ctx.modelRequested,
    status: ctx.status,
    attempts: ctx.attempts.length,
    gatewayMs: Math.max(0, totalMs - ctx.upstreamMs),
    totalMs,
  };
  // The provider that answered, or the last one tried when none did.
  const last = ctx.attempts.at(-1);
  const providerId = ctx.target?.providerId ?? last?.providerId;
  if (providerId !== undefined) {
    record.provider = providerId;
    record.providerType = ctx.target?.compiled.settings.type ?? last?.providerType;
  }
  if (ctx.error) record.errorCode = ctx.error.code;
  if (ctx.modelServed !== undefined && ctx.target) record.modelServed = ctx.modelServed;
  if (ctx.finishReason !== undefined) record.finishReason = ctx.finishReason;
  const usage = ctx.usage;
  if (usage) {
    record.inputTokens = usage.inputTokens;
    record.outputTokens = usage.outputTokens;
    if (usage.cachedInputTokens) record.cachedInputTokens = usage.cachedInputTokens;
    if (usage.cacheWriteTokens) record.cacheWriteTokens = usage.cacheWriteTokens;
    if (usage.reasoningTokens) record.reasoningTokens = usage.reasoningTokens;
  }
  if (ctx.costUsd !== undefined) record.costUsd = ctx.costUsd;
  if (ctx.cacheStatus !== undefined) record.cache = ctx.cacheStatus;
  if (ctx.costSavedUsd !== undefined) record.costSavedUsd = ctx.costSavedUsd;
  if (ctx.upstreamTtfbMs !== undefined) record.upstreamTtfbMs = ctx.upstreamTtfbMs;
  if (ctx.ttftMs !== undefined) record.ttftMs = ctx.ttftMs;
  const identity = ctx.identity;
  if (identity) {
    if (identity.team !== undefined) record.teamId = identity.team;
    if (identity.project !== undefined) record.projectId = identity.project;
    if (identity.keyId !== undefined) record.keyId = identity.keyId;
    if (identity.endUser !== undefined) record.endUser = identity.endUser;
  }
  if (ctx.usageEstimated) record.usageEstimated = true;
  const region = ctx.target?.region;
  if (region !== undefined) record.region = region;
  if (ctx.route) record.routeReason = ctx.route.reason;
  const verdicts = ctx.guardrailVerdicts;
  if (verdicts !== undefined && verdicts.length > 0) record.guardrails = verdicts;
  const prompt = ctx.prompt;
  if (prompt) {
    record.promptId = prompt.id;
    record.promptVersion = prompt.version;
  }
  const experiment = ctx.experiment;
  if (experiment) {
    record.experiment = experiment.experiment;
    record.variant = experiment.variant;
  }
  if (ctx.attempts.length > 1 || ctx.attempts[0]?.error) record.attemptLog = ctx.attempts.map((a) => toAttemptLogEntry(a, ctx.startedAt));
  return record;
}

function toAttemptLogEntry(attempt: AttemptRecord, requestStart: number): AttemptLogEntry {
  const entry: AttemptLogEntry = {
    provider: attempt.providerId,
    model: attempt.model,
    outcome: attempt.cancelled ? 'cancelled' : attempt.error ? 'error' : 'ok',
    startMs: Math.round((attempt.startedAt - requestStart) * 100) / 100,
    ms: Math.round(attempt.durationMs * 100) / 100,
  };
  if (attempt.target?.region !== undefined) entry.region = attempt.target.region;
  if (attempt.reason !== undefined) entry.reason = attempt.reason;
  if (attempt.error) {
    entry.errorCode = attempt.error.code;
    if (attempt.error.upstreamStatus !== undefined) entry.upstreamStatus = attempt.error.upstreamStatus;
  }
  return entry;
}

/** Options of the request log's observer beyond its config. */
export interface RequestLogObserverOptions {
  /** PII redaction of kept bodies (guardrails provide it when configured); credentials are always removed. */
  redact?: BodyRedactor;
}

/**
 * An observer that hands every finished request's record to the sink, with its phase timings, its
 * trace id, and (per the caller's team's level of request_log.bodies) its metadata and bodies.
 */
export function requestLogObserver(sink: RequestLogSink, config?: RequestLogConfig, options: RequestLogObserverOptions = {}): PipelineObserver {
  if (!config) return { onRequestEnd: (ctx) => sink.record(toRequestRecord(ctx)) };
  const levelOf = compileBodyLevels(config);
  const maxBytes = config.max_body_bytes;
  const { redact } = options;
  return {
    onPhase: notePhase,
    onRequestEnd(ctx) {
      const record = toRequestRecord(ctx);
      const phases = phasesOf(ctx);
      if (phases) record.phases = phases;
      if (ctx.traceId !== undefined) record.traceId = ctx.traceId;
      const level = levelOf(ctx.identity);
      if (level !== 'none') {
        const metadata = (ctx.request as { metadata?: Record<string, string> } | undefined)?.metadata;
        if (metadata !== undefined && Object.keys(metadata).length > 0) record.metadata = metadata;
      }
      if (level === 'full') {
        record.requestBody = keptBody(ctx.request, ctx, maxBytes, redact);
        record.responseBody = keptBody(ctx.stream ? assembledStream(ctx) : ctx.response, ctx, maxBytes, redact);
        if (record.requestBody === undefined) delete record.requestBody;
        if (record.responseBody === undefined) delete record.responseBody;
      }
      sink.record(record);
    },
  };
}

/** The stream taps the request log adds to streaming plans: the answer's assembler, when any team keeps full bodies. */
export function requestLogTaps(config: RequestLogConfig): StreamTap[] {
  return config.enabled && anyFull(config) ? [streamBodyTap(compileBodyLevels(config), config.max_body_bytes)] : [];
}
