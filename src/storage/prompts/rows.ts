/** Rows of the prompt tables to the registry's shapes (pg hands BIGINT back as strings). */
import type { LabelEvent, PromptTemplate, PromptVersion } from '../../prompts/types.js';
import { num } from '../governance/json-columns.js';
import type { PromptLabelEventsTable, PromptVersionsTable } from '../schema.js';

/** A version row to a PromptVersion. */
export function versionFromRow(row: PromptVersionsTable): PromptVersion {
  let template: PromptTemplate;
  try {
    template = JSON.parse(row.template) as PromptTemplate;
  } catch (err) {
    throw new Error(`stored template of prompt '${row.prompt_id}' v${row.version} is not JSON: ${(err as Error).message}`, { cause: err });
  }
  return {
    promptId: row.prompt_id,
    version: num(row.version),
    template,
    contentHash: row.content_hash,
    ...(row.message !== null ? { message: row.message } : {}),
    ...(row.author !== null ? { author: row.author } : {}),
    createdAt: num(row.created_at),
  };
}

/** A label event row to a LabelEvent. */
export function eventFromRow(row: PromptLabelEventsTable): LabelEvent {
  return {
    promptId: row.prompt_id,
    label: row.label,
    ...(row.version !== null ? { version: num(row.version) } : {}),
    ...(row.previous_version !== null ? { previousVersion: num(row.previous_version) } : {}),
    time: num(row.time),
    actorKeyId: row.actor_key_id,
    ...(row.reason !== null ? { reason: row.reason } : {}),
  };
}

/** The team a tenant belongs to (`team:ID`), for the audit row; null for `global`. */
export function teamOfTenant(tenant: string): string | null {
  return tenant.startsWith('team:') ? tenant.slice('team:'.length) : null;
}
