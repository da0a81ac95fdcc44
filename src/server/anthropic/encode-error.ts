/** GatewayError → Anthropic's error shape, over HTTP and as an SSE `error` event. */
import type { GatewayError } from '../../core/errors.js';
import type { EncodedError } from '../ingress.js';

/** Anthropic's error.type for an HTTP status. */
export function errorTypeFor(status: number): string {
  switch (status) {
    case 400:
      return 'invalid_request_error';
    case 401:
      return 'authentication_error';
    case 402:
      return 'billing_error';
    case 403:
      return 'permission_error';
    case 404:
      return 'not_found_error';
    case 413:
      return 'request_too_large';
    case 429:
      return 'rate_limit_error';
    case 503:
    case 529:
      return 'overloaded_error';
    case 504:
      return 'timeout_error';
    default:
      return status >= 500 ? 'api_error' : 'invalid_request_error';
  }
}

/**
 * The body. Anthropic's error object is open (it already carries extras such as
 * details.error_code), so the gateway's stable code rides along as error.code, and the
 * offending parameter as error.param; the Anthropic SDK exposes both on APIError.error.
 */
export function errorBody(error: GatewayError): Record<string, unknown> {
  const inner: Record<string, unknown> = { type: errorTypeFor(error.status), message: error.message, code: error.code };
  if (error.param !== undefined) inner.param = error.param;
  return { type: 'error', error: inner };
}

/** The HTTP form, with retry-after when the error carries a delay. */
export function encodeError(error: GatewayError): EncodedError {
  const headers: Record<string, string> = {};
  if (error.retryAfterSeconds !== undefined) headers['retry-after'] = String(Math.max(0, Math.ceil(error.retryAfterSeconds)));
  return { status: error.status, headers, body: errorBody(error) };
}

/** The mid-stream form: after a 200 the only channel left is an `error` event. */
export function encodeStreamError(error: GatewayError): string {
  return `event: error\ndata: ${JSON.stringify(errorBody(error))}\n\n`;
}
