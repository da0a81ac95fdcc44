/** The prompt registry's admin bodies, queries and answer shapes (the dashboard and the CLI build against these). */
import { z } from 'zod';
import { LABEL_PATTERN, PROMPT_ID_PATTERN } from '../prompts/template-schema.js';
import type { LabelEvent, PromptSummary, PromptVersion } from '../prompts/types.js';
import { idSchema, intParam, MAX_PAGE } from './schemas.js';
import { iso } from './serialize.js';

/** A prompt id in a body. */
export const promptIdSchema = z.string().regex(PROMPT_ID_PATTERN, "not a prompt id (a letter or digit, then up to 127 letters, digits, '_', '.' or '-')");
/** A label name. */
export const labelSchema = z
  .string()
  .regex(LABEL_PATTERN, "not a label (a lowercase letter or digit, then up to 63 lowercase letters, digits, '_', '.' or '-')");

/** POST /admin/v1/prompts (the template is checked by the template schema, for its paths and fixes). */
export const promptPushSchema = z
  .object({
    id: promptIdSchema,
    description: z.string().max(2000).optional(),
    message: z.string().max(2000).optional(),
    author: z.string().max(200).optional(),
    template: z.record(z.string(), z.unknown()),
    label: labelSchema.optional(),
  })
  .strict();

/** PUT /admin/v1/prompts/{id}/labels/{label} */
export const labelMoveSchema = z
  .object({
    version: z.number().int().min(1),
    /** Compare-and-set: the version the label must point at now (null: it must be unset). */
    expected_version: z.number().int().min(1).nullable().optional(),
    reason: z.string().max(500).optional(),
  })
  .strict();

/** The scope parameter every prompts route takes. */
const team = idSchema.optional();

/** GET /admin/v1/prompts */
export const promptListQuerySchema = z.object({ team, limit: intParam(1, MAX_PAGE).optional(), after: promptIdSchema.optional() }).strict();
/** GET /admin/v1/prompts/{id}/versions */
export const versionListQuerySchema = z
  .object({
    team,
    limit: intParam(1, MAX_PAGE).optional(),
    after: z
      .string()
      .regex(/^\d{1,9}$/, 'expected a version number')
      .optional(),
  })
  .strict();
/** GET /admin/v1/prompts/{id}/labels/history */
export const historyQuerySchema = z.object({ team, label: labelSchema.optional(), limit: intParam(1, MAX_PAGE).optional() }).strict();
/** GET /admin/v1/prompts/{id}/diff */
export const diffQuerySchema = z.object({ team, from: z.string().min(1).max(64), to: z.string().min(1).max(64) }).strict();
/** Routes that take only the scope. */
export const scopeQuerySchema = z.object({ team }).strict();

/** A prompt as answered. */
export function promptOut(scope: string, prompt: PromptSummary) {
  return {
    object: 'prompt' as const,
    id: prompt.id,
    scope,
    description: prompt.description ?? null,
    latest_version: prompt.latestVersion,
    labels: prompt.labels,
    created_at: iso(prompt.createdAt),
    updated_at: iso(prompt.updatedAt),
  };
}

/** A version as answered; `created` only on a push. */
export function versionOut(version: PromptVersion, created?: boolean) {
  return {
    object: 'prompt_version' as const,
    prompt_id: version.promptId,
    version: version.version,
    ...(created !== undefined ? { created } : {}),
    content_hash: version.contentHash,
    message: version.message ?? null,
    author: version.author ?? null,
    created_at: iso(version.createdAt),
    template: version.template,
  };
}

/** A label move as answered. */
export function labelEventOut(event: LabelEvent) {
  return {
    object: 'prompt_label_event' as const,
    prompt_id: event.promptId,
    label: event.label,
    version: event.version ?? null,
    previous_version: event.previousVersion ?? null,
    time: iso(event.time),
    actor_key_id: event.actorKeyId,
    reason: event.reason ?? null,
  };
}
