/** The storage probe on both databases: ok when the database answers, a reason when a PostgreSQL pool cannot connect. */
import { Kysely, PostgresDialect } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createPool, DEFAULT_POOL_LIMITS } from '../storage/postgres/pool.js';
import { openStorage, type Storage } from '../storage/open.js';
import type { StorageSchema } from '../storage/schema.js';
import { TEST_POSTGRES_URL } from '../testing/postgres.js';
import { redisCheck, storageCheck } from './dependency-checks.js';

const opened: Array<{ close(): Promise<void> }> = [];
afterAll(async () => {
  for (const o of opened) await o.close();
});

describe('storageCheck', () => {
  it('is ok on SQLite and on a reachable PostgreSQL', async () => {
    const sqlite: Storage = await openStorage('sqlite::memory:');
    opened.push(sqlite);
    expect(await storageCheck(sqlite).check()).toBeUndefined();
    const pool = createPool(TEST_POSTGRES_URL, { ...DEFAULT_POOL_LIMITS, max: 1 }, () => {});
    const db = new Kysely<StorageSchema>({ dialect: new PostgresDialect({ pool }) });
    opened.push({ close: () => db.destroy() });
    expect(await storageCheck({ db }).check()).toBeUndefined();
  });

  it('names why when PostgreSQL cannot be reached, without the password', async () => {
    const pool = createPool('postgres://app:sekret@127.0.0.1:9/nothing', { ...DEFAULT_POOL_LIMITS, max: 1, connectionTimeoutMs: 500 }, () => {});
    const db = new Kysely<StorageSchema>({ dialect: new PostgresDialect({ pool }) });
    opened.push({ close: () => db.destroy() });
    const answer = await storageCheck({ db }).check();
    expect(answer).toMatch(/^unreachable: .*ECONNREFUSED/);
    expect(answer).not.toContain('sekret');
  });
});

describe('redisCheck', () => {
  it('is ok once Redis answers a PING', async () => {
    const redis = redisCheck('redis://127.0.0.1:6379');
    opened.push(redis);
    for (let i = 0; i < 100 && (await redis.check.check()) !== undefined; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await redis.check.check()).toBeUndefined();
  });
});
