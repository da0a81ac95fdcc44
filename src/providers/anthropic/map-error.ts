/** Anthropic error bodies and SSE error events → error info and GatewayErrors. */
import { GatewayError, upstreamStatusToError } from '../../core/errors.js';
import type { UpstreamErrorInfo } from '../spec/provider.js';
import { asObject, asString, tryParseJson } from '../spec/json.js';
import { retryAfterFromHeaders } from '../spec/retry-after.js';

const STATUS_BY_TYPE: Record<string, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

/** The HTTP status Anthropic uses for an error type (mid-stream errors carry only the type). */
export function statusForErrorType(type: string | undefined): number {
  return (type && STATUS_BY_TYPE[type]) || 500;
}

/** Reads `{"type":"error","error":{"type","message"}}`; tolerates non-JSON bodies (413 from Cloudflare). */
export function readErrorBody(body: unknown): { type?: string; message?: string } {
  const error = asObject(asObject(body)?.error);
  return { type: asString(error?.type), message: asString(error?.message) };
}

/** Extracts message, type and retry delay from an Anthropic HTTP error response. */
export function decodeError(status: number, headers: Record<string, string>, bodyText: string): UpstreamErrorInfo {
  const lower: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) lower[key.toLowerCase()] = value;
  const { type, message } = readErrorBody(tryParseJson(bodyText));
  const snippet = bodyText.trim().slice(0, 200);
  const info: UpstreamErrorInfo = {
    message: message ?? (snippet || `Anthropic returned HTTP ${status}.`),
  };
  if (type) info.type = type;
  const retryAfter = retryAfterFromHeaders(lower);
  if (retryAfter !== undefined) info.retryAfterSeconds = retryAfter;
  return info;
}

/** Turns an SSE `error` event payload into the GatewayError the stream fails with. */
export function streamErrorToGatewayError(payload: unknown, providerId: string): GatewayError {
  const { type, message } = readErrorBody(payload);
  const upstreamStatus = statusForErrorType(type);
  const mapped = upstreamStatusToError(upstreamStatus);
  return new GatewayError(mapped.code, mapped.status, message ?? 'Anthropic stream reported an error.', {
    provider: providerId,
    upstreamStatus,
    upstreamType: type,
  });
}
