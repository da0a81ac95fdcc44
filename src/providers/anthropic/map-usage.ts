/** Anthropic usage → canonical Usage. */
import type { Usage } from '../../core/types.js';
import { asNumber, asObject } from '../spec/json.js';

/**
 * Converts an Anthropic usage object. Anthropic's input_tokens counts only the uncached
 * remainder, so cache reads and writes are added back to reach the canonical total.
 */
export function mapUsage(value: unknown): Usage {
  const u = asObject(value) ?? {};
  const uncached = asNumber(u.input_tokens) ?? 0;
  const cacheRead = asNumber(u.cache_read_input_tokens) ?? 0;
  const cacheWrite = asNumber(u.cache_creation_input_tokens) ?? 0;
  const usage: Usage = {
    inputTokens: uncached + cacheRead + cacheWrite,
    outputTokens: asNumber(u.output_tokens) ?? 0,
  };
  if (cacheRead > 0) usage.cachedInputTokens = cacheRead;
  if (cacheWrite > 0) usage.cacheWriteTokens = cacheWrite;
  const thinking = asNumber(asObject(u.output_tokens_details)?.thinking_tokens);
  if (thinking !== undefined && thinking > 0) usage.reasoningTokens = thinking;
  return usage;
}
