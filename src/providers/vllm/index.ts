/**
 * vLLM's OpenAI-compatible server (localhost:8000/v1). Differences from OpenAI: key optional
 * (--api-key); max_tokens; extra top_k; `user` and `parallel_tool_calls` are ignored by the
 * server, so we refuse them rather than pretend; reasoning comes back as `reasoning` (newer) or
 * `reasoning_content` (older).
 */
import { dialectOf, WITHOUT_OPENAI_OPTIONS } from '../spec/openai-compatible/dialect.js';
import { createOpenAICompatibleProvider, FULL_CAPABILITIES } from '../spec/openai-compatible/preset.js';

/** How vLLM's Chat Completions differ from OpenAI's. */
export const VLLM_DIALECT = dialectOf({
  maxTokensField: 'max_tokens',
  developerRole: false,
  supports: { topK: true, user: false, parallelToolCalls: false, ...WITHOUT_OPENAI_OPTIONS },
});

/** The `vllm` provider type. */
export const vllmProvider = createOpenAICompatibleProvider({
  type: 'vllm',
  displayName: 'vLLM',
  defaultBaseUrl: 'http://localhost:8000/v1',
  requiredSettings: [],
  dialect: VLLM_DIALECT,
  capabilities: FULL_CAPABILITIES,
});
