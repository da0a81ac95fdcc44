/**
 * How LiteLLM's provider names and key prefixes map onto our config provider types. Adding a
 * provider type to the catalog is one line in PROVIDER_TYPES.
 */

/** LiteLLM `litellm_provider` value -> our config `type`. Providers not listed are left out. */
export const PROVIDER_TYPES: Readonly<Record<string, string>> = {
  openai: 'openai',
  azure: 'azure-openai',
  anthropic: 'anthropic',
  gemini: 'gemini',
  vertex_ai: 'vertex',
  'vertex_ai-language-models': 'vertex',
  'vertex_ai-embedding-models': 'vertex',
  'vertex_ai-anthropic_models': 'vertex',
  'vertex_ai-mistral_models': 'vertex',
  'vertex_ai-llama_models': 'vertex',
  'vertex_ai-deepseek_models': 'vertex',
  'vertex_ai-ai21_models': 'vertex',
  'vertex_ai-openai_models': 'vertex',
  'vertex_ai-qwen_models': 'vertex',
  'vertex_ai-minimax_models': 'vertex',
  'vertex_ai-moonshot_models': 'vertex',
  'vertex_ai-chat-models': 'vertex',
  bedrock: 'bedrock',
  bedrock_converse: 'bedrock',
  cohere: 'cohere',
  cohere_chat: 'cohere',
  mistral: 'mistral',
  groq: 'groq',
  together_ai: 'together',
  fireworks_ai: 'fireworks',
  'fireworks_ai-embedding-models': 'fireworks',
  deepseek: 'deepseek',
  xai: 'xai',
  openrouter: 'openrouter',
  perplexity: 'perplexity',
  ollama: 'ollama',
};

/**
 * When two providers offer the same bare model name, the bare alias points at the first one in
 * this order: the model's own vendor before clouds, clouds before resellers and aggregators.
 */
export const BARE_ALIAS_PRIORITY: readonly string[] = [
  'openai',
  'anthropic',
  'gemini',
  'mistral',
  'cohere',
  'deepseek',
  'xai',
  'vertex',
  'bedrock',
  'azure-openai',
  'groq',
  'together',
  'fireworks',
  'perplexity',
  'ollama',
  'openrouter',
];

/** LiteLLM routing prefixes that are not part of the provider's own model id. */
const ROUTE_PREFIXES = new Set([
  'openai',
  'azure',
  'anthropic',
  'gemini',
  'vertex_ai',
  'bedrock',
  'cohere',
  'cohere_chat',
  'mistral',
  'groq',
  'together_ai',
  'fireworks_ai',
  'deepseek',
  'xai',
  'openrouter',
  'perplexity',
  'ollama',
  'ollama_chat',
]);

const AWS_REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;

/** Result of splitting a LiteLLM key: the provider's model id, or why the key is not a model we keep. */
export type KeyParse = { model: string; bare: boolean } | { skip: string };

/**
 * Turns a LiteLLM key into the provider's model id. `bare` is true when LiteLLM listed the model
 * without a routing prefix, which marks it as the canonical entry for that name.
 */
export function parseLitellmKey(key: string): KeyParse {
  const slash = key.indexOf('/');
  const head = slash > 0 ? key.slice(0, slash) : '';
  if (!ROUTE_PREFIXES.has(head)) {
    // Size-bucket price rows ("together-ai-21.1b-41b") describe pricing rules, not models.
    if (/^(together-ai|fireworks-ai)-/.test(key)) return { skip: 'pricing bucket' };
    return { model: key, bare: true };
  }
  let model = key.slice(slash + 1);
  if (head === 'bedrock') {
    const first = model.split('/')[0] ?? '';
    // Region-specific and provisioned-throughput rows need a region we don't have at lookup time.
    if (AWS_REGION.test(first) || first === '*') return { skip: 'bedrock region/commitment price' };
    if (first === 'invoke' || first === 'converse') model = model.slice(first.length + 1);
  }
  if (head === 'azure' && /^(us|eu|global|global-standard)\//.test(model)) {
    // Data-zone deployments carry a surcharge that depends on the deployment, not the model id.
    return { skip: 'azure data-zone price' };
  }
  return { model, bare: false };
}
