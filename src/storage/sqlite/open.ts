/** Opening the embedded SQLite file with the settings the gateway relies on. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

/** Opens (creating if needed) a SQLite database from a `sqlite:PATH` URL or a path. */
export function openSqlite(url: string): Database.Database {
  const path = url.replace(/^sqlite:/, '');
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  // 2 MB page cache instead of the 16 MB the driver is built with: the log is append-only.
  db.pragma('cache_size = -2000');
  return db;
}
