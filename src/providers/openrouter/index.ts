/**
 * OpenRouter (openrouter.ai/api/v1). Differences from OpenAI: usage always arrives in the last
 * stream message (stream_options is deprecated there), reasoning is requested with a `reasoning`
 * object (effort or max_tokens) and returned as `reasoning`, extra top_k, and mid-stream errors
 * arrive as data events with an `error` field. Attribution headers (HTTP-Referer, X-Title) go in
 * the provider's `headers` setting.
 */
import type { ChatRequest, ReasoningEffort } from '../../core/types.js';
import { dialectOf, WITHOUT_OPENAI_OPTIONS } from '../spec/openai-compatible/dialect.js';
import { createOpenAICompatibleProvider, FULL_CAPABILITIES } from '../spec/openai-compatible/preset.js';

/** An explicit token budget is passed as is; otherwise the effort level. */
function openrouterReasoning(effort: ReasoningEffort, request: ChatRequest): Record<string, unknown> {
  const budget = request.reasoning?.budgetTokens;
  if (budget !== undefined && budget > 0) return { reasoning: { max_tokens: budget } };
  return { reasoning: { effort } };
}

/** How OpenRouter's Chat Completions differ from OpenAI's. */
export const OPENROUTER_DIALECT = dialectOf({
  maxTokensField: 'max_tokens',
  streamUsageOption: false,
  developerRole: false,
  supports: { topK: true, ...WITHOUT_OPENAI_OPTIONS },
  encodeReasoning: openrouterReasoning,
});

/** The `openrouter` provider type. */
export const openrouterProvider = createOpenAICompatibleProvider({
  type: 'openrouter',
  displayName: 'OpenRouter',
  defaultBaseUrl: 'https://openrouter.ai/api/v1',
  requiredSettings: ['apiKey'],
  dialect: OPENROUTER_DIALECT,
  capabilities: { ...FULL_CAPABILITIES, embeddings: false },
});
