/**
 * What only the Redis cache store must show: two stores on one Redis behave as two replicas (B
 * finds the question A stored, once it catches up), a malformed value is a miss said once, the
 * stream and the in-process partitions stay bounded, and every call rejects while Redis is away.
 * Uses Redis on 127.0.0.1:6379 under a prefix of this file's own.
 */
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { cacheEntry, unitVector } from '../../testing/cache-entries.js';
import { closedPort } from '../../testing/closed-port.js';
import { RedisCacheStore, type RedisCacheStoreOptions } from './cache-store.js';
import { connectRedis, redisReady } from './connect.js';
import { deleteRedisPrefix } from '../../testing/redis-prefix.js';

const URL = 'redis://127.0.0.1:6379';
const PREFIX = `sbtest:cache-redis:${process.pid}:${Date.now()}:`;
const admin = new Redis(URL);
const stores: RedisCacheStore[] = [];
let clock = Date.now();
const T0 = clock;

afterEach(async () => {
  clock = T0;
  for (const store of stores.splice(0)) await store.close();
});
afterAll(async () => {
  await deleteRedisPrefix(admin, PREFIX);
  admin.disconnect();
});

/** A store (a replica) on its own connection under PREFIX + sub. */
async function replica(sub: string, options: Partial<RedisCacheStoreOptions> = {}): Promise<RedisCacheStore> {
  const client = connectRedis(URL, { keyPrefix: `${PREFIX}${sub}:`, commandTimeoutMs: 2_000 });
  expect(await redisReady(client, 5_000)).toBe(true);
  const store = new RedisCacheStore(client, { maxVectorsPerPartition: 100, ownsClient: true, now: () => clock, ...options });
  stores.push(store);
  return store;
}

describe('RedisCacheStore across replicas', () => {
  it('serves an exact entry one replica stored from another', async () => {
    const a = await replica('shared1');
    const b = await replica('shared1');
    const entry = cacheEntry('team:A/key:k1', 'hello', clock);
    await a.put('exact-1', entry);
    expect(await b.get('exact-1')).toEqual(entry);
  });

  it('finds on replica B a question replica A stored, after B catches up, and a partition B reads for the first time', async () => {
    const a = await replica('shared2');
    const b = await replica('shared2');
    // B has read the partition (empty) before A writes: it learns of A's vector on its next catch-up.
    expect(await b.nearest('p', unitVector(2), 0.9, 4)).toEqual([]);
    await a.put('sem-1', cacheEntry('team:A', 'two', clock, 'what is two'), { partition: 'p', vector: unitVector(2) });
    // Within the catch-up interval B searches what it holds.
    expect(await b.nearest('p', unitVector(2), 0.9, 4)).toEqual([]);
    clock += 250;
    const found = await b.nearest('p', unitVector(2), 0.9, 4);
    expect(found.map((n) => n.key)).toEqual(['sem-1']);
    expect((await b.get('sem-1'))?.question).toBe('what is two');
    // A fresh replica reads the whole partition on its first search.
    const c = await replica('shared2');
    expect((await c.nearest('p', unitVector(2), 0.9, 4)).map((n) => n.key)).toEqual(['sem-1']);
    expect(c.stats().vectors).toBe(1);
  });

  it('reads a long partition a batch at a time and ends up holding all of it', async () => {
    const a = await replica('long');
    for (let i = 0; i < 25; i++) await a.put(`l${i}`, cacheEntry('team:A', `l${i}`, clock, `l${i}`), { partition: 'long', vector: unitVector(i) });
    const b = await replica('long', { readBatch: 4 });
    expect(await b.nearest('long', unitVector(0), 0.9, 10)).not.toHaveLength(0);
    for (let i = 0; i < 500 && b.stats().vectors < 25; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(b.stats().vectors).toBe(25);
  });

  it('drops the vector of an entry another replica purged once a lookup notices', async () => {
    const a = await replica('purge');
    const b = await replica('purge');
    await a.put('gone', cacheEntry('team:A', 'gone', clock, 'gone'), { partition: 'pp', vector: unitVector(4) });
    expect((await b.nearest('pp', unitVector(4), 0.9, 4)).map((n) => n.key)).toEqual(['gone']);
    expect(await a.purge({ team: 'A' })).toBe(1);
    expect(await b.get('gone')).toBeUndefined();
    expect(await b.nearest('pp', unitVector(4), 0.9, 4)).toEqual([]);
  });
});

describe('RedisCacheStore bounds and bad data', () => {
  it('treats a value that is not an entry as missing, and says so once', async () => {
    const warnings: string[] = [];
    const logger = { warn: (_f: object, m: string) => warnings.push(m), error: () => {}, info: () => {} };
    const store = await replica('bad', { logger });
    await admin.set(`${PREFIX}bad:e:junk`, 'not json {');
    await admin.set(`${PREFIX}bad:e:shape`, JSON.stringify({ scope: 'team:A', response: 'text' }));
    expect(await store.get('junk')).toBeUndefined();
    expect(await store.get('shape')).toBeUndefined();
    expect(warnings).toHaveLength(1);
  });

  it('bounds the partition stream in Redis and the partitions held in process', async () => {
    const store = await replica('bounds', { maxVectorsPerPartition: 5, maxPartitions: 2 });
    for (let i = 0; i < 300; i++) await store.put(`v${i}`, cacheEntry('team:A', `v${i}`, clock, `v${i}`), { partition: 'big', vector: unitVector(i) });
    // MAXLEN ~ trims whole stream nodes (at most 100 entries each).
    expect(await admin.xlen(`${PREFIX}bounds:v:big`)).toBeLessThanOrEqual(5 + 100);
    expect((await store.nearest('big', unitVector(0), 0.1, 100)).length).toBeLessThanOrEqual(5);
    await store.nearest('p2', unitVector(0), 0.9, 4);
    await store.nearest('p3', unitVector(0), 0.9, 4);
    expect(store.heldPartitions()).toBe(2);
  });

  it('counts entries and scopes across replicas from the indexes in Redis', async () => {
    const a = await replica('remote');
    const b = await replica('remote');
    await a.put('r1', cacheEntry('team:A/key:k', 'r1', clock));
    await b.put('r2', cacheEntry('team:A/key:k', 'r2', clock));
    await b.put('r3', cacheEntry('global', 'r3', clock));
    expect(await a.remoteStats()).toEqual({ entries: 3, scopes: 2 });
    expect(a.stats().entries).toBe(1);
  });

  it('gives every index key a TTL, so nothing outlives the entries', async () => {
    const store = await replica('ttl');
    await store.put('t1', cacheEntry('team:A/key:k', 't1', clock, 't1'), { partition: 'pt', vector: unitVector(1) });
    for (const key of ['e:t1', 's:team:A/key:k', 'r:team:A', 'roots', 'lifetime', 'v:pt']) expect(await admin.pttl(`${PREFIX}ttl:${key}`)).toBeGreaterThan(0);
  });
});

describe('RedisCacheStore while Redis is away', () => {
  it('rejects every call instead of waiting', async () => {
    const port = await closedPort();
    const client = connectRedis(`redis://127.0.0.1:${port}`, { keyPrefix: PREFIX, commandTimeoutMs: 100, connectTimeoutMs: 100 });
    client.on('error', () => {});
    const store = new RedisCacheStore(client, { maxVectorsPerPartition: 10, ownsClient: true });
    stores.push(store);
    await expect(store.get('k')).rejects.toThrow();
    await expect(store.put('k', cacheEntry('team:A', 'x', Date.now()))).rejects.toThrow();
    await expect(store.nearest('p', unitVector(0), 0.9, 4)).rejects.toThrow();
    await expect(store.purge({ team: 'A' })).rejects.toThrow();
    expect(store.stats().entries).toBe(0);
  });
});
