/**
 * Prompts and experiments: the prompt registry (immutable versions, labels and every label move),
 * experiments (their definition as JSON text), end-user feedback on requests, and the request
 * log's prompt and experiment columns, which experiment results are aggregated from.
 */
import type { Kysely } from 'kysely';

async function registry(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('prompts')
    .addColumn('tenant', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('prompts_pk', ['tenant', 'id'])
    .execute();
  await db.schema
    .createTable('prompt_versions')
    .addColumn('tenant', 'text', (c) => c.notNull())
    .addColumn('prompt_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('message', 'text')
    .addColumn('author', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('prompt_versions_pk', ['tenant', 'prompt_id', 'version'])
    .execute();
  await db.schema
    .createTable('prompt_labels')
    .addColumn('tenant', 'text', (c) => c.notNull())
    .addColumn('prompt_id', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('prompt_labels_pk', ['tenant', 'prompt_id', 'label'])
    .execute();
  await db.schema
    .createTable('prompt_label_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant', 'text', (c) => c.notNull())
    .addColumn('prompt_id', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('version', 'integer')
    .addColumn('previous_version', 'integer')
    .addColumn('time', 'bigint', (c) => c.notNull())
    .addColumn('actor_key_id', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .execute();
  await db.schema.createIndex('prompt_label_events_prompt').on('prompt_label_events').columns(['tenant', 'prompt_id', 'time']).execute();
}

async function experiments(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('experiments')
    .addColumn('tenant', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('decision', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('experiments_pk', ['tenant', 'id'])
    .execute();
  await db.schema
    .createTable('feedback')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('time', 'bigint', (c) => c.notNull())
    .addColumn('team_id', 'text')
    .addColumn('project_id', 'text')
    .addColumn('key_id', 'text')
    .addColumn('end_user', 'text')
    .addColumn('score', 'double precision')
    .addColumn('label', 'text')
    .addColumn('comment', 'text')
    .execute();
  await db.schema.createIndex('feedback_request').on('feedback').column('request_id').execute();
  await db.schema.alterTable('request_log').addColumn('prompt_id', 'text').execute();
  await db.schema.alterTable('request_log').addColumn('prompt_version', 'integer').execute();
  await db.schema.alterTable('request_log').addColumn('experiment', 'text').execute();
  await db.schema.alterTable('request_log').addColumn('variant', 'text').execute();
  await db.schema.createIndex('request_log_experiment').on('request_log').columns(['experiment', 'variant']).execute();
}

/** Creates the registry, experiment and feedback tables and the request log's columns. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await registry(db);
  await experiments(db);
}

/** Removes them. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('request_log_experiment').execute();
  for (const column of ['variant', 'experiment', 'prompt_version', 'prompt_id']) await db.schema.alterTable('request_log').dropColumn(column).execute();
  for (const table of ['feedback', 'experiments', 'prompt_label_events', 'prompt_labels', 'prompt_versions', 'prompts'])
    await db.schema.dropTable(table).execute();
}
