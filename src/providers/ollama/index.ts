/**
 * Ollama's OpenAI-compatible API (localhost:11434/v1). Differences from OpenAI: no key needed;
 * max_tokens; tool_choice, user and parallel_tool_calls are not supported; images only as base64
 * data URLs (the gateway inlines remote images first); reasoning comes back as `reasoning`.
 */
import type { ReasoningEffort } from '../../core/types.js';
import { dialectOf, WITHOUT_OPENAI_OPTIONS } from '../spec/openai-compatible/dialect.js';
import { createOpenAICompatibleProvider, FULL_CAPABILITIES } from '../spec/openai-compatible/preset.js';

/** Ollama takes high|medium|low|max|none; 'minimal' becomes 'low'. */
function ollamaReasoning(effort: ReasoningEffort): Record<string, unknown> {
  return { reasoning_effort: effort === 'minimal' ? 'low' : effort };
}

/** How Ollama's /v1 Chat Completions differ from OpenAI's. */
export const OLLAMA_DIALECT = dialectOf({
  maxTokensField: 'max_tokens',
  developerRole: false,
  // Ollama's compatibility page lists logit_bias and logprobs as not supported.
  supports: { toolChoice: false, user: false, parallelToolCalls: false, logprobs: false, logitBias: false, ...WITHOUT_OPENAI_OPTIONS },
  encodeReasoning: ollamaReasoning,
});

/** The `ollama` provider type. */
export const ollamaProvider = createOpenAICompatibleProvider({
  type: 'ollama',
  displayName: 'Ollama',
  defaultBaseUrl: 'http://localhost:11434/v1',
  requiredSettings: [],
  dialect: OLLAMA_DIALECT,
  capabilities: { ...FULL_CAPABILITIES, images: 'inline' },
});
