/**
 * Google's error body (google.rpc.Status as JSON) → UpstreamErrorInfo / GatewayError. Google
 * sends no rate-limit headers; the wait comes from a RetryInfo detail (`"retryDelay": "37s"`).
 */
import { GatewayError, upstreamStatusToError } from '../../core/errors.js';
import { asArray, asNumber, asObject, asString, tryParseJson } from '../spec/json.js';
import type { UpstreamErrorInfo } from '../spec/provider.js';
import { retryAfterFromHeaders, secondsFromDuration } from '../spec/retry-after.js';

const RETRY_INFO = 'type.googleapis.com/google.rpc.RetryInfo';

/** The `error` object of a Google error body; streamed (non-SSE) errors come wrapped in an array. */
export function googleErrorObject(body: unknown): Record<string, unknown> | undefined {
  const root = asObject(Array.isArray(body) ? body[0] : body);
  return asObject(root?.error);
}

/** The retry delay in seconds from a RetryInfo detail, if any. */
export function retryDelayFromDetails(details: unknown): number | undefined {
  for (const detail of asArray(details)) {
    const d = asObject(detail);
    if (d?.['@type'] === RETRY_INFO) return secondsFromDuration(d.retryDelay);
  }
  return undefined;
}

/** Decodes an upstream error response (any status) into message, type and retry delay. */
export function decodeGeminiError(status: number, headers: Record<string, string>, bodyText: string): UpstreamErrorInfo {
  const error = googleErrorObject(tryParseJson(bodyText));
  const info: UpstreamErrorInfo = {
    message: asString(error?.message) ?? (bodyText.trim().slice(0, 500) || `Gemini returned HTTP ${status}.`),
  };
  const type = asString(error?.status);
  if (type) info.type = type;
  const retry = retryDelayFromDetails(error?.details) ?? retryAfterFromHeaders(headers);
  if (retry !== undefined) info.retryAfterSeconds = retry;
  return info;
}

/** A GatewayError for an error object that arrived inside a 200 stream. */
export function streamError(error: Record<string, unknown>, provider: string): GatewayError {
  const status = asNumber(error.code) ?? 500;
  const mapped = upstreamStatusToError(status >= 400 ? status : 500);
  return new GatewayError(mapped.code, mapped.status, asString(error.message) ?? 'Gemini reported an error mid-stream.', {
    provider,
    upstreamStatus: status,
    upstreamType: asString(error.status),
    retryAfterSeconds: retryDelayFromDetails(error.details),
  });
}
