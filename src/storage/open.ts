/**
 * Opening storage: one Kysely database for `sqlite:PATH` (the embedded default) or
 * `postgres://…` (several replicas), migrated to the latest schema before it is handed out.
 */
import type Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { StorageError, storageFix } from './errors.js';
import { runMigrations } from './migrate.js';
import { createPool, DEFAULT_POOL_LIMITS, type PoolLimits } from './postgres/pool.js';
import type { StorageSchema } from './schema.js';
import { openSqlite } from './sqlite/open.js';
import { describeStorageUrl, parseStorageUrl } from './url.js';

/** An open, migrated database. */
export interface Storage {
  kind: 'sqlite' | 'postgres';
  db: Kysely<StorageSchema>;
  /** The better-sqlite3 handle (SQLite only): the request log writes through it directly. */
  sqlite?: Database.Database;
  /** The URL without its password, for logs and errors. */
  description: string;
  /** Closes the database (the pool, or the file). */
  close(): Promise<void>;
}

/** Options for openStorage. */
export interface OpenStorageOptions {
  /** PostgreSQL pool bounds (default DEFAULT_POOL_LIMITS). */
  pool?: Partial<PoolLimits>;
  /** Hears errors of idle PostgreSQL connections (logged; the pool replaces them). */
  onIdleError?(err: Error): void;
  /** Hears the names of the migrations this open applied (empty when the database was up to date). */
  onMigrated?(applied: string[]): void;
}

/** Opens the database a `storage:` setting names and runs the migrations; throws StorageError. */
export async function openStorage(url: string, options: OpenStorageOptions = {}): Promise<Storage> {
  const target = parseStorageUrl(url);
  const description = describeStorageUrl(url);
  if (!target) throw new StorageError(`storage ${description}: not a storage URL. Use sqlite:PATH or postgres://USER@HOST:PORT/DATABASE.`);

  let storage: Storage;
  if (target.kind === 'sqlite') {
    let sqlite: Database.Database;
    try {
      sqlite = openSqlite(target.path);
    } catch (err) {
      throw new StorageError(`storage ${description}: cannot open the file: ${(err as Error).message}. Fix: ${storageFix(err)}.`, { cause: err });
    }
    const db = new Kysely<StorageSchema>({ dialect: new SqliteDialect({ database: sqlite }) });
    storage = { kind: 'sqlite', db, sqlite, description, close: () => db.destroy() };
  } else {
    const pool = createPool(target.url, { ...DEFAULT_POOL_LIMITS, ...options.pool }, options.onIdleError ?? (() => {}));
    const db = new Kysely<StorageSchema>({ dialect: new PostgresDialect({ pool }) });
    storage = { kind: 'postgres', db, description, close: () => db.destroy() };
  }
  try {
    const applied = await runMigrations(storage.db, description, storage.kind);
    options.onMigrated?.(applied);
  } catch (err) {
    await storage.close().catch(() => {});
    throw err;
  }
  return storage;
}
