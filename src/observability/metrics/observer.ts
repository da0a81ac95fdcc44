/**
 * The metrics observer: on each attempt and each finished request, a few additions to counter
 * cells and a few histogram cells, found by one label-set key string each. Nothing else is
 * allocated per request; cells and their attribute objects are built once per label set
 * (bounded, see cells.ts and histograms.ts).
 *
 * Labels are bounded by construction: never a request id; model labels are config aliases, or
 * the model of a direct PROVIDER/MODEL call only once a provider answered it (else `_OTHER`);
 * the end user only with metrics.end_user_labels.
 */
import type { Attributes } from '@opentelemetry/api';
import type { AttemptRecord, RequestContext } from '../../pipeline/context.js';
import type { PipelineObserver } from '../../pipeline/contract.js';
import { AttributeCache } from './cells.js';
import type { HistogramCell } from './histograms.js';
import { genAiOperationName, genAiProviderName } from '../genai-names.js';
import type { GatewayCounters, GenAiHistograms } from './instruments.js';

/** The value of a model label that is not a known alias (a direct call nobody answered). */
export const OTHER = '_OTHER';

/** Attempt reasons that make an attempt a fallback. */
const FALLBACK_REASONS: ReadonlySet<string> = new Set(['fallback', 'context_window', 'content_filter', 'any']);

/** What the observer needs. */
export interface MetricsObserverOptions {
  histograms: GenAiHistograms;
  counters: GatewayCounters;
  /** The config's model aliases: the only model labels a failed request may carry. */
  aliases: ReadonlySet<string>;
  /** Label the requests and spend counters with the end user (metrics.end_user_labels). */
  endUserLabels: boolean;
  /** Label sets kept per histogram family before new ones share the overflow set. */
  maxLabelSets: number;
}

/** One GenAI label set's histogram cells: duration, first chunk and per-token time, and tokens by type. */
interface GenAiCells {
  duration: HistogramCell;
  firstChunk: HistogramCell;
  perToken: HistogramCell;
  input: HistogramCell;
  output: HistogramCell;
}

function statusClass(status: number): string {
  return `${Math.floor(status / 100)}xx`;
}

/** Creates the observer. */
export function metricsObserver(options: MetricsObserverOptions): PipelineObserver {
  const { histograms, counters, aliases, endUserLabels } = options;
  const overflow: GenAiCells = {
    duration: histograms.operationDuration.overflowCell(),
    firstChunk: histograms.timeToFirstChunk.overflowCell(),
    perToken: histograms.timePerOutputToken.overflowCell(),
    input: histograms.tokenUsage.overflowCell(),
    output: histograms.tokenUsage.overflowCell(),
  };
  const genAi = new AttributeCache<GenAiCells>(options.maxLabelSets, overflow);

  /** The model label of a request: its alias, the direct model once answered, else _OTHER ('' before the body was read). */
  const modelLabel = (ctx: RequestContext): string => {
    const model = ctx.modelRequested;
    if (model === '' || aliases.has(model) || ctx.target !== undefined) return model;
    return OTHER;
  };
  /** The upstream model label of an attempt: from config for aliases, else only once it answered. */
  const attemptModel = (ctx: RequestContext, attempt: AttemptRecord): string => (aliases.has(ctx.modelRequested) || !attempt.error ? attempt.model : OTHER);

  const onAttempt = (ctx: RequestContext, attempt: AttemptRecord): void => {
    const model = attemptModel(ctx, attempt);
    const outcome = attempt.cancelled ? 'cancelled' : attempt.error ? 'error' : 'ok';
    const reason = attempt.reason ?? 'first';
    const errorType = attempt.error?.code ?? '';
    const key = `${attempt.providerId}\u0000${model}\u0000${outcome}\u0000${reason}\u0000${errorType}`;
    (counters.attempts.get(key) ?? counters.attempts.add(key, attemptAttributes(attempt.providerId, model, outcome, reason, errorType))).value++;
    const alias = modelLabel(ctx);
    if (FALLBACK_REASONS.has(reason)) {
      const fallbackKey = `${alias}\u0000${attempt.providerId}\u0000${reason}`;
      (
        counters.fallbacks.get(fallbackKey) ??
        counters.fallbacks.add(fallbackKey, { 'switchboard.model': alias, 'switchboard.provider': attempt.providerId, 'switchboard.attempt.reason': reason })
      ).value++;
    }
    if (attempt.error?.upstreamStatus === 429) {
      const team = ctx.identity?.team ?? '';
      const refusalKey = `upstream\u0000${alias}\u0000${attempt.providerId}\u0000${team}`;
      (counters.rateLimitRefusals.get(refusalKey) ?? counters.rateLimitRefusals.add(refusalKey, refusalAttributes('upstream', alias, attempt.providerId, team)))
        .value++;
    }
  };

  const onRequestEnd = (ctx: RequestContext): void => {
    const alias = modelLabel(ctx);
    const last = ctx.attempts.length > 0 ? ctx.attempts[ctx.attempts.length - 1] : undefined;
    const provider = ctx.target?.providerId ?? last?.providerId ?? '';
    const identity = ctx.identity;
    const team = identity?.team ?? '';
    const endUser = endUserLabels ? (identity?.endUser ?? '') : '';
    const status = ctx.status;
    const code = ctx.error?.code ?? '';
    const key = `${ctx.operation}\u0000${alias}\u0000${provider}\u0000${team}\u0000${endUser}\u0000${status}\u0000${code}`;
    (counters.requests.get(key) ?? counters.requests.add(key, requestAttributes(ctx.operation, alias, provider, team, endUser, status, code))).value++;
    if (code === 'rate_limited') {
      const refusalKey = `gateway\u0000${alias}\u0000\u0000${team}`;
      (counters.rateLimitRefusals.get(refusalKey) ?? counters.rateLimitRefusals.add(refusalKey, refusalAttributes('gateway', alias, '', team))).value++;
    }
    const cacheStatus = ctx.cacheStatus;
    if (cacheStatus !== undefined) {
      (counters.cacheLookups.get(cacheStatus) ?? counters.cacheLookups.add(cacheStatus, { 'switchboard.cache.result': cacheStatus })).value++;
      const saved = ctx.costSavedUsd;
      if (saved !== undefined && saved > 0)
        (counters.cacheSaved.get(team) ?? counters.cacheSaved.add(team, team ? { 'switchboard.team': team } : {})).value += saved;
    }
    const verdicts = ctx.guardrailVerdicts;
    if (verdicts !== undefined) {
      // Guard names come from config and the admin API's tenant lists (both bounded); cells cap the rest.
      for (const v of verdicts) {
        const verdictKey = `${v.guard}\u0000${v.stage}\u0000${v.outcome}`;
        (counters.guardrailVerdicts.get(verdictKey) ?? counters.guardrailVerdicts.add(verdictKey, { guard: v.guard, stage: v.stage, outcome: v.outcome }))
          .value++;
      }
    }
    const cost = ctx.costUsd;
    if (cost !== undefined && cost > 0) {
      const spendKey = `${team}\u0000${alias}\u0000${provider}\u0000${endUser}`;
      (counters.spend.get(spendKey) ?? counters.spend.add(spendKey, spendAttributes(alias, provider, team, endUser))).value += cost;
    }
    // The GenAI metrics describe calls to a provider: a request refused before any attempt made none.
    if (last === undefined) return;
    const target = ctx.target;
    const providerType = target ? target.compiled.settings.type : last.providerType;
    const requestModel = target ? target.model : attemptModel(ctx, last);
    const responseModel = target ? (ctx.modelServed ?? '') : '';
    const operation = genAiOperationName(ctx.operation);
    const genAiKey = `${operation}\u0000${providerType}\u0000${requestModel}\u0000${responseModel}\u0000${code}`;
    let cells = genAi.get(genAiKey);
    if (cells === undefined) {
      const base: Attributes = {
        'gen_ai.operation.name': operation,
        'gen_ai.provider.name': genAiProviderName(providerType),
        'gen_ai.request.model': requestModel,
      };
      if (responseModel) base['gen_ai.response.model'] = responseModel;
      if (code) base['error.type'] = code;
      cells = genAi.add(genAiKey, {
        duration: histograms.operationDuration.cell({ ...base }),
        firstChunk: histograms.timeToFirstChunk.cell({ ...base }),
        perToken: histograms.timePerOutputToken.cell({ ...base }),
        input: histograms.tokenUsage.cell({ ...base, 'gen_ai.token.type': 'input' }),
        output: histograms.tokenUsage.cell({ ...base, 'gen_ai.token.type': 'output' }),
      });
    }
    const totalMs = performance.now() - ctx.startedAt;
    cells.duration.record(totalMs / 1000);
    const usage = ctx.usage;
    if (usage) {
      cells.input.record(usage.inputTokens);
      cells.output.record(usage.outputTokens);
    }
    const ttft = ctx.ttftMs;
    if (ctx.stream && ttft !== undefined && !code) {
      cells.firstChunk.record(ttft / 1000);
      if (usage && usage.outputTokens > 1) cells.perToken.record((totalMs - ttft) / 1000 / (usage.outputTokens - 1));
    }
  };

  return { onAttempt, onRequestEnd };
}

function attemptAttributes(provider: string, model: string, outcome: string, reason: string, errorType: string): Attributes {
  const attributes: Attributes = {
    'switchboard.provider': provider,
    'gen_ai.request.model': model,
    'switchboard.attempt.outcome': outcome,
    'switchboard.attempt.reason': reason,
  };
  if (errorType) attributes['error.type'] = errorType;
  return attributes;
}

function requestAttributes(operation: string, alias: string, provider: string, team: string, endUser: string, status: number, code: string): Attributes {
  const attributes: Attributes = { 'switchboard.operation': operation };
  if (alias) attributes['switchboard.model'] = alias;
  if (provider) attributes['switchboard.provider'] = provider;
  if (team) attributes['switchboard.team'] = team;
  if (endUser) attributes['switchboard.end_user'] = endUser;
  attributes['http.response.status_code'] = status;
  attributes['switchboard.status_class'] = statusClass(status);
  if (code) attributes['error.type'] = code;
  return attributes;
}

function refusalAttributes(source: 'gateway' | 'upstream', alias: string, provider: string, team: string): Attributes {
  const attributes: Attributes = { 'switchboard.rate_limit.source': source };
  if (alias) attributes['switchboard.model'] = alias;
  if (provider) attributes['switchboard.provider'] = provider;
  if (team) attributes['switchboard.team'] = team;
  return attributes;
}

function spendAttributes(alias: string, provider: string, team: string, endUser: string): Attributes {
  const attributes: Attributes = { 'switchboard.model': alias, 'switchboard.provider': provider };
  if (team) attributes['switchboard.team'] = team;
  if (endUser) attributes['switchboard.end_user'] = endUser;
  return attributes;
}
