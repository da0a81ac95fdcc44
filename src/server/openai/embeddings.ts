/** The OpenAI embeddings format: request validation and the response body, around the canonical form. */
import { invalidRequest } from '../../core/errors.js';
import type { EmbeddingsRequest, EmbeddingsResponse } from '../../core/types.js';

type Obj = Record<string, unknown>;

/** Validates an OpenAI embeddings body. Token-id inputs are refused: few providers take them. */
export function decodeEmbeddingsRequest(body: unknown): EmbeddingsRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalidRequest('The request body must be a JSON object.');
  const b = body as Obj;
  if (typeof b.model !== 'string' || b.model.length === 0) throw invalidRequest("'model' is required and must be a string.", 'model');
  const input = typeof b.input === 'string' ? [b.input] : b.input;
  if (!Array.isArray(input) || input.length === 0 || !input.every((s) => typeof s === 'string')) {
    throw invalidRequest("'input' must be a non-empty string or array of strings.", 'input');
  }
  const request: EmbeddingsRequest = { model: b.model, input: input as string[] };
  if (b.dimensions !== undefined) {
    if (typeof b.dimensions !== 'number' || !Number.isInteger(b.dimensions) || b.dimensions < 1)
      throw invalidRequest("'dimensions' must be a positive integer.", 'dimensions');
    request.dimensions = b.dimensions;
  }
  if (b.encoding_format !== undefined) {
    if (b.encoding_format !== 'float' && b.encoding_format !== 'base64')
      throw invalidRequest("'encoding_format' must be 'float' or 'base64'.", 'encoding_format');
    request.encodingFormat = b.encoding_format;
  }
  if (typeof b.input_type === 'string') request.inputType = b.input_type as EmbeddingsRequest['inputType'];
  if (typeof b.user === 'string') request.user = b.user;
  return request;
}

function toBase64(vector: number[]): string {
  return Buffer.from(new Float32Array(vector).buffer).toString('base64');
}

/** The OpenAI `list` of embeddings, as floats or base64 float32 as the request asked. */
export function encodeEmbeddingsResponse(result: EmbeddingsResponse, request: EmbeddingsRequest): unknown {
  const base64 = request.encodingFormat === 'base64';
  return {
    object: 'list',
    data: result.embeddings.map((vector, index) => ({ object: 'embedding', index, embedding: base64 ? toBase64(vector) : vector })),
    model: result.model,
    usage: { prompt_tokens: result.usage.inputTokens, total_tokens: result.usage.inputTokens },
  };
}
