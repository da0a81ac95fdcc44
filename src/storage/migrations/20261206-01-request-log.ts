/**
 * The request log table. `if not exists` throughout: SQLite files written before migrations
 * existed already hold this exact table and index, and must open unchanged.
 */
import type { Kysely } from 'kysely';

/** Creates `request_log` and its time index. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('request_log')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('time', 'bigint', (c) => c.notNull())
    .addColumn('operation', 'text', (c) => c.notNull())
    .addColumn('ingress', 'text', (c) => c.notNull())
    .addColumn('stream', 'integer', (c) => c.notNull())
    .addColumn('model_requested', 'text', (c) => c.notNull())
    .addColumn('provider', 'text')
    .addColumn('provider_type', 'text')
    .addColumn('model_served', 'text')
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('error_code', 'text')
    .addColumn('finish_reason', 'text')
    .addColumn('input_tokens', 'integer')
    .addColumn('output_tokens', 'integer')
    .addColumn('cached_input_tokens', 'integer')
    .addColumn('cache_write_tokens', 'integer')
    .addColumn('reasoning_tokens', 'integer')
    .addColumn('cost_usd', 'double precision')
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('gateway_ms', 'double precision', (c) => c.notNull())
    .addColumn('upstream_ttfb_ms', 'double precision')
    .addColumn('ttft_ms', 'double precision')
    .addColumn('total_ms', 'double precision', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('request_log_time').ifNotExists().on('request_log').column('time').execute();
}
