/**
 * Bedrock errors → UpstreamErrorInfo (HTTP errors) and GatewayError (exception frames in a
 * stream). HTTP errors name their shape in the x-amzn-ErrorType header (PascalCase, maybe with a
 * ":namespace" suffix); stream exceptions name it in :exception-type (camelCase).
 */
import { GatewayError, upstreamStatusToError } from '../../core/errors.js';
import { asObject, asString, tryParseJson } from '../spec/json.js';
import type { UpstreamErrorInfo } from '../spec/provider.js';
import { retryAfterFromHeaders } from '../spec/retry-after.js';

/** HTTP status of each modeled Bedrock Runtime error, plus the common front-end auth errors. */
export const BEDROCK_ERROR_STATUS: Readonly<Record<string, number>> = {
  ValidationException: 400,
  ServiceQuotaExceededException: 400,
  ConflictException: 400,
  AccessDeniedException: 403,
  UnrecognizedClientException: 403,
  InvalidSignatureException: 403,
  ExpiredTokenException: 403,
  MissingAuthenticationTokenException: 403,
  ResourceNotFoundException: 404,
  ModelTimeoutException: 408,
  ModelErrorException: 424,
  ModelStreamErrorException: 424,
  ThrottlingException: 429,
  ModelNotReadyException: 429,
  InternalServerException: 500,
  ServiceUnavailableException: 503,
};

/** Normalises an error type: drops a ":namespace" suffix or "ns#" prefix and capitalises. */
export function errorTypeName(raw: string): string {
  const name = raw.split(':')[0]!.split('#').pop()!.trim();
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** Reads {"message"} (or "Message") and the error type from x-amzn-errortype or the body's __type. */
export function decodeBedrockError(status: number, headers: Record<string, string>, bodyText: string): UpstreamErrorInfo {
  const body = asObject(tryParseJson(bodyText));
  const message = asString(body?.message) ?? asString(body?.Message) ?? (bodyText.length > 0 && bodyText.length < 500 ? bodyText : `HTTP ${status}`);
  const info: UpstreamErrorInfo = { message };
  const rawType = headers['x-amzn-errortype'] ?? asString(body?.__type) ?? asString(body?.code);
  if (rawType) info.type = errorTypeName(rawType);
  const retryAfter = retryAfterFromHeaders(headers);
  if (retryAfter !== undefined) info.retryAfterSeconds = retryAfter;
  return info;
}

/**
 * The GatewayError for an exception frame. Model failures (ModelStreamErrorException,
 * ModelErrorException: 424 upstream) are upstream errors to our caller, not bad requests.
 */
export function bedrockExceptionError(rawType: string | undefined, payload: string, providerId: string): GatewayError {
  const type = errorTypeName(rawType ?? 'InternalServerException');
  const body = asObject(tryParseJson(payload));
  const message = asString(body?.message) ?? asString(body?.Message) ?? (payload || `Bedrock reported ${type} mid-stream.`);
  const upstreamStatus = BEDROCK_ERROR_STATUS[type] ?? 502;
  const mapped = upstreamStatus === 424 ? { code: 'upstream_error' as const, status: 502 } : upstreamStatusToError(upstreamStatus);
  return new GatewayError(mapped.code, mapped.status, message, { provider: providerId, upstreamStatus, upstreamType: type });
}
