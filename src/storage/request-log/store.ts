/** The request log's store for an open database: SQLite's prepared fast path, or Kysely on PostgreSQL. */
import type { RequestRecord } from '../../observability/request-record.js';
import type { Storage } from '../open.js';
import { SqliteRequestLogStore } from '../sqlite/request-log-store.js';
import type { RequestLogRow } from './columns.js';
import { KyselyRequestLogStore } from './kysely-store.js';
import type { RequestLogReader } from './query.js';
import { KyselyRequestLogReader } from './reader.js';

/** What the gateway and the CLI need of the request log. */
export interface RequestLogStore {
  /** Writes one batch (the batching sink calls it off the request path). */
  write(records: readonly RequestRecord[]): void | Promise<void>;
  /** The most recent rows, newest first. */
  recent(limit: number): RequestLogRow[] | Promise<RequestLogRow[]>;
}

/** The request log's store on this database. */
export function requestLogStore(storage: Storage): RequestLogStore {
  return storage.sqlite ? new SqliteRequestLogStore(storage.sqlite) : new KyselyRequestLogStore(storage.db);
}

/** The request log's read side (search, detail, overview, retention) on this database. */
export function requestLogReader(storage: Storage): RequestLogReader {
  return new KyselyRequestLogReader(storage.db, storage.kind);
}
