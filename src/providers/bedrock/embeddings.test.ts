import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../core/errors.js';
import type { EmbeddingsRequest } from '../../core/types.js';
import type { ProviderSettings } from '../spec/provider.js';
import { decodeEmbeddingsBody, encodeEmbeddingsBody, encodeEmbeddingsRequest } from './embeddings.js';
import { thrownGatewayError as errorOf } from '../../testing/gateway-error.js';

const TITAN = 'amazon.titan-embed-text-v2:0';
const COHERE = 'cohere.embed-english-v3';

function settings(overrides: Partial<ProviderSettings> = {}): ProviderSettings {
  return { id: 'aws', type: 'bedrock', baseUrl: '', region: 'us-east-1', apiKey: 'k', headers: {}, dropParams: new Set(), ...overrides };
}

const req = (model: string, input: string[], extra: Partial<EmbeddingsRequest> = {}): EmbeddingsRequest => ({ model, input, ...extra });

describe('encodeEmbeddingsRequest', () => {
  it('calls InvokeModel with the Titan V2 body', () => {
    const spec = encodeEmbeddingsRequest(req(TITAN, ['hello'], { dimensions: 512, inputType: 'search_query' }), settings());
    expect(spec.url).toBe('https://bedrock-runtime.us-east-1.amazonaws.com/model/amazon.titan-embed-text-v2%3A0/invoke');
    expect(JSON.parse(spec.body as string)).toEqual({ inputText: 'hello', dimensions: 512 });
  });

  it('refuses several inputs for Titan, which embeds one text per call', () => {
    expect(errorOf(() => encodeEmbeddingsBody(req(TITAN, ['a', 'b']), settings()))).toMatchObject({
      status: 400,
      code: 'unsupported_parameter',
      param: 'input',
    });
  });

  it('checks Titan dimensions', () => {
    expect(errorOf(() => encodeEmbeddingsBody(req(TITAN, ['a'], { dimensions: 300 }), settings()))).toMatchObject({ param: 'dimensions' });
    expect(errorOf(() => encodeEmbeddingsBody(req('amazon.titan-embed-text-v1', ['a'], { dimensions: 256 }), settings()))).toMatchObject({
      param: 'dimensions',
    });
  });

  it('batches texts for Cohere with an input type (default search_document), at most 96', () => {
    expect(encodeEmbeddingsBody(req(COHERE, ['a', 'b']), settings())).toEqual({ texts: ['a', 'b'], input_type: 'search_document' });
    expect(encodeEmbeddingsBody(req(`us.${COHERE}`, ['a'], { inputType: 'clustering' }), settings())).toEqual({ texts: ['a'], input_type: 'clustering' });
    expect(errorOf(() => encodeEmbeddingsBody(req(COHERE, Array(97).fill('x')), settings()))).toMatchObject({ param: 'input' });
  });

  it('refuses non-embedding models and dimensions for Cohere, and leaves out the user field', () => {
    expect(errorOf(() => encodeEmbeddingsBody(req('anthropic.claude-3-haiku-20240307-v1:0', ['a']), settings()))).toMatchObject({ param: 'model' });
    expect(errorOf(() => encodeEmbeddingsBody(req(COHERE, ['a'], { dimensions: 256 }), settings()))).toMatchObject({ param: 'dimensions' });
    expect(encodeEmbeddingsBody(req(COHERE, ['a'], { user: 'u' }), settings())).toEqual({
      texts: ['a'],
      input_type: 'search_document',
    });
  });
});

describe('decodeEmbeddingsBody', () => {
  it('reads Titan vectors and token counts', () => {
    const body = { embedding: [0.1, 0.2], inputTextTokenCount: 2, embeddingsByType: { float: [0.1, 0.2] } };
    expect(decodeEmbeddingsBody(body, req(TITAN, ['hi']), 'aws')).toEqual({ model: TITAN, embeddings: [[0.1, 0.2]], usage: { inputTokens: 2 } });
  });

  it('reads Cohere floats or by-type floats, with the token count from the header', () => {
    const floats = { id: 'x', response_type: 'embeddings_floats', embeddings: [[1], [2]], texts: ['a', 'b'] };
    expect(decodeEmbeddingsBody(floats, req(COHERE, ['a', 'b']), 'aws', { 'x-amzn-bedrock-input-token-count': '7' })).toEqual({
      model: COHERE,
      embeddings: [[1], [2]],
      usage: { inputTokens: 7 },
    });
    const byType = { id: 'x', response_type: 'embeddings_by_type', embeddings: { float: [[3]] }, texts: ['a'] };
    expect(decodeEmbeddingsBody(byType, req(COHERE, ['a']), 'aws').embeddings).toEqual([[3]]);
  });

  it('rejects bodies whose vectors are missing or miscounted', () => {
    expect(() => decodeEmbeddingsBody({ embeddings: [[1]] }, req(COHERE, ['a', 'b']), 'aws')).toThrow(GatewayError);
    expect(() => decodeEmbeddingsBody({ embedding: 'nope' }, req(TITAN, ['a']), 'aws')).toThrow(GatewayError);
  });
});
