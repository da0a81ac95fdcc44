/**
 * The Responses API's stored responses. Keyed by (tenant, id) so every read and delete is an
 * index lookup that names the tenant, and one tenant's id can never address another's row.
 */
import type { Kysely } from 'kysely';

/** Creates `responses` and the expiry index the sweep walks. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('responses')
    .ifNotExists()
    .addColumn('tenant', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint')
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('previous_response_id', 'text')
    .addColumn('input', 'text', (c) => c.notNull())
    .addColumn('response', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('responses_pkey', ['tenant', 'id'])
    .execute();
  await db.schema.createIndex('responses_expires_at').ifNotExists().on('responses').column('expires_at').execute();
}
