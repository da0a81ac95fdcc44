/** The tables as Kysely sees them: one shape for SQLite and PostgreSQL (the migrations create it). */

/** `request_log`: one row per request (observability/request-record.ts), written in batches. */
export interface RequestLogTable {
  id: string;
  /** ms since the epoch. */
  time: number;
  operation: string;
  ingress: string;
  /** 0 or 1, the same integer on both dialects. */
  stream: number;
  model_requested: string;
  provider: string | null;
  provider_type: string | null;
  model_served: string | null;
  status: number;
  error_code: string | null;
  finish_reason: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
  cached_input_tokens: number | null;
  cache_write_tokens: number | null;
  reasoning_tokens: number | null;
  cost_usd: number | null;
  attempts: number;
  gateway_ms: number;
  upstream_ttfb_ms: number | null;
  ttft_ms: number | null;
  total_ms: number;
}

/** `responses`: the Responses API's stored conversation state, keyed by (tenant, id). */
export interface ResponsesTable {
  tenant: string;
  id: string;
  /** ms since the epoch. */
  created_at: number;
  /** ms since the epoch; null keeps the row until it is deleted. */
  expires_at: number | null;
  model: string;
  previous_response_id: string | null;
  /** JSON text: this turn's input items. */
  input: string;
  /** JSON text: the response object as returned to the client. */
  response: string;
}

/** Every table. */
export interface StorageSchema {
  request_log: RequestLogTable;
  responses: ResponsesTable;
}
