/**
 * The Responses API's stored responses on SQLite or PostgreSQL, through Kysely. Every read and
 * delete names the tenant in its WHERE clause (the primary key is (tenant, id)); expiry is
 * checked on read, and the sweep deletes expired rows in bounded batches.
 */
import type { Kysely } from 'kysely';
import type { ResponseStore, StoredResponse } from '../../responses/store-contract.js';
import type { StorageSchema } from '../schema.js';
import { fromResponseRow, type ResponseStoreOptions, toResponseRow } from './rows.js';

/** Options for the SQL store. */
export type SqlResponseStoreOptions = ResponseStoreOptions;

/** A ResponseStore over the shared database; close() leaves the database open for its owner. */
export class SqlResponseStore implements ResponseStore {
  private readonly now: () => number;
  private readonly sweepBatch: number;

  constructor(
    private readonly db: Kysely<StorageSchema>,
    options: SqlResponseStoreOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.sweepBatch = options.sweepBatch ?? 500;
  }

  async put(record: StoredResponse): Promise<void> {
    const row = toResponseRow(record);
    await this.db
      .insertInto('responses')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['tenant', 'id']).doUpdateSet({
          created_at: row.created_at,
          expires_at: row.expires_at,
          model: row.model,
          previous_response_id: row.previous_response_id,
          input: row.input,
          response: row.response,
        }),
      )
      .execute();
  }

  async get(tenant: string, id: string): Promise<StoredResponse | undefined> {
    const now = this.now();
    const row = await this.db
      .selectFrom('responses')
      .selectAll()
      .where('tenant', '=', tenant)
      .where('id', '=', id)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>=', now)]))
      .executeTakeFirst();
    return row ? fromResponseRow(row) : undefined;
  }

  async delete(tenant: string, id: string): Promise<boolean> {
    // An expired row is deleted too, but it was not visible, so it does not count as found.
    const row = await this.db.deleteFrom('responses').where('tenant', '=', tenant).where('id', '=', id).returning('expires_at').executeTakeFirst();
    return row !== undefined && (row.expires_at === null || Number(row.expires_at) >= this.now());
  }

  async sweep(now: number): Promise<number> {
    let total = 0;
    for (;;) {
      const result = await this.db
        .deleteFrom('responses')
        .where(({ eb, refTuple, selectFrom }) =>
          eb(
            refTuple('tenant', 'id'),
            'in',
            selectFrom('responses').select(['tenant', 'id']).where('expires_at', '<', now).limit(this.sweepBatch).$asTuple('tenant', 'id'),
          ),
        )
        .executeTakeFirst();
      const deleted = Number(result.numDeletedRows);
      total += deleted;
      if (deleted < this.sweepBatch) return total;
      // A turn of the event loop between batches: on SQLite each one runs synchronously.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  async close(): Promise<void> {}
}
