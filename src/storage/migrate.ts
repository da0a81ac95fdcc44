/** Runs the migrations at start; a failure becomes a StorageError naming the database and the fix. */
import { type Kysely, Migrator, sql } from 'kysely';
import { StorageError, storageFix } from './errors.js';
import { migrationProvider } from './migrations/index.js';
import type { StorageSchema } from './schema.js';

/** The names of the migrations applied by this run (empty when the database was up to date). */
export async function runMigrations(db: Kysely<StorageSchema>, description: string, dialect: 'sqlite' | 'postgres' = 'sqlite'): Promise<string[]> {
  let outcome: Awaited<ReturnType<Migrator['migrateToLatest']>>;
  try {
    const migrator = new Migrator({ db, provider: migrationProvider, migrationTableSchema: dialect === 'postgres' ? await currentSchema(db) : undefined });
    outcome = await migrator.migrateToLatest();
  } catch (err) {
    throw failure(description, undefined, err);
  }
  const failed = outcome.results?.find((result) => result.status === 'Error');
  if (outcome.error !== undefined) throw failure(description, failed?.migrationName, outcome.error);
  return (outcome.results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName);
}

/**
 * The schema unqualified names resolve to (the first existing one on search_path). Kysely's
 * Migrator must be told it: without a schema it takes a migration table found in any schema of
 * the database (another deployment's) for its own.
 */
async function currentSchema(db: Kysely<StorageSchema>): Promise<string> {
  const result = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  const schema = result.rows[0]?.schema;
  if (!schema) throw Object.assign(new Error('no schema on the search_path exists'), { code: '3F000' });
  return schema;
}

function failure(description: string, migration: string | undefined, err: unknown): StorageError {
  const reason = err instanceof Error ? err.message : String(err);
  const step = migration ? `migration '${migration}' failed` : 'cannot open or migrate it';
  return new StorageError(`storage ${description}: ${step}: ${reason}. Fix: ${storageFix(err)}.`, { cause: err });
}
