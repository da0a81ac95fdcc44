/** Request-log rows as the admin API shows them (admin/requests-contract.ts): summaries and details. */
import type { RequestAttempt, RequestDetail, RequestSummary } from '../../admin/requests-contract.js';
import type { RequestLogRow } from './columns.js';
import { parseGuardrailsColumn } from './guardrails-column.js';

/** The columns a summary reads (the list view never loads bodies). */
export const SUMMARY_COLUMNS = [
  'id',
  'time',
  'operation',
  'ingress',
  'stream',
  'model_requested',
  'model_served',
  'provider',
  'status',
  'error_code',
  'input_tokens',
  'output_tokens',
  'cost_usd',
  'total_ms',
  'ttft_ms',
  'gateway_ms',
  'upstream_ttfb_ms',
  'attempts',
  'team_id',
  'project_id',
  'key_id',
  'end_user',
  'metadata',
  'cache',
  'cost_saved_usd',
  'guardrails',
] as const;

/** A row holding at least the summary columns. */
export type SummaryRow = Pick<RequestLogRow, (typeof SUMMARY_COLUMNS)[number]>;

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    // A body cut at max_body_bytes is no longer JSON: the cut text (with its marker) is shown as is.
    return text;
  }
}

function parseObject<T>(text: string | null): T | null {
  const value = parseJson(text);
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as T) : null;
}

/** A row as a search result. */
export function toSummary(row: SummaryRow): RequestSummary {
  return {
    id: row.id,
    time: Number(row.time),
    operation: row.operation,
    ingress: row.ingress,
    stream: Number(row.stream) === 1,
    model_requested: row.model_requested,
    model_served: row.model_served,
    provider: row.provider,
    status: row.status,
    error_code: row.error_code,
    input_tokens: row.input_tokens,
    output_tokens: row.output_tokens,
    cost_usd: row.cost_usd,
    total_ms: row.total_ms,
    ttft_ms: row.ttft_ms,
    gateway_ms: row.gateway_ms,
    upstream_ttfb_ms: row.upstream_ttfb_ms,
    attempts: row.attempts,
    team_id: row.team_id,
    project_id: row.project_id,
    key_id: row.key_id,
    end_user: row.end_user,
    metadata: parseObject<Record<string, string>>(row.metadata),
    cache: (row.cache as RequestSummary['cache']) ?? null,
    cost_saved_usd: row.cost_saved_usd === null ? null : Number(row.cost_saved_usd),
    guardrails: parseGuardrailsColumn(row.guardrails),
  };
}

interface StoredAttempt {
  provider: string;
  model: string;
  region?: string;
  reason?: string;
  outcome: RequestAttempt['outcome'];
  errorCode?: string;
  upstreamStatus?: number;
  startMs?: number;
  ms: number;
}

function attemptsOf(row: RequestLogRow): RequestAttempt[] {
  const stored = parseJson(row.attempt_log);
  if (Array.isArray(stored)) {
    return (stored as StoredAttempt[]).map((a) => {
      const out: RequestAttempt = { provider: a.provider, model: a.model, outcome: a.outcome, ms: a.ms };
      if (a.region !== undefined) out.region = a.region;
      if (a.reason !== undefined) out.reason = a.reason;
      if (a.errorCode !== undefined) out.error_code = a.errorCode;
      if (a.upstreamStatus !== undefined) out.upstream_status = a.upstreamStatus;
      if (a.startMs !== undefined) out.start_ms = a.startMs;
      return out;
    });
  }
  // One clean attempt is not stored (the row says it all): rebuild it for the waterfall.
  if (row.provider === null || row.attempts === 0) return [];
  const attempt: RequestAttempt = {
    provider: row.provider,
    model: row.model_served ?? row.model_requested,
    reason: 'first',
    outcome: 'ok',
    ms: row.upstream_ttfb_ms ?? Math.max(0, row.total_ms - row.gateway_ms),
  };
  if (row.region !== null) attempt.region = row.region;
  return [attempt];
}

/** A row as the detail of one request. */
export function toDetail(row: RequestLogRow): RequestDetail {
  return {
    ...toSummary(row),
    provider_type: row.provider_type,
    finish_reason: row.finish_reason,
    cached_input_tokens: row.cached_input_tokens,
    cache_write_tokens: row.cache_write_tokens,
    reasoning_tokens: row.reasoning_tokens,
    usage_estimated: row.usage_estimated === 1,
    region: row.region,
    route_reason: row.route_reason,
    attempt_log: attemptsOf(row),
    phases: parseObject<Record<string, number>>(row.phases),
    trace_id: row.trace_id,
    request_body: parseJson(row.request_body),
    response_body: parseJson(row.response_body),
  };
}
