/**
 * Together AI (api.together.xyz/v1). Differences from OpenAI: max_tokens, extra top_k, no `user`
 * or `parallel_tool_calls` fields, usage on the last stream chunk without being asked, finish
 * reason `eos` (a normal stop), reasoning in `reasoning` and switched off with reasoning.enabled.
 */
import type { ReasoningEffort } from '../../core/types.js';
import { dialectOf, WITHOUT_OPENAI_OPTIONS } from '../spec/openai-compatible/dialect.js';
import { createOpenAICompatibleProvider, FULL_CAPABILITIES } from '../spec/openai-compatible/preset.js';

/** Together takes low|medium|high, and turns reasoning off with reasoning.enabled=false. */
function togetherReasoning(effort: ReasoningEffort): Record<string, unknown> {
  if (effort === 'none') return { reasoning: { enabled: false } };
  return { reasoning_effort: effort === 'minimal' ? 'low' : effort };
}

/** How Together's Chat Completions differ from OpenAI's. */
export const TOGETHER_DIALECT = dialectOf({
  maxTokensField: 'max_tokens',
  streamUsageOption: false,
  developerRole: false,
  // Together's logprobs is a count, answered in its own shape (a number per stream chunk), not OpenAI's.
  supports: { topK: true, user: false, parallelToolCalls: false, logprobs: false, ...WITHOUT_OPENAI_OPTIONS },
  encodeReasoning: togetherReasoning,
});

/** The `together` provider type. */
export const togetherProvider = createOpenAICompatibleProvider({
  type: 'together',
  displayName: 'Together AI',
  defaultBaseUrl: 'https://api.together.xyz/v1',
  requiredSettings: ['apiKey'],
  dialect: TOGETHER_DIALECT,
  capabilities: FULL_CAPABILITIES,
});
