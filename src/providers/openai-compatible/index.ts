/**
 * Any other server that speaks OpenAI Chat Completions (TGI, llama.cpp, LiteLLM, in-house
 * proxies): base_url is required, the key is optional. The dialect is the one most such servers
 * share: max_tokens (older servers lack max_completion_tokens), `system` for developer messages,
 * top_k passed through; everything else is forwarded and the server decides.
 */
import { dialectOf } from '../spec/openai-compatible/dialect.js';
import { createOpenAICompatibleProvider, FULL_CAPABILITIES } from '../spec/openai-compatible/preset.js';

/** The dialect assumed for an unknown OpenAI-compatible server. */
export const GENERIC_DIALECT = dialectOf({
  maxTokensField: 'max_tokens',
  developerRole: false,
  supports: { topK: true },
});

/** The `openai-compatible` provider type. */
export const openaiCompatibleProvider = createOpenAICompatibleProvider({
  type: 'openai-compatible',
  displayName: 'OpenAI-compatible server',
  defaultBaseUrl: '',
  requiredSettings: ['baseUrl'],
  dialect: GENERIC_DIALECT,
  capabilities: FULL_CAPABILITIES,
});
