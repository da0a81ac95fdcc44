/**
 * Governance storage for contract tests: the same tests run on a SQLite file in a temp folder
 * and on a throwaway PostgreSQL schema. `second()` stands in for another replica: another pool on
 * the same PostgreSQL schema; on SQLite the same Storage, because one process owns a SQLite file
 * (a second better-sqlite3 handle in the same process would block the event loop in its busy
 * wait while the first one's transaction awaits it). Production code never imports this.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStorage, type Storage } from '../storage/open.js';
import { createTestSchema } from './postgres.js';

/** One database, opened for a test file. */
export interface GovernanceDatabase {
  /** The storage URL (for configs handed to the CLI). */
  url: string;
  storage: Storage;
  /** Another pool on the same database (PostgreSQL), or the same Storage (SQLite): a second replica. */
  second(): Promise<Storage>;
  /** Empties the governance tables and sets the epoch back to 0. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** The dialects every governance contract test runs on: [name, opener]. */
export const GOVERNANCE_DIALECTS = [
  ['sqlite', (label: string) => openGovernanceSqlite(label)],
  ['postgres', (label: string) => openGovernancePostgres(label)],
] as const;

async function wrap(url: string, cleanup: () => Promise<void>): Promise<GovernanceDatabase> {
  const sqlite = url.startsWith('sqlite:');
  const storage = await openStorage(url);
  const others: Storage[] = [];
  return {
    url,
    storage,
    async second() {
      if (sqlite) return storage;
      const other = await openStorage(url);
      others.push(other);
      return other;
    },
    async reset() {
      const db = storage.db;
      for (const table of ['teams', 'projects', 'api_keys', 'audit_log', 'spend_ledger', 'spend_daily', 'alert_events'] as const)
        await db.deleteFrom(table).execute();
      await db.updateTable('governance_state').set({ epoch: 0 }).where('id', '=', 1).execute();
    },
    async close() {
      for (const other of others) await other.close();
      await storage.close();
      await cleanup();
    },
  };
}

/** A SQLite file in a fresh temp folder. */
export async function openGovernanceSqlite(label: string): Promise<GovernanceDatabase> {
  const dir = mkdtempSync(join(tmpdir(), `switchboard-${label}-`));
  return wrap(`sqlite:${join(dir, 'governance.db')}`, async () => rmSync(dir, { recursive: true, force: true }));
}

/** A fresh schema on the local PostgreSQL server. */
export async function openGovernancePostgres(label: string): Promise<GovernanceDatabase> {
  const schema = await createTestSchema(label);
  return wrap(schema.url, () => schema.drop());
}
