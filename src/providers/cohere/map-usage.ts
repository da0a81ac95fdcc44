/** Cohere usage (chat `usage`, embed `meta`) → canonical Usage. */
import type { Usage } from '../../core/types.js';
import { asNumber, asObject } from '../spec/json.js';

/**
 * Prefers `tokens` (what the model processed, prompt template included, i.e. context use) and
 * falls back to `billed_units`. `cached_tokens` are prompt tokens that hit Cohere's cache, a
 * subset of the input.
 */
export function mapCohereUsage(raw: unknown): Usage {
  const usage = asObject(raw);
  const tokens = asObject(usage?.tokens);
  const billed = asObject(usage?.billed_units);
  const inputTokens = asNumber(tokens?.input_tokens) ?? asNumber(billed?.input_tokens) ?? 0;
  const outputTokens = asNumber(tokens?.output_tokens) ?? asNumber(billed?.output_tokens) ?? 0;
  const out: Usage = { inputTokens, outputTokens };
  const cached = asNumber(usage?.cached_tokens);
  if (cached) out.cachedInputTokens = Math.min(cached, inputTokens);
  return out;
}
