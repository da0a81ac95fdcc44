import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../core/errors.js';
import type { ProviderSettings } from '../spec/provider.js';
import { decodeCohereEmbeddings, encodeCohereEmbeddings } from './embeddings.js';

const settings = (drop: string[] = []): ProviderSettings => ({
  id: 'co',
  type: 'cohere',
  baseUrl: 'https://api.cohere.com',
  apiKey: 'k-123',
  headers: {},
  dropParams: new Set(drop),
});

describe('Cohere embeddings', () => {
  it('encodes texts with a default input_type, float type and output_dimension', () => {
    const spec = encodeCohereEmbeddings({ model: 'embed-v4.0', input: ['hello', 'goodbye'], dimensions: 512 }, settings());
    expect(spec.url).toBe('https://api.cohere.com/v2/embed');
    expect(spec.headers.authorization).toBe('Bearer k-123');
    expect(JSON.parse(spec.body as string)).toEqual({
      model: 'embed-v4.0',
      texts: ['hello', 'goodbye'],
      input_type: 'search_document',
      embedding_types: ['float'],
      output_dimension: 512,
    });
  });

  it('passes the canonical inputType through', () => {
    const spec = encodeCohereEmbeddings({ model: 'embed-english-v3.0', input: ['q'], inputType: 'search_query' }, settings());
    expect(JSON.parse(spec.body as string).input_type).toBe('search_query');
  });

  it('refuses dimensions Cohere does not offer unless dropped, and more than 96 inputs', () => {
    expect(() => encodeCohereEmbeddings({ model: 'embed-v4.0', input: ['a'], dimensions: 300 }, settings())).toThrow(/dimensions/);
    const dropped = encodeCohereEmbeddings({ model: 'embed-v4.0', input: ['a'], dimensions: 300 }, settings(['dimensions']));
    expect(JSON.parse(dropped.body as string).output_dimension).toBeUndefined();
    expect(() => encodeCohereEmbeddings({ model: 'embed-v4.0', input: Array(97).fill('a') }, settings())).toThrow(/96/);
    expect(() => encodeCohereEmbeddings({ model: 'embed-v4.0', input: ['a'], user: 'u' }, settings())).toThrow(GatewayError);
  });

  it('decodes embeddings_by_type with billed input tokens', () => {
    const body = JSON.parse(readFileSync(new URL('./fixtures/embed.json', import.meta.url), 'utf8'));
    expect(decodeCohereEmbeddings(body, { model: 'embed-english-v3.0', input: ['hello', 'goodbye'] })).toEqual({
      model: 'embed-english-v3.0',
      embeddings: [
        [0.016296387, -0.008354187, -0.04699707],
        [0.030441284, 0.030960083, -0.008422852],
      ],
      usage: { inputTokens: 2 },
    });
  });

  it('rejects a response whose vector count does not match the inputs', () => {
    const body = { embeddings: { float: [[1, 2]] }, meta: { billed_units: { input_tokens: 1 } } };
    expect(() => decodeCohereEmbeddings(body, { model: 'm', input: ['a', 'b'] })).toThrow(/1 embeddings for 2 inputs/);
  });
});
