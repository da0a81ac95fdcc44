/**
 * Observability: the request log keeps the request's metadata (JSON text, searched as free text),
 * the bodies when configured, each phase's duration (JSON), and the trace id that links a row to
 * its trace; indexes serve the admin API's filters per team, key and end user by time.
 */
import type { Kysely } from 'kysely';

const COLUMNS = ['metadata', 'request_body', 'response_body', 'phases', 'trace_id'] as const;
const INDEXES = [
  ['request_log_team_time', 'team_id'],
  ['request_log_key_time', 'key_id'],
  ['request_log_end_user_time', 'end_user'],
] as const;

/** Adds the observability columns and indexes. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const column of COLUMNS) await db.schema.alterTable('request_log').addColumn(column, 'text').execute();
  for (const [name, column] of INDEXES) await db.schema.createIndex(name).on('request_log').columns([column, 'time']).execute();
}

/** Removes them. */
export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [name] of INDEXES) await db.schema.dropIndex(name).execute();
  for (const column of COLUMNS) await db.schema.alterTable('request_log').dropColumn(column).execute();
}
