/** The alias embedder: unit vectors, an id that follows the alias's targets, failures that throw. */
import { describe, expect, it } from 'vitest';
import { RequestContext } from '../pipeline/context.js';
import { aliasEmbedderId, createAliasEmbedder, type EmbedThroughGateway, unitVector } from './alias-embedder.js';

const ctx = new RequestContext({ requestId: 'req_1', startedAt: 0, time: 0, operation: 'chat', ingress: 'openai', requestHeaders: {} });

function norm(vector: Float32Array): number {
  return Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));
}

describe('alias embedder', () => {
  it('returns the alias vector scaled to unit length, and asks the gateway as the request it embeds for', async () => {
    const calls: Array<{ id: string; alias: string; texts: readonly string[] }> = [];
    const embed: EmbedThroughGateway = async (parent, alias, texts) => {
      calls.push({ id: parent.id, alias, texts });
      return [[3, 4, 0]];
    };
    const embedder = createAliasEmbedder({ alias: 'embed', targets: ['openai/text-embedding-3-small'], embed });
    const vector = await embedder.embed('What is the capital of France?', ctx);
    expect(vector).toBeInstanceOf(Float32Array);
    expect([...vector]).toEqual([Math.fround(0.6), Math.fround(0.8), 0]);
    expect(norm(vector)).toBeCloseTo(1, 6);
    expect(calls).toEqual([{ id: 'req_1', alias: 'embed', texts: ['What is the capital of France?'] }]);
  });

  it('has an id naming the alias that changes when its targets change, and not when nothing does', () => {
    const id = aliasEmbedderId('embed', ['openai/text-embedding-3-small']);
    expect(id).toMatch(/^alias:embed@[0-9a-f]{12}$/);
    expect(aliasEmbedderId('embed', ['openai/text-embedding-3-small'])).toBe(id);
    expect(aliasEmbedderId('embed', ['openai/text-embedding-3-large'])).not.toBe(id);
    expect(aliasEmbedderId('embed', ['azure/text-embedding-3-small'])).not.toBe(id);
    expect(aliasEmbedderId('embed', ['openai/text-embedding-3-small', 'azure/text-embedding-3-small'])).not.toBe(id);
    expect(aliasEmbedderId('other', ['openai/text-embedding-3-small'])).not.toBe(id);
    const embed: EmbedThroughGateway = async () => [[1]];
    expect(createAliasEmbedder({ alias: 'embed', targets: ['openai/text-embedding-3-small'], embed }).id).toBe(id);
  });

  it('throws when the call fails, so the lookup counts a miss', async () => {
    const refusal = Object.assign(new Error('budget exceeded'), { status: 402 });
    const embedder = createAliasEmbedder({ alias: 'embed', targets: ['p/m'], embed: () => Promise.reject(refusal) });
    await expect(embedder.embed('q', ctx)).rejects.toBe(refusal);
  });

  it('throws on answers it cannot compare: no vector, several, empty, all zeros, not finite', async () => {
    const answering = (vectors: number[][]) => createAliasEmbedder({ alias: 'embed', targets: ['p/m'], embed: async () => vectors });
    await expect(answering([]).embed('q', ctx)).rejects.toThrow(/answered 0 vectors/);
    await expect(answering([[1], [2]]).embed('q', ctx)).rejects.toThrow(/answered 2 vectors/);
    await expect(answering([[]]).embed('q', ctx)).rejects.toThrow(/empty or all zeros/);
    await expect(answering([[0, 0]]).embed('q', ctx)).rejects.toThrow(/empty or all zeros/);
    await expect(answering([[1, Number.NaN]]).embed('q', ctx)).rejects.toThrow(/finite/);
  });

  it('normalises any length, keeping the direction', () => {
    const vector = unitVector([-2, 0, 0, 0]);
    expect([...vector]).toEqual([-1, 0, 0, 0]);
  });
});
