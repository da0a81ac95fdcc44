/** OpenAI Responses usage object → canonical Usage. */
import type { Usage } from '../../../core/types.js';
import { asNumber, asObject } from '../json.js';

/** Reads input/output tokens and their cached, cache-write and reasoning details. */
export function mapResponsesUsage(raw: unknown): Usage | undefined {
  const usage = asObject(raw);
  if (!usage) return undefined;
  const out: Usage = { inputTokens: asNumber(usage.input_tokens) ?? 0, outputTokens: asNumber(usage.output_tokens) ?? 0 };
  const input = asObject(usage.input_tokens_details);
  const cached = asNumber(input?.cached_tokens);
  if (cached) out.cachedInputTokens = cached;
  const cacheWrite = asNumber(input?.cache_write_tokens);
  if (cacheWrite) out.cacheWriteTokens = cacheWrite;
  const reasoning = asNumber(asObject(usage.output_tokens_details)?.reasoning_tokens);
  if (reasoning) out.reasoningTokens = reasoning;
  return out;
}
