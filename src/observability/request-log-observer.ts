/** The request log as a pipeline observer: one record per finished request, queued, never awaited. */
import type { RequestContext } from '../pipeline/context.js';
import type { PipelineObserver } from '../pipeline/contract.js';
import type { RequestLogSink, RequestRecord } from './request-record.js';

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
  return record;
}

/** An observer that hands every finished request's record to the sink. */
export function requestLogObserver(sink: RequestLogSink): PipelineObserver {
  return { onRequestEnd: (ctx) => sink.record(toRequestRecord(ctx)) };
}
