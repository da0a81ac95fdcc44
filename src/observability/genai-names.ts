/**
 * The OpenTelemetry GenAI conventions' values for what the gateway calls by its own names: the
 * provider (gen_ai.provider.name's well-known values, semantic-conventions 1.45 registry) and the
 * operation (gen_ai.operation.name). One table, so spans and metrics always name a provider alike.
 */
import type { OperationName } from '../pipeline/context.js';

/** Provider type (config `type`) → the convention's well-known gen_ai.provider.name; types it does not list keep their own name, as the conventions ask. */
const PROVIDER_NAMES: Readonly<Record<string, string>> = {
  openai: 'openai',
  'azure-openai': 'azure.ai.openai',
  anthropic: 'anthropic',
  gemini: 'gcp.gemini',
  vertex: 'gcp.vertex_ai',
  bedrock: 'aws.bedrock',
  cohere: 'cohere',
  mistral: 'mistral_ai',
  groq: 'groq',
  deepseek: 'deepseek',
  xai: 'x_ai',
  perplexity: 'perplexity',
};

/** gen_ai.provider.name for a provider type. */
export function genAiProviderName(providerType: string): string {
  return PROVIDER_NAMES[providerType] ?? providerType;
}

/** gen_ai.operation.name for an operation: the Responses API is a chat operation in the conventions' terms. */
export function genAiOperationName(operation: OperationName): string {
  return operation === 'embeddings' ? 'embeddings' : 'chat';
}
