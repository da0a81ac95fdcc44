/** Canonical embeddings ↔ Cohere v2 `POST /v2/embed`. */
import { GatewayError, invalidRequest } from '../../core/errors.js';
import type { EmbeddingsRequest, EmbeddingsResponse } from '../../core/types.js';
import { asArray, asNumber, asObject } from '../spec/json.js';
import { dropOrReject } from '../spec/params.js';
import type { EmbeddingsCodec, HttpRequestSpec, ProviderSettings } from '../spec/provider.js';
import { cohereHeaders } from './encode-request.js';

/** Cohere accepts at most this many texts per call. */
const MAX_TEXTS = 96;
/** The only output_dimension values Cohere accepts (embed-v4 and newer). */
const DIMENSIONS = new Set([256, 512, 1024, 1536]);

/**
 * Builds the embed request. input_type is required by v3+ models and has no OpenAI field, so it
 * defaults to search_document. Floats are always requested: base64 output, if asked for, is
 * produced from them by the gateway (Cohere's own base64 type is a different encoding).
 */
export function encodeCohereEmbeddings(request: EmbeddingsRequest, settings: ProviderSettings): HttpRequestSpec {
  if (request.input.length === 0) throw invalidRequest('input must not be empty.', 'input');
  if (request.input.length > MAX_TEXTS) {
    throw invalidRequest(`Cohere accepts at most ${MAX_TEXTS} inputs per embeddings call.`, 'input');
  }
  const body: Record<string, unknown> = {
    model: request.model,
    texts: request.input,
    input_type: request.inputType ?? 'search_document',
    embedding_types: ['float'],
  };
  if (request.dimensions !== undefined) {
    if (DIMENSIONS.has(request.dimensions)) body.output_dimension = request.dimensions;
    else dropOrReject(settings, 'dimensions', 'must be one of 256, 512, 1024 or 1536');
  }
  if (request.user !== undefined) dropOrReject(settings, 'user');
  return {
    method: 'POST',
    url: `${settings.baseUrl}/v2/embed`,
    headers: cohereHeaders(settings, 'application/json'),
    body: JSON.stringify(body),
  };
}

function invalid(message: string): GatewayError {
  return new GatewayError('upstream_invalid_response', 502, message, { provider: 'cohere' });
}

/** Reads embeddings.float (or a bare array, the embeddings_floats form) and billed input tokens. */
export function decodeCohereEmbeddings(body: unknown, request: EmbeddingsRequest): EmbeddingsResponse {
  const root = asObject(body);
  const raw = Array.isArray(root?.embeddings) ? root.embeddings : asObject(root?.embeddings)?.float;
  if (!Array.isArray(raw)) throw invalid('Cohere embed response has no float embeddings.');
  const embeddings = raw.map((vector) => asArray(vector).map((x) => asNumber(x) ?? 0));
  if (embeddings.length !== request.input.length) {
    throw invalid(`Cohere returned ${embeddings.length} embeddings for ${request.input.length} inputs.`);
  }
  const meta = asObject(root?.meta);
  const inputTokens = asNumber(asObject(meta?.billed_units)?.input_tokens) ?? asNumber(asObject(meta?.tokens)?.input_tokens) ?? 0;
  return { model: request.model, embeddings, usage: { inputTokens } };
}

/** The embeddings codec. */
export const cohereEmbeddings: EmbeddingsCodec = {
  encode: encodeCohereEmbeddings,
  decode: (body, request) => decodeCohereEmbeddings(body, request),
};
