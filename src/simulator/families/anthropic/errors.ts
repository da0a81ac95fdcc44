/** Anthropic error bodies for the simulator: `{"type":"error","error":{type,message},"request_id"}`. */

/** A validation failure: status and Anthropic message. */
export interface AnthropicSimError {
  status: number;
  message: string;
}

/** A 400 invalid_request_error. */
export function invalid(message: string): AnthropicSimError {
  return { status: 400, message };
}

/** Anthropic's error type for an HTTP status (its errors page). */
export function errorType(status: number): string {
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
    case 504:
      return 'timeout_error';
    case 529:
      return 'overloaded_error';
    default:
      return status >= 500 ? 'api_error' : 'invalid_request_error';
  }
}

let counter = 0;

/** A fresh request id, as Anthropic sends in the request-id header and error bodies. */
export function newRequestId(): string {
  return `req_sim${(++counter).toString(36).padStart(8, '0')}`;
}

/** The error body for a status; 529 always reads "Overloaded" like the real API. */
export function anthropicErrorBody(status: number, message: string, requestId = newRequestId()): Record<string, unknown> {
  return {
    type: 'error',
    error: { type: errorType(status), message: status === 529 ? 'Overloaded' : message },
    request_id: requestId,
  };
}
