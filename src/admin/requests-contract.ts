/**
 * The request log's shapes in the admin API (issue 9): GET /admin/v1/requests (search),
 * GET /admin/v1/requests/{id} (detail) and GET /admin/v1/overview (the dashboard's time series).
 * The dashboard (web/) reads these types; the routes and the stores implement them. Times are
 * ms since the epoch; money is USD; durations are ms.
 */

/** What the response cache did for a request, as the request log keeps it (null: no cache applied). */
export const CACHE_RESULTS = ['hit', 'semantic-hit', 'miss', 'bypass'] as const;
/** One of CACHE_RESULTS. */
export type CacheResult = (typeof CACHE_RESULTS)[number];

/** The guardrail outcomes the search filters by (`pass` is not one: a filter finds what a guard did). */
export const GUARDRAIL_FILTER_OUTCOMES = ['blocked', 'redacted', 'flagged', 'error'] as const;
/** One of GUARDRAIL_FILTER_OUTCOMES. */
export type GuardrailFilterOutcome = (typeof GUARDRAIL_FILTER_OUTCOMES)[number];

/** What one guard concluded about one stage of a request: counts and scores, never the matched text. */
export interface RequestGuardrailVerdict {
  guard: string;
  stage: 'input' | 'output';
  outcome: 'pass' | GuardrailFilterOutcome;
  /** Findings by entity type or category (EMAIL: 2). */
  findings?: Record<string, number>;
  /** The highest classifier score seen. */
  score?: number;
  /** What failed (a timeout, an HTTP status), never request content. */
  error?: string;
  /** ms the guard took. */
  ms?: number;
}

/** Query of GET /admin/v1/requests; every filter optional, all of them ANDed. */
export interface RequestSearchQuery {
  /** Inclusive lower bound on the start time (ms since epoch or an ISO date). */
  from?: number;
  /** Exclusive upper bound. */
  to?: number;
  team?: string;
  project?: string;
  key?: string;
  /** The end user (OpenAI's `user`, or x-switchboard-user). */
  user?: string;
  /** The model asked for (alias) or served. */
  model?: string;
  provider?: string;
  /** An HTTP status, or a class: 2xx, 4xx, 5xx. */
  status?: string;
  error_code?: string;
  /** What the response cache did (exactly: `hit` does not match `semantic-hit`). */
  cache?: CacheResult;
  /** A guard's name: requests where it did something (any verdict but pass). */
  guardrail?: string;
  /** Requests where a guard (the `guardrail` one, when given) came to this outcome. */
  guardrail_outcome?: GuardrailFilterOutcome;
  /** Requests that called this stored prompt (its id). */
  prompt?: string;
  /** Requests that called this prompt version. */
  prompt_version?: number;
  /** Free text, matched (case-insensitively) inside the metadata's keys and values. */
  q?: string;
  /** 1..200, default 50. */
  limit?: number;
  /** The `next_cursor` of the previous page. */
  cursor?: string;
}

/** One row of the search (the list view: numbers, not bodies). */
export interface RequestSummary {
  id: string;
  time: number;
  operation: string;
  ingress: string;
  stream: boolean;
  model_requested: string;
  model_served: string | null;
  provider: string | null;
  status: number;
  error_code: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
  cost_usd: number | null;
  total_ms: number;
  ttft_ms: number | null;
  /** Time in the gateway itself (total minus upstream). */
  gateway_ms: number;
  /** Upstream time to response headers. */
  upstream_ttfb_ms: number | null;
  attempts: number;
  team_id: string | null;
  project_id: string | null;
  key_id: string | null;
  end_user: string | null;
  metadata: Record<string, string> | null;
  /** What the response cache did; null when no cache applied. */
  cache: CacheResult | null;
  /** A cache hit: the upstream cost it saved. */
  cost_saved_usd: number | null;
  /** What each guardrail concluded, in order; null when no guard applied. */
  guardrails: RequestGuardrailVerdict[] | null;
}

/** GET /admin/v1/requests: newest first; `next_cursor` is null on the last page. */
export interface RequestSearchPage {
  data: RequestSummary[];
  next_cursor: string | null;
}

/** One attempt in the detail (the waterfall). */
export interface RequestAttempt {
  provider: string;
  model: string;
  region?: string;
  reason?: string;
  outcome: 'ok' | 'error' | 'cancelled';
  error_code?: string;
  upstream_status?: number;
  /** ms from the request's start to the attempt's start, when known. */
  start_ms?: number;
  ms: number;
}

/** GET /admin/v1/requests/{id}: everything recorded about one request. */
export interface RequestDetail extends RequestSummary {
  provider_type: string | null;
  finish_reason: string | null;
  cached_input_tokens: number | null;
  cache_write_tokens: number | null;
  reasoning_tokens: number | null;
  usage_estimated: boolean;
  gateway_ms: number;
  upstream_ttfb_ms: number | null;
  region: string | null;
  route_reason: string | null;
  attempt_log: RequestAttempt[];
  /** ms per phase, in the order they ran. */
  phases: Record<string, number> | null;
  trace_id: string | null;
  /** Present only when bodies were kept (request_log.bodies full), already redacted. */
  request_body: unknown;
  response_body: unknown;
  /** Guardrail and cache outcomes, when those features record them. */
  outcomes?: Record<string, unknown>;
}

/** Query of GET /admin/v1/overview. */
export interface OverviewQuery {
  from?: number;
  to?: number;
  /** Bucket width: minute, hour or day (default: chosen from the range, at most ~200 buckets). */
  bucket?: 'minute' | 'hour' | 'day';
  /** Also split spend, tokens and requests by this dimension (top 8 and "other"). */
  by?: 'team' | 'model' | 'provider';
  team?: string;
}

/** One bucket of the overview. */
export interface OverviewBucket {
  /** Bucket start, ms since epoch. */
  start: number;
  requests: number;
  errors: number;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
  /** Requests the response cache answered (exact and semantic hits). */
  cache_hits: number;
  /** Upstream cost those hits saved. */
  saved_usd: number;
  p50_ms: number | null;
  p95_ms: number | null;
  p50_ttft_ms: number | null;
  p95_ttft_ms: number | null;
}

/** GET /admin/v1/overview: totals for the range, buckets over time, and the split by `by`. */
export interface Overview {
  from: number;
  to: number;
  bucket: 'minute' | 'hour' | 'day';
  totals: Omit<OverviewBucket, 'start'>;
  buckets: OverviewBucket[];
  /** Present with `by`: per key (team id, model or provider), its totals and buckets. */
  split?: {
    key: string;
    requests: number;
    cost_usd: number;
    input_tokens: number;
    output_tokens: number;
    buckets: { start: number; requests: number; cost_usd: number }[];
  }[];
}
