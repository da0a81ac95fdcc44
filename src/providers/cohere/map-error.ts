/** Cohere error responses ({id?, message}) → UpstreamErrorInfo, and Cohere's odd statuses. */
import { asObject, asString, tryParseJson } from '../spec/json.js';
import type { UpstreamErrorInfo } from '../spec/provider.js';
import { retryAfterFromHeaders } from '../spec/retry-after.js';

/** Names for the statuses Cohere documents, kept as the error type for logs (the body has none). */
const STATUS_TYPES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  402: 'payment_required',
  403: 'forbidden',
  404: 'not_found',
  422: 'unprocessable_entity',
  429: 'too_many_requests',
  498: 'invalid_token',
  499: 'client_closed_request',
  500: 'internal_server_error',
  501: 'not_implemented',
  503: 'service_unavailable',
  504: 'gateway_timeout',
};

/**
 * The standard status to treat a Cohere status as: 498 (invalid token) is an authentication
 * failure, i.e. 401; everything else keeps its value.
 */
export function normalizeCohereStatus(status: number): number {
  return status === 498 ? 401 : status;
}

/** Reads `message` from Cohere's error body, and the retry delay from retry-after headers. */
export function decodeCohereError(status: number, headers: Record<string, string>, bodyText: string): UpstreamErrorInfo {
  const body = asObject(tryParseJson(bodyText));
  const message = asString(body?.message) ?? (bodyText.trim().slice(0, 500) || `Cohere returned HTTP ${status}.`);
  const info: UpstreamErrorInfo = { message };
  const type = STATUS_TYPES[status];
  if (type) info.type = type;
  const retryAfter = retryAfterFromHeaders(headers);
  if (retryAfter !== undefined) info.retryAfterSeconds = retryAfter;
  if (normalizeCohereStatus(status) !== status) info.status = normalizeCohereStatus(status);
  return info;
}
