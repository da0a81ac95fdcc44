/** The Anthropic Messages ingress codec: clients calling POST /v1/messages. */
import type { IngressCodec } from '../ingress.js';
import { decodeRequest } from './decode-request.js';
import { encodeError } from './encode-error.js';
import { encodeResponse } from './encode-response.js';
import { createStreamEncoder } from './encode-stream.js';

/** Decodes Anthropic requests to canonical and encodes canonical results back to Anthropic's wire format. */
export const anthropicIngress: IngressCodec = {
  format: 'anthropic',
  decodeChat: decodeRequest,
  encodeChat: encodeResponse,
  createStreamEncoder,
  encodeError,
};
