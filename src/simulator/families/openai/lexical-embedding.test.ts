/** The simulator's lexical embedding model: deterministic bag-of-words vectors, served for `*lexical*` models only. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../server.js';
import { isLexicalModel, lexicalEmbedding } from './lexical-embedding.js';

const dot = (a: number[], b: number[]) => a.reduce((sum, value, i) => sum + value * b[i]!, 0);

describe('lexicalEmbedding', () => {
  it('is deterministic and unit length', () => {
    const vector = lexicalEmbedding('How do I reset my password?', 256);
    expect(vector).toEqual(lexicalEmbedding('How do I reset my password?', 256));
    expect(vector).toHaveLength(256);
    expect(dot(vector, vector)).toBeCloseTo(1, 6);
  });

  it('is case-insensitive and closer for texts sharing words than for unrelated ones', () => {
    const question = lexicalEmbedding('how do I reset my password', 256);
    expect(lexicalEmbedding('HOW DO I RESET MY PASSWORD', 256)).toEqual(question);
    const reworded = lexicalEmbedding('how can I reset my password', 256);
    const unrelated = lexicalEmbedding('best pizza dough recipe with yeast', 256);
    expect(dot(question, reworded)).toBeGreaterThan(0.5);
    expect(dot(question, reworded)).toBeGreaterThan(dot(question, unrelated) + 0.3);
  });

  it('returns zeros for a text without words', () => {
    expect(lexicalEmbedding('?!', 8)).toEqual(new Array(8).fill(0));
  });

  it('is chosen by model names containing lexical', () => {
    expect(isLexicalModel('sim-embed-lexical')).toBe(true);
    expect(isLexicalModel('text-embedding-3-small')).toBe(false);
  });
});

describe('simulator /v1/embeddings with a lexical model', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
  });
  afterAll(async () => {
    await sim.close();
  });

  async function embed(body: Record<string, unknown>): Promise<number[][]> {
    const res = await fetch(`${sim.url}/v1/embeddings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer k' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    const json = (await res.json()) as { data: Array<{ embedding: number[] }> };
    return json.data.map((item) => item.embedding);
  }

  it('serves 256 lexical dimensions by default, the asked number otherwise, and keeps the hash model for other names', async () => {
    const [lexical] = await embed({ model: 'sim-embed-lexical', input: 'flights from Paris to Rome' });
    expect(lexical).toEqual(lexicalEmbedding('flights from Paris to Rome', 256));
    const [small] = await embed({ model: 'sim-embed-lexical', input: 'flights', dimensions: 16 });
    expect(small).toHaveLength(16);
    const [hashed] = await embed({ model: 'text-embedding-3-small', input: 'flights from Paris to Rome' });
    expect(hashed).toHaveLength(8);
  });
});
