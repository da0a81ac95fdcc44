/**
 * A throwaway PostgreSQL schema per test file on the local server (127.0.0.1:5432, database
 * `test`), so test files running in parallel never see each other's tables. Production code never
 * imports this.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The local test server; PGTEST_URL overrides it. */
export const TEST_POSTGRES_URL = process.env.PGTEST_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A schema created for one test file. */
export interface TestSchema {
  name: string;
  /** The storage URL whose connections use this schema (search_path, through libpq's `options`). */
  url: string;
  /** Drops the schema and everything in it. */
  drop(): Promise<void>;
}

/** Creates a uniquely named schema; `label` makes it recognisable (letters, digits, _). */
export async function createTestSchema(label: string): Promise<TestSchema> {
  const name = `sb_${label}_${process.pid}_${randomBytes(4).toString('hex')}`.toLowerCase();
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`bad schema label '${label}'`);
  await run(`CREATE SCHEMA ${name}`);
  return {
    name,
    url: schemaUrl(TEST_POSTGRES_URL, name),
    drop: () => run(`DROP SCHEMA IF EXISTS ${name} CASCADE`),
  };
}

/** A storage URL whose connections put `schema` first on the search_path. */
export function schemaUrl(url: string, schema: string): string {
  const separator = url.includes('?') ? '&' : '?';
  return `${url}${separator}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
}

async function run(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
