/** The request log's columns and how a RequestRecord maps onto them (both dialects). */
import type { RequestRecord } from '../../observability/request-record.js';
import type { RequestLogTable } from '../schema.js';

/** The columns, in insert order. */
export const REQUEST_LOG_COLUMNS = [
  'id',
  'time',
  'operation',
  'ingress',
  'stream',
  'model_requested',
  'provider',
  'provider_type',
  'model_served',
  'status',
  'error_code',
  'finish_reason',
  'input_tokens',
  'output_tokens',
  'cached_input_tokens',
  'cache_write_tokens',
  'reasoning_tokens',
  'cost_usd',
  'attempts',
  'gateway_ms',
  'upstream_ttfb_ms',
  'ttft_ms',
  'total_ms',
  'team_id',
  'project_id',
  'key_id',
  'end_user',
  'usage_estimated',
  'region',
  'route_reason',
  'attempt_log',
] as const satisfies readonly (keyof RequestLogTable)[];

/** A row as stored and read back. */
export type RequestLogRow = RequestLogTable;

/** The row of a record. */
export function toRequestLogRow(r: RequestRecord): RequestLogRow {
  return {
    id: r.id,
    time: r.time,
    operation: r.operation,
    ingress: r.ingress,
    stream: r.stream ? 1 : 0,
    model_requested: r.modelRequested,
    provider: r.provider ?? null,
    provider_type: r.providerType ?? null,
    model_served: r.modelServed ?? null,
    status: r.status,
    error_code: r.errorCode ?? null,
    finish_reason: r.finishReason ?? null,
    input_tokens: r.inputTokens ?? null,
    output_tokens: r.outputTokens ?? null,
    cached_input_tokens: r.cachedInputTokens ?? null,
    cache_write_tokens: r.cacheWriteTokens ?? null,
    reasoning_tokens: r.reasoningTokens ?? null,
    cost_usd: r.costUsd ?? null,
    attempts: r.attempts,
    gateway_ms: r.gatewayMs,
    upstream_ttfb_ms: r.upstreamTtfbMs ?? null,
    ttft_ms: r.ttftMs ?? null,
    total_ms: r.totalMs,
    team_id: r.teamId ?? null,
    project_id: r.projectId ?? null,
    key_id: r.keyId ?? null,
    end_user: r.endUser ?? null,
    usage_estimated: r.usageEstimated ? 1 : null,
    region: r.region ?? null,
    route_reason: r.routeReason ?? null,
    attempt_log: r.attemptLog === undefined ? null : JSON.stringify(r.attemptLog),
  };
}

/**
 * Appends a record's values to `out` in column order, without building a row object: the SQLite
 * writer binds one flat array per batch.
 */
export function pushRequestLogValues(out: (string | number | null)[], r: RequestRecord): void {
  out.push(
    r.id,
    r.time,
    r.operation,
    r.ingress,
    r.stream ? 1 : 0,
    r.modelRequested,
    r.provider ?? null,
    r.providerType ?? null,
    r.modelServed ?? null,
    r.status,
    r.errorCode ?? null,
    r.finishReason ?? null,
    r.inputTokens ?? null,
    r.outputTokens ?? null,
    r.cachedInputTokens ?? null,
    r.cacheWriteTokens ?? null,
    r.reasoningTokens ?? null,
    r.costUsd ?? null,
    r.attempts,
    r.gatewayMs,
    r.upstreamTtfbMs ?? null,
    r.ttftMs ?? null,
    r.totalMs,
    r.teamId ?? null,
    r.projectId ?? null,
    r.keyId ?? null,
    r.endUser ?? null,
    r.usageEstimated ? 1 : null,
    r.region ?? null,
    r.routeReason ?? null,
    r.attemptLog === undefined ? null : JSON.stringify(r.attemptLog),
  );
}
