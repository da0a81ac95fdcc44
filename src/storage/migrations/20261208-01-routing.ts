/**
 * Routing: the request log records the region that served a request, why it was routed there,
 * and every attempt (JSON: target, outcome, latency); teams, projects and keys may be pinned to
 * regions (data residency, JSON text: a list of region names, null for anywhere).
 */
import type { Kysely } from 'kysely';

/** Adds the routing columns. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const column of ['region', 'route_reason', 'attempt_log']) {
    await db.schema.alterTable('request_log').addColumn(column, 'text').execute();
  }
  for (const table of ['teams', 'projects', 'api_keys']) {
    await db.schema.alterTable(table).addColumn('regions', 'text').execute();
  }
}

/** Removes them. */
export async function down(db: Kysely<unknown>): Promise<void> {
  for (const column of ['region', 'route_reason', 'attempt_log']) await db.schema.alterTable('request_log').dropColumn(column).execute();
  for (const table of ['teams', 'projects', 'api_keys']) await db.schema.alterTable(table).dropColumn('regions').execute();
}
