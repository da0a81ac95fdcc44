/** Converse TokenUsage → canonical Usage. */
import type { Usage } from '../../core/types.js';
import { asNumber, asObject } from '../spec/json.js';

/**
 * Converse's inputTokens counts only the uncached part of the prompt (the prompt-caching docs:
 * total input = inputTokens + cacheReadInputTokens + cacheWriteInputTokens), while canonical
 * inputTokens includes both cache kinds. outputTokens already includes thinking tokens.
 */
export function mapUsage(raw: unknown): Usage | undefined {
  const usage = asObject(raw);
  if (!usage) return undefined;
  const input = asNumber(usage.inputTokens) ?? 0;
  const cacheRead = asNumber(usage.cacheReadInputTokens) ?? 0;
  const cacheWrite = asNumber(usage.cacheWriteInputTokens) ?? 0;
  const out: Usage = { inputTokens: input + cacheRead + cacheWrite, outputTokens: asNumber(usage.outputTokens) ?? 0 };
  if (cacheRead > 0) out.cachedInputTokens = cacheRead;
  if (cacheWrite > 0) out.cacheWriteTokens = cacheWrite;
  return out;
}
