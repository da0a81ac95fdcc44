/** GatewayError → OpenAI error response ({"error":{message,type,param,code}}). */
import type { GatewayError } from '../../core/errors.js';
import type { EncodedError } from '../ingress.js';

function openaiType(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  // OpenAI says insufficient_quota when a spend limit is reached; the gateway's caps answer 402.
  if (status === 402) return 'insufficient_quota';
  if (status === 429) return 'rate_limit_error';
  if (status >= 500) return 'api_error';
  return 'invalid_request_error';
}

/** The error body; `code` is our stable error code. */
export function encodeOpenAIErrorBody(error: GatewayError) {
  return { error: { message: error.message, type: openaiType(error.status), param: error.param ?? null, code: error.code } };
}

/** Status, headers (retry-after) and body for an OpenAI client. */
export function encodeOpenAIError(error: GatewayError): EncodedError {
  const headers: Record<string, string> = {};
  if (error.retryAfterSeconds !== undefined) headers['retry-after'] = String(error.retryAfterSeconds);
  return { status: error.status, headers, body: encodeOpenAIErrorBody(error) };
}
