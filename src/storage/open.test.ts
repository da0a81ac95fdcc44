/**
 * Opening storage: the migrations run once and again harmlessly on both dialects, replicas may
 * start together, a file from before migrations opens with its rows, and every failure names the
 * database without its password and says what to do.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestSchema, schemaUrl, TEST_POSTGRES_URL, type TestSchema } from '../testing/postgres.js';
import { StorageError } from './errors.js';
import { runMigrations } from './migrate.js';
import { openStorage, type Storage } from './open.js';

/** Every table the migrations create. */
const TABLES = [
  'alert_events',
  'api_keys',
  'audit_log',
  'experiments',
  'feedback',
  'governance_state',
  'projects',
  'prompt_label_events',
  'prompt_labels',
  'prompt_versions',
  'prompts',
  'request_log',
  'responses',
  'spend_daily',
  'spend_ledger',
  'teams',
];

const dir = mkdtempSync(join(tmpdir(), 'switchboard-open-'));
const schemas: TestSchema[] = [];
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  for (const schema of schemas) await schema.drop();
});

/** The tables of the database (SQLite) or of one schema (PostgreSQL: introspection lists every schema's). */
async function tables(storage: Storage, schema?: string): Promise<string[]> {
  const all = await storage.db.introspection.getTables();
  return all
    .filter((table) => schema === undefined || table.schema === schema)
    .map((table) => table.name)
    .sort();
}

async function failure(url: string): Promise<StorageError> {
  try {
    const storage = await openStorage(url, { pool: { connectionTimeoutMs: 2_000 } });
    await storage.close();
  } catch (err) {
    expect(err).toBeInstanceOf(StorageError);
    return err as StorageError;
  }
  throw new Error(`openStorage(${url}) succeeded; it must fail`);
}

describe('migrations on SQLite', () => {
  it('create the tables once; running them again changes nothing', async () => {
    const url = `sqlite:${join(dir, 'twice.db')}`;
    const first = await openStorage(url);
    expect(await tables(first)).toEqual(TABLES);
    expect(await runMigrations(first.db, url)).toEqual([]);
    await first.close();
    const second = await openStorage(url);
    expect(await tables(second)).toEqual(TABLES);
    await second.close();
  });

  it('open a file written before migrations existed, keeping its request log rows', async () => {
    const path = join(dir, 'legacy.db');
    const legacy = new Database(path);
    legacy.exec(`CREATE TABLE request_log (
      id TEXT PRIMARY KEY, time INTEGER NOT NULL, operation TEXT NOT NULL, ingress TEXT NOT NULL, stream INTEGER NOT NULL,
      model_requested TEXT NOT NULL, provider TEXT, provider_type TEXT, model_served TEXT, status INTEGER NOT NULL,
      error_code TEXT, finish_reason TEXT, input_tokens INTEGER, output_tokens INTEGER, cached_input_tokens INTEGER,
      cache_write_tokens INTEGER, reasoning_tokens INTEGER, cost_usd REAL, attempts INTEGER NOT NULL,
      gateway_ms REAL NOT NULL, upstream_ttfb_ms REAL, ttft_ms REAL, total_ms REAL NOT NULL);
      CREATE INDEX request_log_time ON request_log (time);
      INSERT INTO request_log (id, time, operation, ingress, stream, model_requested, status, attempts, gateway_ms, total_ms)
        VALUES ('req_old', 1, 'chat', 'openai', 0, 'm', 200, 1, 0.5, 10);`);
    legacy.close();
    const storage = await openStorage(`sqlite:${path}`);
    expect(await tables(storage)).toEqual(TABLES);
    const rows = await storage.db.selectFrom('request_log').select(['id', 'total_ms']).execute();
    expect(rows).toEqual([{ id: 'req_old', total_ms: 10 }]);
    await storage.close();
  });

  it('fail with the path and the fix when the file cannot be created', async () => {
    const blocker = join(dir, 'not-a-dir');
    writeFileSync(blocker, 'a file where a directory should be');
    const error = await failure(`sqlite:${join(blocker, 'sub', 'db.sqlite')}`);
    expect(error.message).toContain(`sqlite:${join(blocker, 'sub', 'db.sqlite')}`);
    expect(error.message).toMatch(/Fix: /);
  });

  it('fail with the path and the fix when the file is not a database', async () => {
    const path = join(dir, 'garbage.db');
    writeFileSync(path, 'x'.repeat(4096));
    const error = await failure(`sqlite:${path}`);
    expect(error.message).toContain(path);
    expect(error.message).toMatch(/not a usable SQLite database/);
  });
});

describe('migrations on PostgreSQL', () => {
  it('create the tables once; running them again changes nothing', async () => {
    const schema = await createTestSchema('open_twice');
    schemas.push(schema);
    const first = await openStorage(schema.url);
    expect(await tables(first, schema.name)).toEqual(TABLES);
    expect(await runMigrations(first.db, 'test', 'postgres')).toEqual([]);
    await first.close();
    const second = await openStorage(schema.url);
    const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(second.db);
    expect(applied.rows.map((row) => row.name)).toEqual([
      '20261206-01-request-log',
      '20261206-02-responses',
      '20261207-01-governance',
      '20261208-01-routing',
      '20261209-01-observability',
      '20261210-01-cache',
      '20261211-01-guardrails',
      '20261212-01-prompts',
    ]);
    await second.close();
  });

  it('migrate a schema of its own even when another schema of the database is migrated already', async () => {
    const first = await createTestSchema('open_first');
    const second = await createTestSchema('open_second');
    schemas.push(first, second);
    await (await openStorage(first.url)).close();
    const storage = await openStorage(second.url);
    expect(await tables(storage, second.name)).toEqual(TABLES);
    await storage.db.selectFrom('responses').selectAll().execute();
    await storage.close();
  });

  it('let several replicas start on an empty schema at the same time', async () => {
    const schema = await createTestSchema('open_replicas');
    schemas.push(schema);
    const replicas = await Promise.all([openStorage(schema.url), openStorage(schema.url), openStorage(schema.url)]);
    for (const replica of replicas) expect(await tables(replica, schema.name)).toEqual(TABLES);
    await Promise.all(replicas.map((replica) => replica.close()));
  });

  it('read BIGINT columns back as numbers', async () => {
    const schema = await createTestSchema('open_bigint');
    schemas.push(schema);
    const storage = await openStorage(schema.url);
    const row = await sql<{ big: unknown }>`select 1800000000000::bigint as big`.execute(storage.db);
    expect(row.rows[0]!.big).toBe(1_800_000_000_000);
    await storage.close();
  });

  it('fail naming the URL without its password, with the fix, when nothing listens', async () => {
    const error = await failure('postgres://switchboard:S3cret-Pass@127.0.0.1:1/db?sslpassword=S3cret-Too');
    expect(error.message).toContain('postgres://switchboard@127.0.0.1:1/db');
    expect(error.message).not.toContain('S3cret');
    expect(error.message).toMatch(/ECONNREFUSED/);
    expect(error.message).toMatch(/Fix: check that PostgreSQL is running/);
  });

  it('fail with the fix when the database does not exist', async () => {
    const error = await failure(TEST_POSTGRES_URL.replace(/\/test$/, '/no_such_database_sb'));
    expect(error.message).toContain('/no_such_database_sb');
    expect(error.message).toMatch(/createdb/);
  });

  it('fail with the fix when the search_path schema does not exist', async () => {
    const error = await failure(schemaUrl(TEST_POSTGRES_URL, 'no_such_schema_sb'));
    expect(error.message).toMatch(/CREATE SCHEMA/);
  });
});

describe('storage URLs', () => {
  it('refuse anything but sqlite:PATH and postgres://', async () => {
    const error = await failure('mysql://root:pw@127.0.0.1/db');
    expect(error.message).not.toContain('pw');
    expect(error.message).toMatch(/sqlite:PATH or postgres:\/\//);
  });
});
