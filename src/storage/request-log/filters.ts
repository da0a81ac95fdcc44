/**
 * The search filters as one SQL condition, the same on SQLite and PostgreSQL but for free text:
 * a case-insensitive LIKE over the metadata JSON (SQLite's LIKE folds ASCII case; PostgreSQL's
 * ILIKE folds every letter), with %, _ and \ in the text matched literally; and the guardrail
 * filters, a LIKE over the verdicts' JSON (guardrails-column.ts: lower-case names, so both agree).
 */
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { StorageSchema } from '../schema.js';
import { guardrailPatterns } from './guardrails-column.js';
import type { RequestLogFilter } from './query.js';

type Eb = ExpressionBuilder<StorageSchema, 'request_log'>;

/** The dialects, which differ in free-text matching and text ordering. */
export type Dialect = 'sqlite' | 'postgres';

/** The LIKE pattern that finds `text` inside the metadata's JSON text. */
export function metadataPattern(text: string): string {
  // Metadata is stored as JSON: search for the text as JSON writes it (quotes and backslashes escaped).
  const asJson = JSON.stringify(text).slice(1, -1);
  return `%${asJson.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The condition for every filter given (true when none is). */
export function filterCondition(eb: Eb, f: RequestLogFilter, dialect: Dialect): Expression<SqlBool> {
  const parts: Expression<SqlBool>[] = [];
  if (f.from !== undefined) parts.push(eb('time', '>=', f.from));
  if (f.to !== undefined) parts.push(eb('time', '<', f.to));
  if (f.team !== undefined) parts.push(eb('team_id', '=', f.team));
  if (f.project !== undefined) parts.push(eb('project_id', '=', f.project));
  if (f.key !== undefined) parts.push(eb('key_id', '=', f.key));
  if (f.user !== undefined) parts.push(eb('end_user', '=', f.user));
  if (f.model !== undefined) parts.push(eb.or([eb('model_requested', '=', f.model), eb('model_served', '=', f.model)]));
  if (f.provider !== undefined) parts.push(eb('provider', '=', f.provider));
  if (f.status !== undefined) {
    if ('exact' in f.status) parts.push(eb('status', '=', f.status.exact));
    else parts.push(eb.and([eb('status', '>=', f.status.min), eb('status', '<', f.status.max)]));
  }
  if (f.errorCode !== undefined) parts.push(eb('error_code', '=', f.errorCode));
  if (f.cache !== undefined) parts.push(eb('cache', '=', f.cache));
  if (f.guardrail !== undefined || f.guardrailOutcome !== undefined) {
    const patterns = guardrailPatterns(f.guardrail, f.guardrailOutcome);
    parts.push(eb.or(patterns.map((p) => sql<SqlBool>`guardrails LIKE ${p} ESCAPE '\\'`)));
  }
  if (f.prompt !== undefined) parts.push(eb('prompt_id', '=', f.prompt));
  if (f.promptVersion !== undefined) parts.push(eb('prompt_version', '=', f.promptVersion));
  if (f.q !== undefined && f.q !== '') {
    const pattern = metadataPattern(f.q);
    parts.push(dialect === 'postgres' ? sql<SqlBool>`metadata ILIKE ${pattern} ESCAPE '\\'` : sql<SqlBool>`metadata LIKE ${pattern} ESCAPE '\\'`);
  }
  return eb.and(parts);
}
