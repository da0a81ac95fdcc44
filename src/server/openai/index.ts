/** The OpenAI Chat Completions ingress codec. */
import type { IngressCodec } from '../ingress.js';
import { decodeOpenAIChatRequest } from './decode-request.js';
import { encodeOpenAIError } from './encode-error.js';
import { encodeOpenAIChatResponse } from './encode-response.js';
import { createOpenAIStreamEncoder } from './encode-stream.js';

/** Clients that speak OpenAI's POST /v1/chat/completions. */
export const openaiIngress: IngressCodec = {
  format: 'openai',
  decodeChat: decodeOpenAIChatRequest,
  encodeChat: (response) => encodeOpenAIChatResponse(response),
  createStreamEncoder: createOpenAIStreamEncoder,
  encodeError: encodeOpenAIError,
};
