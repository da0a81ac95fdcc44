/**
 * DeepSeek (api.deepseek.com, the base URL its docs give the OpenAI SDK; /v1 works too).
 * Differences from OpenAI: max_tokens; no seed, user, parallel_tool_calls, json_schema, images or
 * logit_bias (logprobs yes, though not in thinking mode, which DeepSeek itself refuses);
 * thinking is toggled with `thinking: {type}` and its text comes back as reasoning_content, which
 * must be sent back on assistant tool-call turns; cache hits are prompt_cache_hit_tokens.
 */
import type { ReasoningEffort } from '../../core/types.js';
import { dialectOf, WITHOUT_OPENAI_OPTIONS } from '../spec/openai-compatible/dialect.js';
import { createOpenAICompatibleProvider, FULL_CAPABILITIES } from '../spec/openai-compatible/preset.js';

/** Effort 'none' switches thinking off; other levels switch it on (DeepSeek maps low/medium to high). */
function deepseekReasoning(effort: ReasoningEffort): Record<string, unknown> {
  if (effort === 'none') return { thinking: { type: 'disabled' } };
  return { thinking: { type: 'enabled' }, reasoning_effort: effort === 'minimal' ? 'low' : effort };
}

/** How DeepSeek's Chat Completions differ from OpenAI's. */
export const DEEPSEEK_DIALECT = dialectOf({
  maxTokensField: 'max_tokens',
  streamUsageOption: true,
  developerRole: false,
  supports: { seed: false, user: false, parallelToolCalls: false, jsonSchema: false, images: false, logitBias: false, ...WITHOUT_OPENAI_OPTIONS },
  encodeReasoning: deepseekReasoning,
  assistantReasoningField: 'reasoning_content',
});

/** The `deepseek` provider type. */
export const deepseekProvider = createOpenAICompatibleProvider({
  type: 'deepseek',
  displayName: 'DeepSeek',
  defaultBaseUrl: 'https://api.deepseek.com',
  requiredSettings: ['apiKey'],
  dialect: DEEPSEEK_DIALECT,
  capabilities: { ...FULL_CAPABILITIES, images: false, jsonSchema: false, embeddings: false, seed: false },
});
