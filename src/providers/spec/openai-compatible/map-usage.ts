/** OpenAI usage object → canonical Usage. */
import type { Usage } from '../../../core/types.js';
import { asNumber, asObject } from '../json.js';

/** Reads prompt/completion tokens and their cached/reasoning details. */
export function mapOpenAIUsage(raw: unknown): Usage | undefined {
  const usage = asObject(raw);
  if (!usage) return undefined;
  const out: Usage = {
    inputTokens: asNumber(usage.prompt_tokens) ?? 0,
    outputTokens: asNumber(usage.completion_tokens) ?? 0,
  };
  const promptDetails = asObject(usage.prompt_tokens_details);
  // DeepSeek reports prompt_cache_hit_tokens instead of the details object.
  const cached = asNumber(promptDetails?.cached_tokens) ?? asNumber(usage.prompt_cache_hit_tokens);
  if (cached) out.cachedInputTokens = cached;
  const cacheWrite = asNumber(promptDetails?.cache_write_tokens);
  if (cacheWrite) out.cacheWriteTokens = cacheWrite;
  const reasoning = asNumber(asObject(usage.completion_tokens_details)?.reasoning_tokens);
  if (reasoning) out.reasoningTokens = reasoning;
  return out;
}
