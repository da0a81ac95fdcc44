/**
 * GatewayError: every error the gateway returns, with a stable machine code and an HTTP status.
 * Ingress encoders render it in the caller's own API format; nothing else reaches the wire.
 */

/** Stable error codes. Clients may match on these; never rename one. */
export type ErrorCode =
  | 'invalid_json'
  | 'invalid_request'
  | 'invalid_utf8'
  | 'invalid_image'
  | 'unsupported_parameter'
  | 'unsupported_media_type'
  | 'body_too_large'
  | 'model_not_found'
  | 'response_not_found'
  | 'prompt_not_found'
  | 'prompt_version_not_found'
  | 'prompt_variable_missing'
  | 'prompt_variable_invalid'
  | 'prompt_variable_unknown'
  | 'route_not_found'
  | 'method_not_allowed'
  | 'authentication_failed'
  | 'permission_denied'
  | 'rate_limited'
  | 'budget_exceeded'
  | 'budget_unavailable'
  | 'rate_limit_unavailable'
  | 'price_unknown'
  | 'deadline_exceeded'
  | 'upstream_error'
  | 'upstream_bad_request'
  | 'upstream_authentication'
  | 'upstream_permission'
  | 'upstream_not_found'
  | 'upstream_rate_limited'
  | 'upstream_overloaded'
  | 'upstream_timeout'
  | 'upstream_unavailable'
  | 'upstream_invalid_response'
  | 'upstream_response_too_large'
  | 'content_filtered'
  | 'guardrail_blocked'
  | 'guardrail_unavailable'
  | 'client_closed'
  | 'internal_error';

/** Options for a GatewayError beyond code, status and message. */
export interface GatewayErrorOptions {
  /** The request parameter at fault, e.g. "messages[2].content". */
  param?: string;
  /** Seconds the client should wait, sent as retry-after. */
  retryAfterSeconds?: number;
  /** The provider id when the error came from (or concerns) a provider. */
  provider?: string;
  /** The upstream HTTP status, when the error came from a provider. */
  upstreamStatus?: number;
  /** The upstream's own error type string (e.g. "overloaded_error"), kept for logs. */
  upstreamType?: string;
  cause?: unknown;
}

/** An error with a stable code and the HTTP status to answer with. */
export class GatewayError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly param?: string;
  readonly retryAfterSeconds?: number;
  readonly provider?: string;
  readonly upstreamStatus?: number;
  readonly upstreamType?: string;

  constructor(code: ErrorCode, status: number, message: string, options: GatewayErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GatewayError';
    this.code = code;
    this.status = status;
    this.param = options.param;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.provider = options.provider;
    this.upstreamStatus = options.upstreamStatus;
    this.upstreamType = options.upstreamType;
  }
}

/** A 400 invalid_request naming the parameter at fault. */
export function invalidRequest(message: string, param?: string): GatewayError {
  return new GatewayError('invalid_request', 400, message, { param });
}

/** A 400 for a parameter the target provider cannot honour. */
export function unsupportedParameter(param: string, provider: string, why = 'is not supported'): GatewayError {
  return new GatewayError('unsupported_parameter', 400, `Parameter '${param}' ${why} by provider '${provider}'.`, {
    param,
    provider,
  });
}

/**
 * A 502 for an upstream response (a body, one stream event, a token reply) past a byte cap. The
 * message names the provider, the limit and how to raise it, so an operator can act on it alone.
 */
export function upstreamResponseTooLarge(provider: string | undefined, what: string, limitBytes: number, raise: string): GatewayError {
  const who = provider === undefined ? 'The provider' : `Provider '${provider}'`;
  return new GatewayError('upstream_response_too_large', 502, `${who} sent ${what} larger than the limit of ${formatBytes(limitBytes)}; ${raise}.`, {
    provider,
  });
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB (${bytes} bytes)`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB (${bytes} bytes)`;
  return `${bytes} bytes`;
}

/**
 * Maps an upstream HTTP status to our code and the status we answer with. The class of status
 * is kept (429 stays 429); Anthropic's 529 "overloaded" becomes 503, which every client knows.
 */
export function upstreamStatusToError(status: number): { code: ErrorCode; status: number } {
  if (status === 400 || status === 422) return { code: 'upstream_bad_request', status: 400 };
  if (status === 401) return { code: 'upstream_authentication', status: 401 };
  if (status === 403) return { code: 'upstream_permission', status: 403 };
  if (status === 404) return { code: 'upstream_not_found', status: 404 };
  if (status === 408 || status === 504) return { code: 'upstream_timeout', status: 504 };
  if (status === 413) return { code: 'upstream_bad_request', status: 413 };
  if (status === 429) return { code: 'upstream_rate_limited', status: 429 };
  if (status === 529) return { code: 'upstream_overloaded', status: 503 };
  if (status === 503) return { code: 'upstream_unavailable', status: 503 };
  if (status >= 400 && status < 500) return { code: 'upstream_bad_request', status };
  if (status === 500 || status === 502) return { code: 'upstream_error', status };
  return { code: 'upstream_error', status: 502 };
}

/** Wraps anything thrown into a GatewayError without leaking internals to the client. */
export function toGatewayError(err: unknown): GatewayError {
  if (err instanceof GatewayError) return err;
  return new GatewayError('internal_error', 500, 'Internal gateway error.', { cause: err });
}
