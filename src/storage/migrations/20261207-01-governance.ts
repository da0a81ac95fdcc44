/**
 * Governance: teams, projects, virtual keys (hashes only), the change counter replicas poll, the
 * hash-chained audit log, the spend ledger with its daily rollups, alert bookkeeping, and the
 * request log's attribution columns. Objects, budgets and limits are JSON text columns: they are
 * read whole into the tenancy snapshot, never queried field by field.
 */
import { type Kysely, sql } from 'kysely';

async function tenancy(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('teams')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addColumn('budget', 'text')
    .addColumn('limits', 'text')
    .addColumn('user_budget', 'text')
    .addColumn('user_limits', 'text')
    .addColumn('alerts', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('teams_name').unique().on('teams').column('name').execute();
  await db.schema
    .createTable('projects')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addColumn('budget', 'text')
    .addColumn('limits', 'text')
    .addColumn('user_budget', 'text')
    .addColumn('user_limits', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('projects_team_name').unique().on('projects').columns(['team_id', 'name']).execute();
  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('key_prefix', 'text', (c) => c.notNull())
    .addColumn('models', 'text')
    .addColumn('budget', 'text')
    .addColumn('limits', 'text')
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint')
    .addColumn('revoked_at', 'bigint')
    .addColumn('first_used_at', 'bigint')
    /** 1 once the key's expiry is in the audit log. */
    .addColumn('expiry_recorded', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('api_keys_team').on('api_keys').column('team_id').execute();
  await db.schema
    .createTable('governance_state')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('epoch', 'bigint', (c) => c.notNull())
    .execute();
  await sql`insert into governance_state (id, epoch) values (1, 0)`.execute(db);
}

async function audit(db: Kysely<unknown>): Promise<void> {
  // seq is given by the writer under the chain lock (max + 1), the same way on both dialects.
  await db.schema
    .createTable('audit_log')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .addColumn('time', 'bigint', (c) => c.notNull())
    .addColumn('actor_key_id', 'text', (c) => c.notNull())
    .addColumn('actor_role', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('object_type', 'text', (c) => c.notNull())
    .addColumn('object_id', 'text', (c) => c.notNull())
    .addColumn('team_id', 'text')
    .addColumn('before', 'text')
    .addColumn('after', 'text')
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_log_time').on('audit_log').column('time').execute();
}

async function spend(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('spend_ledger')
    .addColumn('request_id', 'text', (c) => c.primaryKey())
    .addColumn('time', 'bigint', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('end_user', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('usd', 'double precision', (c) => c.notNull())
    .addColumn('input_tokens', 'bigint', (c) => c.notNull())
    .addColumn('output_tokens', 'bigint', (c) => c.notNull())
    .addColumn('estimated', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('spend_ledger_time').on('spend_ledger').column('time').execute();
  // Absent ids are '' (not null): a unique key treats nulls as distinct, which would split rollups.
  await db.schema
    .createTable('spend_daily')
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('end_user', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('usd', 'double precision', (c) => c.notNull())
    .addColumn('input_tokens', 'bigint', (c) => c.notNull())
    .addColumn('output_tokens', 'bigint', (c) => c.notNull())
    .addColumn('requests', 'bigint', (c) => c.notNull())
    .addColumn('estimated_requests', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('spend_daily_pkey', ['day', 'team_id', 'project_id', 'key_id', 'end_user', 'model'])
    .execute();
  await db.schema.createIndex('spend_daily_key_day').on('spend_daily').columns(['key_id', 'day']).execute();
  await db.schema.createIndex('spend_daily_project_day').on('spend_daily').columns(['project_id', 'day']).execute();
  await db.schema.createIndex('spend_daily_team_day').on('spend_daily').columns(['team_id', 'day']).execute();
  await db.schema
    .createTable('alert_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('time', 'bigint', (c) => c.notNull())
    .addColumn('team_id', 'text')
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('deliveries', 'text', (c) => c.notNull())
    .execute();
}

async function requestLogAttribution(db: Kysely<unknown>): Promise<void> {
  for (const column of ['team_id', 'project_id', 'key_id', 'end_user']) {
    await db.schema.alterTable('request_log').addColumn(column, 'text').execute();
  }
  await db.schema.alterTable('request_log').addColumn('usage_estimated', 'integer').execute();
}

/** Creates the governance tables and adds attribution to the request log. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await tenancy(db);
  await audit(db);
  await spend(db);
  await requestLogAttribution(db);
}
