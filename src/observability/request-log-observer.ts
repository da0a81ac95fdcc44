/** The request log as a pipeline observer: one record per finished request, queued, never awaited. */
import type { AttemptRecord, RequestContext } from '../pipeline/context.js';
import type { PipelineObserver } from '../pipeline/contract.js';
import type { RequestLogConfig } from './config-schema.js';
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

/** An observer that hands every finished request's record to the sink (config: request_log, for bodies and metadata). */
export function requestLogObserver(sink: RequestLogSink, _config?: RequestLogConfig): PipelineObserver {
  return { onRequestEnd: (ctx) => sink.record(toRequestRecord(ctx)) };
}
