/**
 * LM Studio's OpenAI-compatible server (localhost:1234/v1). Differences from OpenAI: no key by
 * default; max_tokens; extra top_k; structured output only as json_schema (no json_object mode).
 * Reasoning output is read from reasoning and reasoning_content.
 */
import { dialectOf, WITHOUT_OPENAI_OPTIONS } from '../spec/openai-compatible/dialect.js';
import { createOpenAICompatibleProvider, FULL_CAPABILITIES } from '../spec/openai-compatible/preset.js';

/** How LM Studio's Chat Completions differ from OpenAI's. */
export const LMSTUDIO_DIALECT = dialectOf({
  maxTokensField: 'max_tokens',
  developerRole: false,
  // LM Studio documents logit_bias among its parameters, but not logprobs.
  supports: { topK: true, jsonObject: false, logprobs: false, ...WITHOUT_OPENAI_OPTIONS },
});

/** The `lmstudio` provider type. */
export const lmstudioProvider = createOpenAICompatibleProvider({
  type: 'lmstudio',
  displayName: 'LM Studio',
  defaultBaseUrl: 'http://localhost:1234/v1',
  requiredSettings: [],
  dialect: LMSTUDIO_DIALECT,
  capabilities: { ...FULL_CAPABILITIES, jsonObject: false },
});
