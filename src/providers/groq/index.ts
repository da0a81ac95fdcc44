/**
 * Groq (api.groq.com/openai/v1). Differences from OpenAI: 400 for `messages[].name`;
 * presence_penalty is "not yet supported by any of our models"; no stream_options, the stream's
 * usage arrives in `x_groq.usage` of the final chunk; reasoning_effort takes none|default|low|medium|high;
 * 400 for logprobs and logit_bias; service_tier in Groq's own names.
 */
import type { ReasoningEffort } from '../../core/types.js';
import { asObject } from '../spec/json.js';
import { dialectOf, WITHOUT_OPENAI_OPTIONS } from '../spec/openai-compatible/dialect.js';
import { createOpenAICompatibleProvider, FULL_CAPABILITIES } from '../spec/openai-compatible/preset.js';

/** Groq has no 'minimal' effort; 'low' is the nearest it takes. */
function groqEffort(effort: ReasoningEffort): Record<string, unknown> {
  return { reasoning_effort: effort === 'minimal' ? 'low' : effort };
}

/** Groq's tiers are auto|on_demand|flex|performance; OpenAI's 'default' is Groq's 'on_demand'. */
function groqServiceTier(tier: string): Record<string, unknown> {
  return { service_tier: tier === 'default' ? 'on_demand' : tier };
}

/** How Groq's Chat Completions differ from OpenAI's. */
export const GROQ_DIALECT = dialectOf({
  maxTokensField: 'max_completion_tokens',
  streamUsageOption: false,
  developerRole: false,
  // Groq answers 400 for logprobs, top_logprobs and logit_bias; metadata is "not currently supported".
  supports: { presencePenalty: false, messageName: false, logprobs: false, logitBias: false, ...WITHOUT_OPENAI_OPTIONS, serviceTier: true },
  streamUsage: (chunk) => asObject(chunk.x_groq)?.usage,
  encodeReasoning: groqEffort,
  encodeServiceTier: groqServiceTier,
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
