/** The Anthropic Messages API provider (type `anthropic`). */
import type { Provider } from '../spec/provider.js';
import { decodeResponse } from './decode-response.js';
import { createStreamDecoder } from './decode-stream.js';
import { encodeRequest } from './encode-request.js';
import { decodeError } from './map-error.js';

/** Anthropic: pure codecs for POST /v1/messages. Anthropic has no embeddings API. */
export const anthropicProvider: Provider = {
  type: 'anthropic',
  displayName: 'Anthropic',
  defaultBaseUrl: 'https://api.anthropic.com',
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
    embeddings: false,
    seed: false,
    stop: true,
  },
  streamFraming: 'sse',
  streamReportsInputTokensFirst: true,
  chat: {
    encode: encodeRequest,
    decode: decodeResponse,
    createStreamDecoder,
  },
  decodeError,
};
