/**
 * Google Gemini, two provider types over one codec: `gemini` (AI Studio / Gemini Developer API,
 * API key) and `vertex` (Gemini on Vertex AI, service-account OAuth). Wire facts:
 * shared/providers/gemini.md.
 */
import type { ChatCodec, Provider, ProviderCapabilities } from '../spec/provider.js';
import { decodeChatResponse } from './decode-response.js';
import { createGeminiStreamDecoder } from './decode-stream.js';
import { createEmbeddingsCodec } from './embeddings.js';
import { encodeChatRequest } from './encode-request.js';
import { decodeGeminiError } from './map-error.js';
import { GEMINI_DEFAULT_BASE_URL, type GeminiFlavor } from './urls.js';
import { authorizeVertex } from './vertex-auth.js';

const capabilities: ProviderCapabilities = {
  chat: true,
  streaming: true,
  tools: true,
  parallelToolCalls: true,
  // Gemini fetches no web URLs; the gateway inlines remote images before encoding.
  images: 'inline',
  jsonObject: true,
  jsonSchema: true,
  reasoning: true,
  embeddings: true,
  seed: true,
  stop: true,
};

function chatCodec(flavor: GeminiFlavor): ChatCodec {
  return {
    encode: (request, settings) => encodeChatRequest(flavor, request, settings),
    decode: (body, settings) => decodeChatResponse(body, settings),
    createStreamDecoder: (settings) => createGeminiStreamDecoder(settings),
  };
}

/** Gemini via Google AI Studio (generativelanguage.googleapis.com), authenticated by API key. */
export const geminiProvider: Provider = {
  type: 'gemini',
  displayName: 'Google AI Studio (Gemini API)',
  defaultBaseUrl: GEMINI_DEFAULT_BASE_URL,
  requiredSettings: ['apiKey'],
  capabilities,
  streamFraming: 'sse',
  chat: chatCodec('gemini'),
  embeddings: createEmbeddingsCodec('gemini'),
  decodeError: decodeGeminiError,
};

/**
 * Gemini on Vertex AI. An empty base URL means `https://{location}-aiplatform.googleapis.com`
 * (`https://aiplatform.googleapis.com` for location `global`); location defaults to us-central1.
 */
export const vertexProvider: Provider = {
  type: 'vertex',
  displayName: 'Google Vertex AI (Gemini)',
  defaultBaseUrl: '',
  requiredSettings: ['project', 'credentials'],
  capabilities,
  streamFraming: 'sse',
  chat: chatCodec('vertex'),
  embeddings: createEmbeddingsCodec('vertex'),
  decodeError: decodeGeminiError,
  authorize: authorizeVertex,
};
