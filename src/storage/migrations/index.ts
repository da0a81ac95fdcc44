/**
 * Every migration, for SQLite and PostgreSQL alike, in the order they run. Names start with the
 * date they were written (Kysely's Migrator runs them in name order); never rename or edit one
 * that has shipped: add a new one.
 */
import type { Migration, MigrationProvider } from 'kysely';
import * as requestLog from './20261206-01-request-log.js';
import * as responses from './20261206-02-responses.js';
import * as governance from './20261207-01-governance.js';
import * as routing from './20261208-01-routing.js';
import * as observability from './20261209-01-observability.js';
import * as cache from './20261210-01-cache.js';
import * as guardrails from './20261211-01-guardrails.js';
import * as prompts from './20261212-01-prompts.js';

const MIGRATIONS: Record<string, Migration> = {
  '20261206-01-request-log': requestLog,
  '20261206-02-responses': responses,
  '20261207-01-governance': governance,
  '20261208-01-routing': routing,
  '20261209-01-observability': observability,
  '20261210-01-cache': cache,
  '20261211-01-guardrails': guardrails,
  '20261212-01-prompts': prompts,
};

/** The migrations as code, for Kysely's Migrator. */
export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
