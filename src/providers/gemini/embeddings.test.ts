import { describe, expect, it } from 'vitest';
import type { EmbeddingsRequest } from '../../core/types.js';
import type { ProviderSettings } from '../spec/provider.js';
import { geminiProvider, vertexProvider } from './index.js';

const studio: ProviderSettings = {
  id: 'g',
  type: 'gemini',
  baseUrl: 'https://generativelanguage.googleapis.com',
  apiKey: 'k',
  headers: {},
  dropParams: new Set(),
};
const vertex: ProviderSettings = {
  id: 'v',
  type: 'vertex',
  baseUrl: '',
  project: 'p',
  location: 'us-east1',
  credentials: { client_email: 'a@b', private_key: 'k' },
  headers: {},
  dropParams: new Set(),
};
const request: EmbeddingsRequest = { model: 'gemini-embedding-001', input: ['doc one', 'doc two'], dimensions: 768, inputType: 'search_document' };

describe('AI Studio embeddings', () => {
  it('encodes batchEmbedContents with the model repeated in every request', () => {
    const spec = geminiProvider.embeddings!.encode(request, studio);
    expect(spec.url).toBe('https://generativelanguage.googleapis.com/v1beta/models/gemini-embedding-001:batchEmbedContents');
    expect(spec.headers['x-goog-api-key']).toBe('k');
    expect(JSON.parse(String(spec.body))).toEqual({
      requests: [
        { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'doc one' }] }, taskType: 'RETRIEVAL_DOCUMENT', outputDimensionality: 768 },
        { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'doc two' }] }, taskType: 'RETRIEVAL_DOCUMENT', outputDimensionality: 768 },
      ],
    });
    const plain = JSON.parse(String(geminiProvider.embeddings!.encode({ model: 'text-embedding-004', input: ['q'], inputType: 'search_query' }, studio).body));
    expect(plain).toEqual({ requests: [{ model: 'models/text-embedding-004', content: { parts: [{ text: 'q' }] }, taskType: 'RETRIEVAL_QUERY' }] });
  });

  it('decodes vectors in order; the API reports no token usage', () => {
    const out = geminiProvider.embeddings!.decode({ embeddings: [{ values: [0.1, 0.2] }, { values: [0.3, 0.4] }] }, request, studio);
    expect(out).toEqual({
      model: 'gemini-embedding-001',
      embeddings: [
        [0.1, 0.2],
        [0.3, 0.4],
      ],
      usage: { inputTokens: 0 },
    });
    expect(() => geminiProvider.embeddings!.decode({ embeddings: [{ values: [1] }] }, request, studio)).toThrow(/1 embeddings for 2 inputs/);
    expect(() => geminiProvider.embeddings!.decode({ embeddings: [{ values: ['x'] }, { values: [] }] }, request, studio)).toThrow(/not a list of numbers/);
  });
});

describe('Vertex embeddings', () => {
  it('encodes :predict with snake_case instances and outputDimensionality', () => {
    const spec = vertexProvider.embeddings!.encode({ ...request, inputType: 'clustering' }, vertex);
    expect(spec.url).toBe('https://us-east1-aiplatform.googleapis.com/v1/projects/p/locations/us-east1/publishers/google/models/gemini-embedding-001:predict');
    expect(spec.headers['x-goog-api-key']).toBeUndefined();
    expect(JSON.parse(String(spec.body))).toEqual({
      instances: [
        { content: 'doc one', task_type: 'CLUSTERING' },
        { content: 'doc two', task_type: 'CLUSTERING' },
      ],
      parameters: { outputDimensionality: 768 },
    });
  });

  it('decodes predictions and sums token counts', () => {
    const body = {
      predictions: [
        { embeddings: { values: [1, 0], statistics: { truncated: false, token_count: 2 } } },
        { embeddings: { values: [0, 1], statistics: { truncated: false, token_count: 3 } } },
      ],
    };
    expect(vertexProvider.embeddings!.decode(body, request, vertex)).toEqual({
      model: 'gemini-embedding-001',
      embeddings: [
        [1, 0],
        [0, 1],
      ],
      usage: { inputTokens: 5 },
    });
  });
});
