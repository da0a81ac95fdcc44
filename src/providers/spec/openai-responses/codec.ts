/**
 * The OpenAI Responses API (`POST …/responses`) as a chat codec over the canonical form: OpenAI
 * and Azure OpenAI attach it as `provider.responses`, each with its own URL and auth headers.
 */
import type { ChatCodec, ProviderCapabilities, ProviderSettings } from '../provider.js';
import { decodeResponsesBody } from './decode-response.js';
import { createResponsesStreamDecoder } from './decode-stream.js';
import { encodeResponsesBody } from './encode-request.js';

/** Where a provider's Responses endpoint is and how it authenticates. */
export interface ResponsesEndpoint {
  /** The URL of POST …/responses; the model travels in the body. May throw GatewayError (Azure's old api-versions). */
  url(settings: ProviderSettings, model: string): string;
  /** Auth headers for the provider. */
  authHeaders(settings: ProviderSettings): Record<string, string>;
}

/**
 * What the Responses API can do for a canonical chat request: everything the Chat Completions API
 * does except stop sequences, seed, penalties, top_k, logprobs, logit_bias and predicted outputs.
 */
export const RESPONSES_CAPABILITIES: ProviderCapabilities = {
  chat: true,
  streaming: true,
  tools: true,
  parallelToolCalls: true,
  images: 'url',
  jsonObject: true,
  jsonSchema: true,
  reasoning: true,
  embeddings: false,
  seed: false,
  stop: false,
};

/** Creates the Responses codec for one endpoint. */
export function createResponsesCodec(endpoint: ResponsesEndpoint): ChatCodec {
  return {
    capabilities: RESPONSES_CAPABILITIES,
    encode: (request, settings) => {
      const url = endpoint.url(settings, request.model);
      return {
        method: 'POST',
        url,
        headers: { 'content-type': 'application/json', ...endpoint.authHeaders(settings), ...settings.headers },
        body: JSON.stringify(encodeResponsesBody(request, settings)),
      };
    },
    decode: (body, settings) => decodeResponsesBody(body, settings.id),
    createStreamDecoder: (settings) => createResponsesStreamDecoder(settings.id),
  };
}
