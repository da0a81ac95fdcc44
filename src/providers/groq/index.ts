/**
 * Groq (api.groq.com/openai/v1). Differences from OpenAI: 400 for `messages[].name`;
 * presence_penalty is "not yet supported by any of our models"; no stream_options, the stream's
 * usage arrives in `x_groq.usage` of the final chunk; reasoning_effort takes none|default|low|medium|high.
 */
import type { ReasoningEffort } from '../../core/types.js';
import { asObject } from '../spec/json.js';
import { dialectOf } from '../spec/openai-compatible/dialect.js';
import { createOpenAICompatibleProvider, FULL_CAPABILITIES } from '../spec/openai-compatible/preset.js';

/** Groq has no 'minimal' effort; 'low' is the nearest it takes. */
function groqEffort(effort: ReasoningEffort): Record<string, unknown> {
  return { reasoning_effort: effort === 'minimal' ? 'low' : effort };
}

/** How Groq's Chat Completions differ from OpenAI's. */
export const GROQ_DIALECT = dialectOf({
  maxTokensField: 'max_completion_tokens',
  streamUsageOption: false,
  developerRole: false,
  supports: { presencePenalty: false, messageName: false },
  streamUsage: (chunk) => asObject(chunk.x_groq)?.usage,
  encodeReasoning: groqEffort,
});

/** The `groq` provider type. */
export const groqProvider = createOpenAICompatibleProvider({
  type: 'groq',
  displayName: 'Groq',
  defaultBaseUrl: 'https://api.groq.com/openai/v1',
  requiredSettings: ['apiKey'],
  dialect: GROQ_DIALECT,
  capabilities: { ...FULL_CAPABILITIES, embeddings: false },
});
