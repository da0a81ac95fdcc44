/** The in-process cache store: bounded in bytes by recency, expired on read, vectors kept with their entries, purges. */
import { describe, expect, it } from 'vitest';
import { type CacheEntry, entryBytes } from '../../cache/entry.js';
import { MemoryCacheStore } from './cache-store.js';

let clock = 1_000;
const now = () => clock;

function entry(text: string, fields: Partial<CacheEntry> = {}): CacheEntry {
  return {
    response: { id: 'r', model: 'm', created: 0, text, toolCalls: [], finishReason: 'stop', usage: { inputTokens: 1, outputTokens: 1 } },
    alias: 'gpt',
    scope: 'team:t1/key:k1',
    createdAt: clock,
    expiresAt: clock + 60_000,
    ...fields,
  };
}

/** A unit vector pointing mostly along axis `i` of 4. */
function unit(i: number, tilt = 0): Float32Array {
  const v = new Float32Array(4);
  v[i] = 1;
  v[(i + 1) % 4] = tilt;
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

const store = (maxBytes = 1_000_000, maxVectorsPerPartition = 100) => new MemoryCacheStore({ maxBytes, maxVectorsPerPartition, now });

describe('MemoryCacheStore', () => {
  it('gets what it put, replaces under the same key, and counts bytes', () => {
    const s = store();
    const first = entry('one');
    s.put('k', first);
    expect(s.get('k')).toBe(first);
    const second = entry('two, longer');
    s.put('k', second);
    expect(s.get('k')).toBe(second);
    expect(s.stats()).toEqual({ entries: 1, bytes: entryBytes(second) + 2, vectors: 0 });
    expect(s.get('absent')).toBeUndefined();
  });

  it('evicts the least recently used entries to stay within its bytes; a read counts as a use', () => {
    const one = entry('x'.repeat(100));
    const size = entryBytes(one) + 4; // keys of two characters, two bytes each
    const s = store(size * 3);
    s.put('k1', one);
    s.put('k2', entry('x'.repeat(100)));
    s.put('k3', entry('x'.repeat(100)));
    expect(s.get('k1')).toBeDefined();
    s.put('k4', entry('x'.repeat(100)));
    expect(s.get('k2')).toBeUndefined();
    expect(s.get('k1')).toBeDefined();
    expect(s.get('k3')).toBeDefined();
    expect(s.get('k4')).toBeDefined();
    expect(s.stats().bytes).toBeLessThanOrEqual(size * 3);
    expect(s.stats().entries).toBe(3);
  });

  it('never stores an entry bigger than its whole bound', () => {
    const s = store(500);
    s.put('big', entry('x'.repeat(1000)));
    expect(s.get('big')).toBeUndefined();
    expect(s.stats()).toEqual({ entries: 0, bytes: 0, vectors: 0 });
  });

  it('expires entries on read, and drops them', () => {
    const s = store();
    s.put('k', entry('soon', { expiresAt: clock + 10 }));
    clock += 9;
    expect(s.get('k')).toBeDefined();
    clock += 1;
    expect(s.get('k')).toBeUndefined();
    expect(s.stats().entries).toBe(0);
    expect(s.stats().bytes).toBe(0);
  });

  it('finds the nearest stored questions of a partition, best first, above the threshold', () => {
    const s = store();
    s.put('a', entry('a'), { partition: 'p', vector: unit(0) });
    s.put('b', entry('b'), { partition: 'p', vector: unit(0, 0.3) });
    s.put('c', entry('c'), { partition: 'p', vector: unit(2) });
    s.put('d', entry('d'), { partition: 'q', vector: unit(0) });
    const found = s.nearest('p', unit(0), 0.9, 4);
    expect(found.map((n) => n.key)).toEqual(['a', 'b']);
    expect(found[0]!.similarity).toBeCloseTo(1, 5);
    expect(s.nearest('p', unit(0), 0.9, 1).map((n) => n.key)).toEqual(['a']);
    expect(s.nearest('none', unit(0), 0.1, 4)).toEqual([]);
    expect(s.stats().vectors).toBe(4);
  });

  it('drops a vector with its entry: evicted, expired, replaced or purged', () => {
    const size = entryBytes(entry('x')) + 2;
    const s = store(size * 2);
    s.put('a', entry('x'), { partition: 'p', vector: unit(0) });
    s.put('b', entry('x'), { partition: 'p', vector: unit(1) });
    s.put('c', entry('x'), { partition: 'p', vector: unit(2) });
    expect(s.nearest('p', unit(0), 0.9, 4)).toEqual([]);
    expect(s.stats().vectors).toBe(2);
    s.put('b', entry('x'));
    expect(s.nearest('p', unit(1), 0.9, 4)).toEqual([]);
    s.put('e', entry('x', { expiresAt: clock + 1 }), { partition: 'p', vector: unit(3) });
    clock += 1;
    expect(s.get('e')).toBeUndefined();
    expect(s.nearest('p', unit(3), 0.9, 4)).toEqual([]);
    expect(s.stats().vectors).toBe(0);
  });

  it('drops the entry whose vector the partition bound evicted', () => {
    const s = store(1_000_000, 2);
    s.put('a', entry('a'), { partition: 'p', vector: unit(0) });
    s.put('b', entry('b'), { partition: 'p', vector: unit(1) });
    s.put('c', entry('c'), { partition: 'p', vector: unit(2) });
    expect(s.get('a')).toBeUndefined();
    expect(s.get('b')).toBeDefined();
    expect(s.stats()).toMatchObject({ entries: 2, vectors: 2 });
  });

  it('purges the entries a filter matches, with their vectors, and says how many', async () => {
    const s = store();
    s.put('t1', entry('a', { scope: 'team:t1/key:k1' }), { partition: 'p', vector: unit(0) });
    s.put('t1ns', entry('b', { scope: 'team:t1/key:k1/ns:x' }));
    s.put('t2', entry('c', { scope: 'team:t2/key:k9' }));
    s.put('g', entry('d', { scope: 'global' }));
    expect(await s.purge({ team: 't1' })).toBe(2);
    expect(s.get('t1')).toBeUndefined();
    expect(s.get('t1ns')).toBeUndefined();
    expect(s.nearest('p', unit(0), 0.5, 4)).toEqual([]);
    expect(s.get('t2')).toBeDefined();
    expect(await s.purge({})).toBe(2);
    expect(s.stats()).toEqual({ entries: 0, bytes: 0, vectors: 0 });
  });
});
