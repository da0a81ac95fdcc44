/** OpenAI-style error bodies → UpstreamErrorInfo. */
import { asObject, asString, tryParseJson } from '../json.js';
import type { UpstreamErrorInfo } from '../provider.js';
import { retryAfterFromHeaders } from '../retry-after.js';

/**
 * Reads {"error":{"message","type","code"}} and the looser shapes compatible servers send
 * ({"error":"text"}, {"message"}, {"detail"}). The message is the provider's own text.
 */
export function decodeOpenAIError(status: number, headers: Record<string, string>, bodyText: string): UpstreamErrorInfo {
  const body = asObject(tryParseJson(bodyText));
  const error = asObject(body?.error);
  const message =
    asString(error?.message) ??
    asString(body?.error) ??
    asString(body?.message) ??
    asString(body?.detail) ??
    (bodyText.length > 0 && bodyText.length < 500 ? bodyText : `HTTP ${status}`);
  const info: UpstreamErrorInfo = { message };
  const type = asString(error?.code) ?? asString(error?.type);
  if (type) info.type = type;
  const retryAfter = retryAfterFromHeaders(headers);
  if (retryAfter !== undefined) info.retryAfterSeconds = retryAfter;
  return info;
}
