/** Gemini usageMetadata → canonical Usage. */
import type { Usage } from '../../core/types.js';
import { asNumber, asObject } from '../spec/json.js';

/**
 * promptTokenCount already includes cached tokens (plus server-side tool results counted
 * apart); thoughtsTokenCount is outside candidatesTokenCount, so it is added to output.
 */
export function mapUsage(metadata: unknown): Usage | undefined {
  const meta = asObject(metadata);
  if (!meta) return undefined;
  const prompt = asNumber(meta.promptTokenCount);
  const candidates = asNumber(meta.candidatesTokenCount);
  const thoughts = asNumber(meta.thoughtsTokenCount) ?? 0;
  if (prompt === undefined && candidates === undefined) return undefined;
  const usage: Usage = {
    inputTokens: (prompt ?? 0) + (asNumber(meta.toolUsePromptTokenCount) ?? 0),
    outputTokens: (candidates ?? 0) + thoughts,
  };
  const cached = asNumber(meta.cachedContentTokenCount);
  if (cached) usage.cachedInputTokens = cached;
  if (thoughts) usage.reasoningTokens = thoughts;
  return usage;
}
