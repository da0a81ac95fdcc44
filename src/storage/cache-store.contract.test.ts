/**
 * The CacheStore contract, run against both implementations: the in-process store, and Redis on
 * 127.0.0.1:6379 (keys under a prefix of this file's own, deleted after). Time is a clock the
 * test moves, so expiry is checked without waiting.
 */
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { CacheStore } from '../cache/store-contract.js';
import { cacheEntry as entryAt, unitVector as unit } from '../testing/cache-entries.js';
import { MemoryCacheStore } from './memory/cache-store.js';
import { RedisCacheStore } from './redis/cache-store.js';
import { connectRedis, redisReady } from './redis/connect.js';

const T0 = Date.now();
let clock = T0;
const MINUTE = 60_000;

/** An entry of a scope created at `createdAt` (the clock by default), living an hour. */
const cacheEntry = (scope: string, text: string, createdAt = clock, question?: string) => entryAt(scope, text, createdAt, question);

interface Harness {
  fresh(options?: { maxVectorsPerPartition?: number }): Promise<CacheStore>;
  cleanup(): Promise<void>;
}

function memoryHarness(): Harness {
  return {
    fresh: async (options) =>
      new MemoryCacheStore({ maxBytes: 64 * 1024 * 1024, maxVectorsPerPartition: options?.maxVectorsPerPartition ?? 100, now: () => clock }),
    cleanup: async () => {},
  };
}

function redisHarness(): Harness {
  const filePrefix = `sbtest:cache-contract:${process.pid}:${Date.now()}:`;
  const admin = new Redis('redis://127.0.0.1:6379');
  const stores: CacheStore[] = [];
  let n = 0;
  return {
    async fresh(options) {
      const client = connectRedis('redis://127.0.0.1:6379', { keyPrefix: `${filePrefix}${n++}:`, commandTimeoutMs: 2_000 });
      expect(await redisReady(client, 5_000)).toBe(true);
      const store = new RedisCacheStore(client, { maxVectorsPerPartition: options?.maxVectorsPerPartition ?? 100, ownsClient: true, now: () => clock });
      stores.push(store);
      return store;
    },
    async cleanup() {
      for (const store of stores.splice(0)) await store.close();
      let cursor = '0';
      do {
        const [next, keys] = await admin.scan(cursor, 'MATCH', `${filePrefix}*`, 'COUNT', 1000);
        if (keys.length > 0) await admin.del(...keys);
        cursor = next;
      } while (cursor !== '0');
    },
  };
}

const harnesses: Array<[string, Harness]> = [
  ['memory', memoryHarness()],
  ['redis', redisHarness()],
];

afterEach(async () => {
  clock = T0;
  for (const [, harness] of harnesses) await harness.cleanup();
});
afterAll(async () => {
  for (const [, harness] of harnesses) await harness.cleanup();
});

describe.each(harnesses)('CacheStore contract: %s', (_name, harness) => {
  it('returns what was put, nothing for an unknown key, and the latest of two puts under one key', async () => {
    const store = await harness.fresh();
    expect(await store.get('nope')).toBeUndefined();
    const entry = cacheEntry('team:t1/key:k1', 'first');
    await store.put('k-a', entry);
    expect(await store.get('k-a')).toEqual(entry);
    const replaced = cacheEntry('team:t1/key:k1', 'second');
    await store.put('k-a', replaced);
    expect((await store.get('k-a'))?.response.text).toBe('second');
    expect(store.stats().entries).toBeGreaterThanOrEqual(1);
  });

  it('never returns an entry past its expiry', async () => {
    const store = await harness.fresh();
    const entry = cacheEntry('team:t1/key:k1', 'short');
    entry.expiresAt = clock + 5_000;
    await store.put('k-short', entry);
    expect(await store.get('k-short')).toBeDefined();
    clock += 5_000;
    expect(await store.get('k-short')).toBeUndefined();
  });

  it('purges by team, by scope within a team, by namespace and by age, counting what it removed', async () => {
    const store = await harness.fresh();
    await store.put('a1', cacheEntry('team:A/key:k1', 'a1', clock - 10 * MINUTE));
    await store.put('a2', cacheEntry('team:A/key:k2', 'a2'));
    await store.put('a3', cacheEntry('team:A/key:k1/ns:docs', 'a3'));
    await store.put('ab', cacheEntry('team:AB/key:k9', 'ab'));
    await store.put('b1', cacheEntry('team:B', 'b1', clock - 10 * MINUTE));
    await store.put('b2', cacheEntry('team:B/ns:docs', 'b2'));
    await store.put('g1', cacheEntry('global/ns:docs', 'g1'));
    await store.put('o1', cacheEntry('caller:open_mode', 'o1', clock - 10 * MINUTE));

    expect(await store.purge({ namespace: 'docs', team: 'A' })).toBe(1);
    expect(await store.get('a3')).toBeUndefined();
    expect(await store.get('b2')).toBeDefined();

    expect(await store.purge({ scope: 'team:A/key:k1' })).toBe(1);
    expect(await store.get('a1')).toBeUndefined();
    expect(await store.get('a2')).toBeDefined();

    expect(await store.purge({ createdBefore: clock - MINUTE })).toBe(2);
    expect(await store.get('b1')).toBeUndefined();
    expect(await store.get('o1')).toBeUndefined();

    expect(await store.purge({ namespace: 'docs' })).toBe(2);
    expect(await store.get('g1')).toBeUndefined();

    // Team A is not a prefix of team AB.
    expect(await store.purge({ team: 'A' })).toBe(1);
    expect(await store.get('ab')).toBeDefined();
    expect(await store.purge({})).toBe(1);
    expect(await store.get('ab')).toBeUndefined();
    expect(await store.purge({})).toBe(0);
  });

  it('finds the nearest stored questions of a partition, best first, above the threshold and within the limit', async () => {
    const store = await harness.fresh();
    await store.put('q0', cacheEntry('team:A', 'zero', clock, 'q0'), { partition: 'p1', vector: unit(0) });
    await store.put('q0b', cacheEntry('team:A', 'zero-ish', clock, 'q0b'), { partition: 'p1', vector: unit(0, 0.2) });
    await store.put('q3', cacheEntry('team:A', 'three', clock, 'q3'), { partition: 'p1', vector: unit(3) });
    await store.put('other', cacheEntry('team:A', 'elsewhere', clock, 'other'), { partition: 'p2', vector: unit(0) });
    const found = await store.nearest('p1', unit(0), 0.9, 4);
    expect(found.map((n) => n.key)).toEqual(['q0', 'q0b']);
    expect(found[0]!.similarity).toBeCloseTo(1, 5);
    expect(await store.nearest('p1', unit(0), 0.9, 1)).toHaveLength(1);
    expect(await store.nearest('p-none', unit(0), 0.5, 4)).toEqual([]);
  });

  it('keeps at most maxVectorsPerPartition vectors in a partition, the newest', async () => {
    const store = await harness.fresh({ maxVectorsPerPartition: 3 });
    for (let i = 0; i < 6; i++) await store.put(`b${i}`, cacheEntry('team:A', `b${i}`, clock, `b${i}`), { partition: 'bounded', vector: unit(0, i / 100) });
    const found = await store.nearest('bounded', unit(0), 0.5, 10);
    expect(found.length).toBeLessThanOrEqual(3);
    expect(found.map((n) => n.key)).toContain('b5');
    expect(found.map((n) => n.key)).not.toContain('b0');
  });

  it('never finds a purged semantic entry again', async () => {
    const store = await harness.fresh();
    await store.put('s1', cacheEntry('team:A', 'one', clock, 's1'), { partition: 'ps', vector: unit(1) });
    expect((await store.nearest('ps', unit(1), 0.9, 4)).map((n) => n.key)).toEqual(['s1']);
    expect(await store.purge({ team: 'A' })).toBe(1);
    expect(await store.nearest('ps', unit(1), 0.9, 4)).toEqual([]);
    expect(await store.get('s1')).toBeUndefined();
  });
});
