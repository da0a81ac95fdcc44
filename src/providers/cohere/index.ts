/** The Cohere provider (API v2: /v2/chat and /v2/embed). */
import type { Provider } from '../spec/provider.js';
import { decodeCohereChat } from './decode-response.js';
import { createCohereStreamDecoder } from './decode-stream.js';
import { cohereEmbeddings } from './embeddings.js';
import { encodeCohereChat } from './encode-request.js';
import { decodeCohereError } from './map-error.js';

/** Cohere: chat with tools, vision, JSON output and thinking; embeddings. */
export const cohereProvider: Provider = {
  type: 'cohere',
  displayName: 'Cohere',
  defaultBaseUrl: 'https://api.cohere.com',
  requiredSettings: ['apiKey'],
  capabilities: {
    chat: true,
    streaming: true,
    tools: true,
    parallelToolCalls: true,
    images: 'url',
    jsonObject: true,
    jsonSchema: true,
    reasoning: true,
    embeddings: true,
    seed: true,
    stop: true,
  },
  streamFraming: 'sse',
  chat: {
    encode: encodeCohereChat,
    decode: (body) => decodeCohereChat(body),
    createStreamDecoder: () => createCohereStreamDecoder(),
  },
  embeddings: cohereEmbeddings,
  decodeError: decodeCohereError,
};

export { normalizeCohereStatus } from './map-error.js';
