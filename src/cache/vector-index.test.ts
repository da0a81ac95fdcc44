import { seededRandom } from '../core/seeded-random.js';
import { describe, expect, it } from 'vitest';
import { VectorIndex } from './vector-index.js';

function normalise(v: Float32Array): Float32Array {
  let norm = 0;
  for (const x of v) norm += x * x;
  const scale = 1 / Math.sqrt(norm);
  for (let i = 0; i < v.length; i++) v[i] = v[i]! * scale;
  return v;
}

function gaussianVector(random: () => number, dims: number): Float32Array {
  const v = new Float32Array(dims);
  // Box–Muller, both outputs used: generating 100k vectors is most of the recall test's time.
  for (let i = 0; i < dims; i += 2) {
    const radius = Math.sqrt(-2 * Math.log(1 - random()));
    const angle = 2 * Math.PI * random();
    v[i] = radius * Math.cos(angle);
    if (i + 1 < dims) v[i + 1] = radius * Math.sin(angle);
  }
  return normalise(v);
}

/** Clustered unit vectors: topic centroid plus noise, and a shared direction, like sentence embeddings. */
function clusteredVectors(random: () => number, dims: number, count: number, topics: number): Float32Array[] {
  const common = gaussianVector(random, dims);
  const centroids = Array.from({ length: topics }, () => gaussianVector(random, dims));
  return Array.from({ length: count }, () => {
    const centroid = centroids[Math.floor(random() * topics)]!;
    const v = gaussianVector(random, dims);
    for (let i = 0; i < dims; i++) v[i] = v[i]! + 0.9 * centroid[i]! + 0.4 * common[i]!;
    return normalise(v);
  });
}

/** A unit vector at exactly cosine `similarity` from `base`. */
function nearDuplicate(random: () => number, base: Float32Array, similarity: number): Float32Array {
  const u = gaussianVector(random, base.length);
  const along = dot(u, base);
  for (let i = 0; i < base.length; i++) u[i] = u[i]! - along * base[i]!;
  normalise(u);
  const side = Math.sqrt(1 - similarity * similarity);
  return normalise(base.map((x, i) => similarity * x + side * u[i]!));
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

function flatScan(entries: Map<string, Float32Array>, query: Float32Array, threshold: number): { id: string; similarity: number }[] {
  return [...entries]
    .map(([id, v]) => ({ id, similarity: dot(v, query) }))
    .filter((m) => m.similarity >= threshold)
    .sort((a, b) => b.similarity - a.similarity);
}

describe('VectorIndex', () => {
  it('matches a flat scan exactly on a small set, best first, within the limit', () => {
    const random = seededRandom(1);
    const index = new VectorIndex({ dimensions: 32, maxEntries: 1000 });
    const entries = new Map<string, Float32Array>();
    const vectors = clusteredVectors(random, 32, 600, 6);
    vectors.forEach((v, i) => {
      entries.set(`e${i}`, v);
      index.add(`e${i}`, v);
    });
    let compared = 0;
    for (let q = 0; q < 60; q++) {
      const query = q % 2 === 0 ? nearDuplicate(random, vectors[q]!, 0.9 + random() * 0.09) : clusteredVectors(random, 32, 1, 6)[0]!;
      const expected = flatScan(entries, query, 0.6);
      const found = index.search(query, 0.6, 1000);
      // int8 codes move a similarity by about 1e-3, so only pairs clear of the threshold by more must agree.
      const clear = (m: { id: string }) => Math.abs(dot(entries.get(m.id)!, query) - 0.6) > 0.01;
      expect(new Set(found.filter(clear).map((m) => m.id))).toEqual(new Set(expected.filter(clear).map((m) => m.id)));
      for (const m of found) expect(m.similarity).toBeCloseTo(dot(entries.get(m.id)!, query), 2);
      for (let i = 1; i < found.length; i++) expect(found[i - 1]!.similarity).toBeGreaterThanOrEqual(found[i]!.similarity);
      expect(index.search(query, 0.6, 3).map((m) => m.id)).toEqual(found.slice(0, 3).map((m) => m.id));
      compared += expected.length;
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('finds at least 99% of the true neighbours at cosine ≥ 0.9 among 100,000 clustered entries', () => {
    const random = seededRandom(2);
    const dims = 128;
    const vectors = clusteredVectors(random, dims, 100_000, 400);
    // Plant near-duplicates: every tenth entry rewords one of the first 2,000, so each of those has a handful of close neighbours.
    for (let i = 2_000; i < vectors.length; i += 10) vectors[i] = nearDuplicate(random, vectors[Math.floor(random() * 2_000)]!, 0.9 + random() * 0.09);
    const index = new VectorIndex({ dimensions: dims, maxEntries: 100_000 });
    vectors.forEach((v, i) => {
      index.add(`e${i}`, v);
    });
    expect(index.size).toBe(100_000);
    let truth = 0;
    let found = 0;
    for (let q = 0; q < 60; q++) {
      const query = nearDuplicate(random, vectors[q]!, 0.95 + random() * 0.05);
      const hits = new Set(index.search(query, 0.9, 1_000).map((m) => m.id));
      for (let e = 0; e < vectors.length; e++) {
        // int8 codes move a similarity by ~1e-3: neighbours that close to the threshold may fall either side, so they are not counted.
        if (dot(vectors[e]!, query) < 0.905) continue;
        truth++;
        if (hits.has(`e${e}`)) found++;
      }
    }
    expect(truth).toBeGreaterThanOrEqual(200);
    expect(found / truth).toBeGreaterThanOrEqual(0.99);
  });

  it('evicts the oldest entry when full, counting a re-added id as new', () => {
    const random = seededRandom(3);
    const index = new VectorIndex({ dimensions: 8, maxEntries: 3 });
    expect(index.add('a', gaussianVector(random, 8))).toBeUndefined();
    expect(index.add('b', gaussianVector(random, 8))).toBeUndefined();
    expect(index.add('c', gaussianVector(random, 8))).toBeUndefined();
    expect(index.add('d', gaussianVector(random, 8))).toBe('a');
    expect(index.add('b', gaussianVector(random, 8))).toBeUndefined();
    expect(index.add('e', gaussianVector(random, 8))).toBe('c');
    expect(index.add('f', gaussianVector(random, 8))).toBe('d');
    expect([index.has('a'), index.has('b'), index.has('e'), index.has('f')]).toEqual([false, true, true, true]);
    expect(index.size).toBe(3);
  });

  it('evicts through the hash tables too: evicted entries are never found, live ones always', () => {
    const random = seededRandom(4);
    const index = new VectorIndex({ dimensions: 64, maxEntries: 3_000 });
    const vectors = clusteredVectors(random, 64, 6_000, 30);
    vectors.forEach((v, i) => {
      index.add(`e${i}`, v);
    });
    expect(index.size).toBe(3_000);
    for (let i = 0; i < 6_000; i += 97) {
      const best = index.search(vectors[i]!, 0.99, 1);
      if (i < 3_000) expect(best).toEqual([]);
      else expect(best.map((m) => m.id)).toEqual([`e${i}`]);
    }
  });

  it('replaces a re-added id and forgets a deleted one', () => {
    const random = seededRandom(5);
    const index = new VectorIndex({ dimensions: 16, maxEntries: 10 });
    const first = gaussianVector(random, 16);
    const second = gaussianVector(random, 16);
    index.add('x', first);
    index.add('x', second);
    expect(index.size).toBe(1);
    expect(index.search(first, 0.95, 5)).toEqual([]);
    expect(index.search(second, 0.95, 5).map((m) => m.id)).toEqual(['x']);
    expect(index.delete('x')).toBe(true);
    expect(index.delete('x')).toBe(false);
    expect(index.has('x')).toBe(false);
    expect(index.search(second, 0.5, 5)).toEqual([]);
  });

  it('grows bytes() with entries and gives memory back after deletions, still finding the survivors', () => {
    const random = seededRandom(6);
    const index = new VectorIndex({ dimensions: 64, maxEntries: 20_000 });
    const empty = index.bytes();
    const vectors = clusteredVectors(random, 64, 8_000, 20);
    vectors.forEach((v, i) => {
      index.add(`e${i}`, v);
    });
    const full = index.bytes();
    expect(full).toBeGreaterThan(empty + 8_000 * 64);
    for (let i = 0; i < 7_990; i++) index.delete(`e${i}`);
    expect(index.size).toBe(10);
    expect(index.bytes()).toBeLessThan(full / 10);
    for (let i = 7_990; i < 8_000; i++) expect(index.search(vectors[i]!, 0.99, 1).map((m) => m.id)).toEqual([`e${i}`]);
    // Growing again after the shrink brings the hash tables back and keeps finding everything.
    for (let i = 0; i < 5_000; i++) index.add(`again${i}`, vectors[i]!);
    for (let i = 0; i < 5_000; i += 250) expect(index.search(vectors[i]!, 0.99, 1).map((m) => m.id)).toEqual([`again${i}`]);
  });

  it('rejects a vector of the wrong dimension, a zero vector and bad options with clear errors', () => {
    const index = new VectorIndex({ dimensions: 4, maxEntries: 10 });
    expect(() => index.add('a', new Float32Array(5))).toThrow(/5 dimensions, this index holds 4/);
    expect(() => index.search(new Float32Array(3), 0.9, 1)).toThrow(/3 dimensions, this index holds 4/);
    expect(() => index.add('a', new Float32Array(4))).toThrow(/finite and non-zero/);
    expect(() => new VectorIndex({ dimensions: 0, maxEntries: 10 })).toThrow(/dimensions/);
    expect(index.size).toBe(0);
  });
});
