/**
 * The response cache's accounting: each request-log row says what the cache did (`cache`: hit,
 * semantic-hit, miss, bypass; null when no cache applied) and what a hit saved; the spend ledger
 * and its daily rollups keep the savings and the hit count, so spend views show them per team and
 * model after the request log's retention has dropped the rows.
 */
import { type Kysely, sql } from 'kysely';

/** Adds the cache columns. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('request_log').addColumn('cache', 'text').execute();
  await db.schema.alterTable('request_log').addColumn('cost_saved_usd', 'double precision').execute();
  await db.schema
    .alterTable('spend_ledger')
    .addColumn('saved_usd', 'double precision', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('spend_ledger')
    .addColumn('cache_hit', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('spend_daily')
    .addColumn('saved_usd', 'double precision', (c) => c.notNull().defaultTo(sql`0`))
    .execute();
  await db.schema
    .alterTable('spend_daily')
    .addColumn('cache_hits', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
}

/** Removes them. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('spend_daily').dropColumn('cache_hits').execute();
  await db.schema.alterTable('spend_daily').dropColumn('saved_usd').execute();
  await db.schema.alterTable('spend_ledger').dropColumn('cache_hit').execute();
  await db.schema.alterTable('spend_ledger').dropColumn('saved_usd').execute();
  await db.schema.alterTable('request_log').dropColumn('cost_saved_usd').execute();
  await db.schema.alterTable('request_log').dropColumn('cache').execute();
}
