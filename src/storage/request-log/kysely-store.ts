/**
 * The request log through Kysely, for PostgreSQL: a batch is one multi-row INSERT (one round trip),
 * so the pool holds a connection once per slice, not once per record.
 */
import type { Kysely } from 'kysely';
import type { RequestRecord } from '../../observability/request-record.js';
import type { StorageSchema } from '../schema.js';
import { type RequestLogRow, toRequestLogRow } from './columns.js';

/** The request-log table over any Kysely dialect. */
export class KyselyRequestLogStore {
  constructor(private readonly db: Kysely<StorageSchema>) {}

  /** Inserts a batch in one statement; an id already stored keeps its first row. */
  async write(records: readonly RequestRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.db
      .insertInto('request_log')
      .values(records.map(toRequestLogRow))
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }

  /** The most recent rows, newest first. */
  async recent(limit: number): Promise<RequestLogRow[]> {
    return this.db.selectFrom('request_log').selectAll().orderBy('time', 'desc').orderBy('id', 'desc').limit(limit).execute();
  }
}
