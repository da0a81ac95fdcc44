/**
 * Mistral La Plateforme (api.mistral.ai/v1). Differences from OpenAI: random_seed instead of seed,
 * tool_choice 'any' for 'required', max_tokens, no `user`, `top_k` or `name` on messages, no
 * developer role, no stream_options (usage comes on the final chunk), tool-call ids of exactly 9
 * alphanumerics, reasoning as `thinking` chunks inside an array content, finish reason
 * model_length, and 422 validation errors in FastAPI's {"detail":[...]} form.
 */
import { dialectOf, WITHOUT_OPENAI_OPTIONS } from '../spec/openai-compatible/dialect.js';
import { createOpenAICompatibleProvider, FULL_CAPABILITIES } from '../spec/openai-compatible/preset.js';
import { encodeMistralEmbeddingsBody } from './embeddings.js';
import { mistralToolCallId } from './tool-call-id.js';

/** How Mistral's Chat Completions differ from OpenAI's. */
export const MISTRAL_DIALECT = dialectOf({
  maxTokensField: 'max_tokens',
  streamUsageOption: false,
  developerRole: false,
  requiredToolChoice: 'any',
  seedField: 'random_seed',
  // Mistral's request model has prediction, metadata and prompt_cache_key, but no logprobs or logit_bias.
  supports: {
    user: false,
    messageName: false,
    logprobs: false,
    logitBias: false,
    ...WITHOUT_OPENAI_OPTIONS,
    prediction: true,
    metadata: true,
    promptCacheKey: true,
  },
  toolCallId: mistralToolCallId,
});

/** The `mistral` provider type. */
export const mistralProvider = createOpenAICompatibleProvider({
  type: 'mistral',
  displayName: 'Mistral AI',
  defaultBaseUrl: 'https://api.mistral.ai/v1',
  requiredSettings: ['apiKey'],
  dialect: MISTRAL_DIALECT,
  capabilities: FULL_CAPABILITIES,
  embeddingsBody: encodeMistralEmbeddingsBody,
});
