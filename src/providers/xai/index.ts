/**
 * xAI Grok (api.x.ai/v1). OpenAI's dialect with per-model limits (see model-rules.ts); reasoning
 * text (grok-3-mini only) comes back as reasoning_content.
 */
import { deriveDialect, dialectOf, type OpenAIDialect, WITHOUT_OPENAI_OPTIONS } from '../spec/openai-compatible/dialect.js';
import { createOpenAICompatibleProvider, FULL_CAPABILITIES } from '../spec/openai-compatible/preset.js';
import type { ProviderSettings } from '../spec/provider.js';
import { acceptsReasoningEffort, isXaiReasoningModel, xaiReasoning } from './model-rules.js';

/** How xAI's Chat Completions differ from OpenAI's, for models without special rules. */
export const XAI_DIALECT = dialectOf({
  developerRole: false,
  // logit_bias is not supported by xAI's models; prompt_cache_key is what xAI's caching guide recommends.
  supports: { logitBias: false, ...WITHOUT_OPENAI_OPTIONS, promptCacheKey: true },
});

// Only two facts about a model change the dialect, so the four possible dialects are built once
// each instead of on every request.
const dialects = new Map<string, OpenAIDialect>();

/** The dialect for one model. */
export function xaiDialectFor(_settings: ProviderSettings, model: string): OpenAIDialect {
  const reasoning = isXaiReasoningModel(model);
  const effort = acceptsReasoningEffort(model);
  const key = `${reasoning}:${effort}`;
  let dialect = dialects.get(key);
  if (!dialect) {
    dialect = deriveDialect(XAI_DIALECT, {
      supports: { presencePenalty: !reasoning, frequencyPenalty: !reasoning, stop: !reasoning, reasoningEffort: effort },
      encodeReasoning: (level, request, settings) => xaiReasoning(level, request.model, settings),
    });
    dialects.set(key, dialect);
  }
  return dialect;
}

/** The `xai` provider type. */
export const xaiProvider = createOpenAICompatibleProvider({
  type: 'xai',
  displayName: 'xAI',
  defaultBaseUrl: 'https://api.x.ai/v1',
  requiredSettings: ['apiKey'],
  dialect: XAI_DIALECT,
  dialectFor: xaiDialectFor,
  capabilities: { ...FULL_CAPABILITIES, embeddings: false },
});
