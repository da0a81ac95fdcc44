/**
 * Guardrails: each request-log row keeps the verdicts (guard, stage, outcome, counts by entity;
 * never the matched text) as JSON, and teams and projects may carry their own guard lists (JSON,
 * validated by the admin API; null: none).
 */
import type { Kysely } from 'kysely';

/** Adds the guardrail columns. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('request_log').addColumn('guardrails', 'text').execute();
  await db.schema.alterTable('teams').addColumn('guardrails', 'text').execute();
  await db.schema.alterTable('projects').addColumn('guardrails', 'text').execute();
}

/** Removes them. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('projects').dropColumn('guardrails').execute();
  await db.schema.alterTable('teams').dropColumn('guardrails').execute();
  await db.schema.alterTable('request_log').dropColumn('guardrails').execute();
}
