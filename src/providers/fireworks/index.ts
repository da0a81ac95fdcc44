/**
 * Fireworks AI (api.fireworks.ai/inference/v1). Differences from OpenAI: max_tokens, extra top_k,
 * usage in the final stream chunk without stream_options, and a silently shortened max_tokens
 * past the context window unless `context_length_exceeded_behavior: "error"` is sent — which we
 * always send, so an over-long request fails as it would at OpenAI.
 */
import { dialectOf, WITHOUT_OPENAI_OPTIONS } from '../spec/openai-compatible/dialect.js';
import { createOpenAICompatibleProvider, FULL_CAPABILITIES } from '../spec/openai-compatible/preset.js';

/** How Fireworks' Chat Completions differ from OpenAI's. */
export const FIREWORKS_DIALECT = dialectOf({
  maxTokensField: 'max_tokens',
  streamUsageOption: false,
  developerRole: false,
  supports: { topK: true, ...WITHOUT_OPENAI_OPTIONS },
  extraBody: { context_length_exceeded_behavior: 'error' },
});

/** The `fireworks` provider type. */
export const fireworksProvider = createOpenAICompatibleProvider({
  type: 'fireworks',
  displayName: 'Fireworks AI',
  defaultBaseUrl: 'https://api.fireworks.ai/inference/v1',
  requiredSettings: ['apiKey'],
  dialect: FIREWORKS_DIALECT,
  capabilities: FULL_CAPABILITIES,
});
