/** The OpenAI embeddings format: request validation and the response body, around the canonical form. */
import { GatewayError, invalidRequest } from '../../core/errors.js';
import type { EmbeddingsRequest, EmbeddingsResponse } from '../../core/types.js';

type Obj = Record<string, unknown>;

/** OpenAI's embeddings fields, plus input_type (the task hint Cohere and Gemini need, a gateway extension). */
const FIELDS = new Set(['model', 'input', 'dimensions', 'encoding_format', 'user', 'input_type']);

const INPUT_TYPES = new Set(['search_document', 'search_query', 'classification', 'clustering']);

const given = (v: unknown) => v !== undefined && v !== null;

/** Token-id input (an array of integers, or of such arrays), which OpenAI takes and few providers do. */
function isTokenInput(input: unknown): boolean {
  if (!Array.isArray(input) || input.length === 0) return false;
  return input.every((item) => typeof item === 'number' || (Array.isArray(item) && item.every((t) => typeof t === 'number')));
}

/**
 * Validates an OpenAI embeddings body. Like the chat ingress, a field OpenAI does not define is
 * refused in OpenAI's words, and null means absent. Token-id inputs are refused by name: few
 * providers take them, and the gateway cannot turn ids from one tokenizer into another's text.
 */
export function decodeEmbeddingsRequest(body: unknown): EmbeddingsRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalidRequest('The request body must be a JSON object.');
  const b = body as Obj;
  for (const key of Object.keys(b)) if (!FIELDS.has(key)) throw invalidRequest(`Unrecognized request argument supplied: ${key}`, key);
  if (typeof b.model !== 'string' || b.model.length === 0) throw invalidRequest("'model' is required and must be a string.", 'model');
  if (isTokenInput(b.input)) {
    throw new GatewayError('unsupported_parameter', 400, "Token-id input is not supported by Switchboard (parameter 'input'); send the text.", {
      param: 'input',
    });
  }
  const input = typeof b.input === 'string' ? [b.input] : b.input;
  if (!Array.isArray(input) || input.length === 0 || !input.every((s) => typeof s === 'string')) {
    throw invalidRequest("'input' must be a non-empty string or array of strings.", 'input');
  }
  const request: EmbeddingsRequest = { model: b.model, input: input as string[] };
  if (given(b.dimensions)) {
    if (typeof b.dimensions !== 'number' || !Number.isInteger(b.dimensions) || b.dimensions < 1)
      throw invalidRequest("'dimensions' must be a positive integer.", 'dimensions');
    request.dimensions = b.dimensions;
  }
  if (given(b.encoding_format)) {
    if (b.encoding_format !== 'float' && b.encoding_format !== 'base64')
      throw invalidRequest("'encoding_format' must be 'float' or 'base64'.", 'encoding_format');
    request.encodingFormat = b.encoding_format;
  }
  if (given(b.input_type)) {
    if (typeof b.input_type !== 'string' || !INPUT_TYPES.has(b.input_type)) {
      throw invalidRequest("'input_type' must be one of search_document, search_query, classification, clustering.", 'input_type');
    }
    request.inputType = b.input_type as EmbeddingsRequest['inputType'];
  }
  if (given(b.user)) {
    if (typeof b.user !== 'string') throw invalidRequest("'user' must be a string.", 'user');
    request.user = b.user;
  }
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
