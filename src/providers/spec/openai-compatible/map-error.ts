/** OpenAI-style error bodies → UpstreamErrorInfo. */
import { asArray, asObject, asString, tryParseJson } from '../json.js';
import type { UpstreamErrorInfo } from '../provider.js';
import { retryAfterFromHeaders } from '../retry-after.js';

/** FastAPI validation details (Mistral's 422, vLLM) as one line: "body.seed: Extra inputs are not permitted". */
function validationDetail(detail: unknown): string | undefined {
  const items = asArray(detail);
  if (items.length === 0) return undefined;
  const lines = items.map((raw) => {
    const item = asObject(raw);
    const loc = asArray(item?.loc)
      .map((part) => String(part))
      .join('.');
    const msg = asString(item?.msg) ?? 'invalid';
    return loc ? `${loc}: ${msg}` : msg;
  });
  return lines.join('; ');
}

/**
 * Reads {"error":{"message","type","code"}} and the looser shapes compatible servers send
 * ({"error":"text"}, flat {"object":"error","message","type"}, {"detail"} as text or as FastAPI
 * validation items, also nested as {"message":{"detail":[...]}}). The message is the provider's own text.
 */
export function decodeOpenAIError(status: number, headers: Record<string, string>, bodyText: string): UpstreamErrorInfo {
  const body = asObject(tryParseJson(bodyText));
  const error = asObject(body?.error);
  const message =
    asString(error?.message) ??
    asString(body?.error) ??
    asString(body?.message) ??
    asString(body?.detail) ??
    validationDetail(body?.detail) ??
    validationDetail(asObject(body?.message)?.detail) ??
    (bodyText.length > 0 && bodyText.length < 500 ? bodyText : `HTTP ${status}`);
  const info: UpstreamErrorInfo = { message };
  const type = asString(error?.code) ?? asString(error?.type) ?? asString(body?.type);
  if (type) info.type = type;
  const retryAfter = retryAfterFromHeaders(headers);
  if (retryAfter !== undefined) info.retryAfterSeconds = retryAfter;
  return info;
}
