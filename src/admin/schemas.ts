/**
 * The admin API's request schemas: bodies and query strings, strict (unknown fields refused),
 * bounded, with messages that name the field. The OpenAPI document is generated from these same
 * schemas, so what is documented is what is validated.
 */
import { z } from 'zod';
import { SPEND_GROUPS } from '../governance/store-contract.js';
import { alertTargetSchema, budgetSchema, limitsSchema, regionsSchema } from '../governance/types.js';
import { adminTenantGuardrailsSchema } from './guardrails-schema.js';

/** What ids in paths and bodies look like: the stores' ids and 'admin_key' fit; anything else cannot name an object. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** An object id. */
export const idSchema = z.string().regex(ID_PATTERN, 'not a valid id (1-64 letters, digits, _ or -)');

/** Names: 1-200 characters, no control characters (they end up in tables, CSV and terminals). */
const nameSchema = z
  .string()
  .min(1, 'a name cannot be empty')
  .max(200, 'a name has at most 200 characters')
  .regex(/^[^\p{Cc}]*$/u, 'a name cannot contain control characters');

const METADATA_MAX_ENTRIES = 50;
/** Free-form labels: at most 50 entries, short keys, bounded values. */
const metadataSchema = z
  .record(
    z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'a metadata key is 1-64 letters, digits, _ . : or -'),
    z.string().max(1000, 'a metadata value has at most 1000 characters'),
  )
  .refine((m) => Object.keys(m).length <= METADATA_MAX_ENTRIES, `metadata has at most ${METADATA_MAX_ENTRIES} entries`);

/** A budget as the admin API takes it: the shared schema with upper bounds (a typo of 1e300 is refused, not stored). */
export const adminBudgetSchema = budgetSchema
  .extend({
    usd: z.number().nonnegative('usd cannot be negative').max(1e9, 'usd above 1e9 is surely a mistake').nullable().default(null),
    tokens: z.number().int().nonnegative('tokens cannot be negative').max(1e15, 'tokens above 1e15 is surely a mistake').nullable().default(null),
  })
  .refine((b) => b.usd !== null || b.tokens !== null, 'a budget needs usd or tokens (or send null to remove the budget)');

const limit = (what: string) =>
  z.number().int().positive(`${what} must be a positive integer`).max(1e9, `${what} above 1e9 is surely a mistake`).nullable().optional();
/** Rate limits as the admin API takes them: the shared schema with upper bounds. */
export const adminLimitsSchema = limitsSchema.extend({ rpm: limit('rpm'), tpm: limit('tpm'), concurrency: limit('concurrency') });

/** Alert targets of a team; only http(s) URLs (the gateway will post to them). */
export const adminAlertsSchema = z
  .array(alertTargetSchema)
  .max(20, 'a team has at most 20 alert targets')
  .superRefine((targets, ctx) => {
    targets.forEach((target, i) => {
      const protocol = URL.canParse(target.url) ? new URL(target.url).protocol : '';
      if (protocol !== 'https:' && protocol !== 'http:')
        ctx.addIssue({ code: 'custom', path: [i, 'url'], message: 'an alert URL must be http:// or https://' });
    });
  });

/** Data residency pins: 1-32 region names or patterns; null removes the pin (any region). */
export const adminRegionsSchema = regionsSchema.nullable().optional();

const controls = {
  metadata: metadataSchema.optional(),
  regions: adminRegionsSchema,
  guardrails: adminTenantGuardrailsSchema.optional(),
  budget: adminBudgetSchema.nullable().optional(),
  limits: adminLimitsSchema.nullable().optional(),
  user_budget: adminBudgetSchema.nullable().optional(),
  user_limits: adminLimitsSchema.nullable().optional(),
};

/** POST /admin/v1/teams */
export const teamCreateSchema = z.object({ name: nameSchema, ...controls, alerts: adminAlertsSchema.optional() }).strict();
/** PATCH /admin/v1/teams/{id} */
export const teamPatchSchema = teamCreateSchema.partial().strict();

/** POST /admin/v1/projects */
export const projectCreateSchema = z.object({ team_id: idSchema, name: nameSchema, ...controls }).strict();
/** PATCH /admin/v1/projects/{id} (a project stays in its team) */
export const projectPatchSchema = projectCreateSchema.omit({ team_id: true }).partial().strict();

/** A time given as ISO 8601 (date-time with offset, or a date meaning its UTC midnight) or epoch milliseconds. */
export const timeInputSchema = z.union([z.iso.datetime({ offset: true }), z.iso.date(), z.number().int().min(0).max(8.64e15)], {
  error: 'expected an ISO 8601 time (2026-12-31T23:59:59Z or 2026-12-31) or epoch milliseconds',
});

/** A time input as epoch milliseconds. */
export function toEpochMs(value: string | number): number {
  return typeof value === 'number' ? value : Date.parse(value);
}

/** Roles a key may be given (owner is the config's admin_key only). */
export const keyRoleSchema = z.enum(['team_admin', 'viewer', 'member']);

const keyFields = {
  name: nameSchema,
  role: keyRoleSchema.optional(),
  budget: adminBudgetSchema.nullable().optional(),
  limits: adminLimitsSchema.nullable().optional(),
  models: z
    .array(z.string().regex(/^[\x21-\x7e]{1,200}$/, 'a model pattern is 1-200 printable ASCII characters without spaces'))
    .max(100, 'at most 100 model patterns')
    .nullable()
    .optional(),
  regions: adminRegionsSchema,
  expires_at: timeInputSchema.nullable().optional(),
  metadata: metadataSchema.optional(),
};

/** POST /admin/v1/keys (project_id or team_id) */
export const keyCreateSchema = z.object({ project_id: idSchema.optional(), team_id: idSchema.optional(), ...keyFields }).strict();
/** PATCH /admin/v1/keys/{id} (a key stays in its team and project) */
export const keyPatchSchema = z.object(keyFields).partial().strict();

/** A query-string integer within bounds. */
export function intParam(min: number, max: number) {
  return z
    .string()
    .regex(/^\d{1,16}$/, 'expected a whole number')
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));
}

/** Largest page of a list: one row more is fetched to tell has_more, and the stores return at most 1000. */
export const MAX_PAGE = 500;

/** GET /admin/v1/{teams,projects,keys} */
export const listQuerySchema = z
  .object({ team_id: idSchema.optional(), project_id: idSchema.optional(), limit: intParam(1, MAX_PAGE).optional(), after: idSchema.optional() })
  .strict();

const dayParam = z.iso.date('expected a date YYYY-MM-DD');

/** GET /admin/v1/spend */
export const spendQuerySchema = z
  .object({
    group_by: z.enum(SPEND_GROUPS).default('team'),
    from: dayParam.optional(),
    to: dayParam.optional(),
    team_id: idSchema.optional(),
    format: z.enum(['json', 'csv']).optional(),
  })
  .strict();

/** A query-string time: ISO 8601 date-time or date, or epoch milliseconds. */
export const timeParam = z.union([z.iso.datetime({ offset: true }), z.iso.date(), z.string().regex(/^\d{1,16}$/)], {
  error: 'expected an ISO 8601 time (2026-12-31T23:59:59Z or 2026-12-31) or epoch milliseconds',
});

/** GET /admin/v1/audit */
export const auditQuerySchema = z
  .object({
    action: z
      .string()
      .regex(/^[a-z_.]{1,100}$/, 'an action looks like key.revoked')
      .optional(),
    object_id: idSchema.optional(),
    actor_key_id: idSchema.optional(),
    team_id: idSchema.optional(),
    from: timeParam.optional(),
    to: timeParam.optional(),
    limit: intParam(1, MAX_PAGE).optional(),
    /** Newest rows come first: the next page is the rows below the last seq seen. */
    after_seq: intParam(0, Number.MAX_SAFE_INTEGER).optional(),
  })
  .strict();

/** A time query parameter as epoch milliseconds. */
export function queryTimeMs(value: string): number {
  return /^\d+$/.test(value) ? Number(value) : Date.parse(value);
}

/** GET /admin/v1/alerts */
export const alertsQuerySchema = z.object({ team_id: idSchema.optional(), limit: intParam(1, MAX_PAGE).optional() }).strict();
