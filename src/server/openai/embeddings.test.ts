import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../core/errors.js';
import { decodeEmbeddingsRequest } from './embeddings.js';

function fails(body: unknown): GatewayError {
  try {
    decodeEmbeddingsRequest(body);
  } catch (err) {
    if (err instanceof GatewayError) return err;
    throw err;
  }
  throw new Error('expected a GatewayError');
}

describe('embeddings ingress', () => {
  it('decodes what the OpenAI SDK, the Vercel AI SDK and LangChain send', () => {
    expect(decodeEmbeddingsRequest({ model: 'small', input: ['a', 'b'], encoding_format: 'base64' })).toEqual({
      model: 'small',
      input: ['a', 'b'],
      encodingFormat: 'base64',
    });
    expect(decodeEmbeddingsRequest({ model: 'small', input: 'a', encoding_format: 'float', dimensions: 256, user: 'u1' })).toEqual({
      model: 'small',
      input: ['a'],
      encodingFormat: 'float',
      dimensions: 256,
      user: 'u1',
    });
  });

  it('treats null as absent and keeps the input_type task hint', () => {
    expect(decodeEmbeddingsRequest({ model: 'small', input: 'a', dimensions: null, encoding_format: null, user: null, input_type: null })).toEqual({
      model: 'small',
      input: ['a'],
    });
    expect(decodeEmbeddingsRequest({ model: 'small', input: 'a', input_type: 'search_query' }).inputType).toBe('search_query');
  });

  it.each([
    [{ model: 'small', input: 'a', truncate: 'END' }, 'truncate', 'invalid_request', /Unrecognized request argument supplied: truncate/],
    [{ model: 'small', input: 'a', input_type: 'constructor' }, 'input_type', 'invalid_request', /search_document/],
    [{ model: 'small', input: 'a', user: 7 }, 'user', 'invalid_request', /string/],
    [{ model: 'small', input: [1, 2, 3] }, 'input', 'unsupported_parameter', /Token-id input/],
    [{ model: 'small', input: [[1, 2], [3]] }, 'input', 'unsupported_parameter', /Token-id input/],
    [{ model: 'small', input: 'a', dimensions: 0 }, 'dimensions', 'invalid_request', /positive integer/],
  ])('answers %j with a 400 naming %s', (body, param, code, message) => {
    const error = fails(body);
    expect(error).toMatchObject({ status: 400, param, code });
    expect(error.message).toMatch(message);
  });
});
