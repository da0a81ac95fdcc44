/**
 * Switchboard's provider types in the GenAI conventions' `gen_ai.provider.name` vocabulary
 * (semantic-conventions 1.45 registry: openai, anthropic, aws.bedrock, gcp.gemini, ...). Types the
 * registry does not list keep their own name, as the conventions ask for unknown providers.
 */
const NAMES: Readonly<Record<string, string>> = {
  openai: 'openai',
  anthropic: 'anthropic',
  'azure-openai': 'azure.ai.openai',
  bedrock: 'aws.bedrock',
  gemini: 'gcp.gemini',
  vertex: 'gcp.vertex_ai',
  cohere: 'cohere',
  mistral: 'mistral_ai',
  groq: 'groq',
  deepseek: 'deepseek',
  xai: 'x_ai',
  perplexity: 'perplexity',
};

/** The gen_ai.provider.name of a provider type. */
export function genAiProviderName(providerType: string): string {
  return NAMES[providerType] ?? providerType;
}

const hosts = new Map<string, string>();

/** The host of a provider's base URL (server.address), parsed once per URL. */
export function serverAddress(baseUrl: string): string {
  let host = hosts.get(baseUrl);
  if (host === undefined) {
    try {
      host = new URL(baseUrl).hostname;
    } catch {
      host = '';
    }
    // Bounded by the configured providers; a hostile value cannot grow it per request.
    hosts.set(baseUrl, host);
  }
  return host;
}
