/**
 * Perplexity Sonar (api.perplexity.ai, no /v1). Differences from OpenAI: no tools, stop, seed,
 * user or json_object; extra top_k; usage in the final stream chunk without being asked; the
 * reasoning models write their reasoning inline in <think>…</think>, which we split off.
 */
import type { ReasoningEffort } from '../../core/types.js';
import { dialectOf, WITHOUT_OPENAI_OPTIONS } from '../spec/openai-compatible/dialect.js';
import { createOpenAICompatibleProvider, FULL_CAPABILITIES } from '../spec/openai-compatible/preset.js';
import { dropOrReject } from '../spec/params.js';
import type { ProviderSettings } from '../spec/provider.js';

/** Perplexity's reasoning_effort (deep research) takes low|medium|high. */
function perplexityReasoning(effort: ReasoningEffort, _request: unknown, settings: ProviderSettings): Record<string, unknown> {
  if (effort === 'none') {
    dropOrReject(settings, 'reasoning_effort', "value 'none' is not supported");
    return {};
  }
  return { reasoning_effort: effort === 'minimal' ? 'low' : effort };
}

/** How Perplexity's Chat Completions differ from OpenAI's. */
export const PERPLEXITY_DIALECT = dialectOf({
  maxTokensField: 'max_tokens',
  streamUsageOption: false,
  developerRole: false,
  supports: {
    tools: false,
    toolChoiceRequired: false,
    parallelToolCalls: false,
    stop: false,
    seed: false,
    user: false,
    jsonObject: false,
    topK: true,
    logprobs: false,
    logitBias: false,
    ...WITHOUT_OPENAI_OPTIONS,
  },
  encodeReasoning: perplexityReasoning,
  thinkTags: true,
});

/** The `perplexity` provider type. */
export const perplexityProvider = createOpenAICompatibleProvider({
  type: 'perplexity',
  displayName: 'Perplexity',
  defaultBaseUrl: 'https://api.perplexity.ai',
  requiredSettings: ['apiKey'],
  dialect: PERPLEXITY_DIALECT,
  capabilities: {
    ...FULL_CAPABILITIES,
    tools: false,
    parallelToolCalls: false,
    jsonObject: false,
    embeddings: false,
    seed: false,
    stop: false,
  },
});
