/** eval:cache's OpenAI-compatible embedder, measured against the simulator's lexical embedding model. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddingsUrl, openaiCompatibleBatchEmbedder } from '../../scripts/cache-eval-embedders.js';
import { lexicalEmbedding } from '../../src/simulator/families/openai/lexical-embedding.js';
import { type RunningSimulator, startSimulator } from '../../src/simulator/server.js';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(async () => {
  await sim.close();
});

describe('openaiCompatibleBatchEmbedder', () => {
  it('embeds in batches, keeps input order and returns unit vectors', async () => {
    const texts = Array.from({ length: 300 }, (_, i) => `question number ${i} about flights`);
    const vectors = await openaiCompatibleBatchEmbedder(sim.url, 'sim-embed-lexical', 'sk-test')(texts);
    expect(vectors).toHaveLength(300);
    expect(Array.from(vectors[299]!)).toEqual(lexicalEmbedding(texts[299]!, 256).map(Math.fround));
    const norm = vectors[7]!.reduce((sum, value) => sum + value * value, 0);
    expect(norm).toBeCloseTo(1, 5);
  });

  it('fails with the URL and status when the endpoint refuses (here: no key)', async () => {
    const embed = openaiCompatibleBatchEmbedder(`${sim.url}/v1`, 'sim-embed-lexical');
    const error = await embed(['hello']).catch((caught: unknown) => caught as Error);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/\/v1\/embeddings answered 401/);
  });

  it('accepts a base URL with or without /v1', () => {
    expect(embeddingsUrl('http://127.0.0.1:4010')).toBe('http://127.0.0.1:4010/v1/embeddings');
    expect(embeddingsUrl('http://127.0.0.1:4010/v1/')).toBe('http://127.0.0.1:4010/v1/embeddings');
  });
});
