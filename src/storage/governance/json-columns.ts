/**
 * The JSON text columns of teams, projects and keys. Reads go through governance's zod schemas,
 * so defaults added to a schema later apply to rows written before, and a hand-edited row that
 * no longer parses fails loudly instead of reaching the request path half-formed.
 */
import { z } from 'zod';
import { type AlertTarget, alertTargetSchema, type Budget, budgetSchema, type Limits, limitsSchema } from '../../governance/types.js';

const metadataSchema = z.record(z.string(), z.string());
const modelsSchema = z.array(z.string());
// Read loosely (not governance's regionsSchema): a hand-edited entry that is no region, or an empty list, then
// matches no target and refuses the object's requests (closed), instead of failing the whole snapshot.
const regionListSchema = z.array(z.string());
const alertsSchema = z.array(alertTargetSchema);

/** JSON text for a column; null stays SQL null. */
export function toJsonColumn(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

function parse<T>(schema: z.ZodType<T>, text: string, column: string): T {
  try {
    return schema.parse(JSON.parse(text));
  } catch (err) {
    throw new Error(`stored ${column} is not valid: ${(err as Error).message}`, { cause: err });
  }
}

/** A budget column (null when the object has none). */
export function parseBudget(text: string | null, column = 'budget'): Budget | null {
  return text === null ? null : parse(budgetSchema, text, column);
}

/** A limits column (null when the object has none). */
export function parseLimits(text: string | null, column = 'limits'): Limits | null {
  return text === null ? null : parse(limitsSchema, text, column);
}

/** The metadata column: string values only. */
export function parseMetadata(text: string): Record<string, string> {
  return parse(metadataSchema, text, 'metadata');
}

/** A key's allowed models (null allows every model). */
export function parseModels(text: string | null): string[] | null {
  return text === null ? null : parse(modelsSchema, text, 'models');
}

/** An object's residency pins (null: anywhere). */
export function parseRegions(text: string | null): string[] | null {
  return text === null ? null : parse(regionListSchema, text, 'regions');
}

/**
 * A team's or project's own guard list (null: none), read as opaque JSON objects: the request path
 * validates it (app/tenant-guardrails.ts). Text that is not a list of objects (a hand-edited row)
 * must neither fail the whole snapshot nor read as "no guards": it becomes one object that no guard
 * type matches, so the request path's parse fails and blocks that tenant's requests (closed).
 */
export function parseTenantGuardrails(text: string | null): Record<string, unknown>[] | null {
  if (text === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  if (value === null) return null;
  if (Array.isArray(value) && value.every((g) => g !== null && typeof g === 'object' && !Array.isArray(g))) return value as Record<string, unknown>[];
  return [{ type: 'unreadable', note: 'the stored guardrails column is not a JSON list of objects' }];
}

/** A team's alert targets. */
export function parseAlerts(text: string): AlertTarget[] {
  return parse(alertsSchema, text, 'alerts');
}

/** A BIGINT or INTEGER value as a number: pg may hand back strings (numeric sums), SQLite numbers or bigints. */
export function num(value: unknown): number {
  return typeof value === 'number' ? value : Number(value ?? 0);
}

/** Like num, keeping null. */
export function numOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : num(value);
}
