/**
 * Governance's shared vocabulary: teams, projects, virtual keys, end users, and the budgets and
 * limits that hang on them. The admin API validates with these schemas, storage keeps these
 * shapes, and the request path reads them from the tenancy snapshot.
 */
import { z } from 'zod';

/** What a key may do: owner (the config's admin_key), team_admin (its own team), viewer (read only), member (call models). */
export const ROLES = ['owner', 'team_admin', 'viewer', 'member'] as const;
/** One of ROLES. */
export type Role = (typeof ROLES)[number];

/** Budget periods; they roll over on calendar boundaries in governance.timezone. */
export const BUDGET_PERIODS = ['day', 'week', 'month', 'total'] as const;
/** One of BUDGET_PERIODS. */
export type BudgetPeriod = (typeof BUDGET_PERIODS)[number];

const fraction = z.number().gt(0, 'a threshold is a fraction of the budget above 0').max(10, 'a threshold above 10 (1000%) is surely a mistake');

/** A spend cap: USD and/or tokens per period, alert thresholds, and whether to clamp max_tokens instead of refusing. */
export const budgetSchema = z
  .object({
    usd: z.number().nonnegative().nullable().default(null),
    tokens: z.number().int().nonnegative().nullable().default(null),
    period: z.enum(BUDGET_PERIODS).default('month'),
    alert_at: z.array(fraction).max(10).default([0.5, 0.8, 1]),
    /** Instead of refusing a request whose worst case does not fit, lower its max_tokens to what still fits. */
    clamp_max_tokens: z.boolean().default(false),
  })
  .strict();
/** A parsed budget. */
export type Budget = z.infer<typeof budgetSchema>;

/** Rate limits: requests and tokens per minute, requests in flight. Null or absent: no limit. */
export const limitsSchema = z
  .object({
    rpm: z.number().int().positive().nullable().optional(),
    tpm: z.number().int().positive().nullable().optional(),
    concurrency: z.number().int().positive().nullable().optional(),
  })
  .strict();
/** Parsed limits. */
export type Limits = z.infer<typeof limitsSchema>;

/** A region name or pattern (`eu-*`): what providers' `region` values look like, plus `*`. */
export const REGION_PATTERN = /^[A-Za-z0-9_.*-]{1,64}$/;
/** Most regions one object may be pinned to. */
export const MAX_REGIONS = 32;

/**
 * Data residency: the regions an object's requests may be served in. Never empty: an empty list
 * would match no target and refuse every request, which is a revocation by accident.
 */
export const regionsSchema = z
  .array(z.string().regex(REGION_PATTERN, 'a region is 1-64 letters, digits, _ . - or * (a pattern: eu-*)'))
  .min(1, 'an empty list of regions would refuse every request; send null to allow any region')
  .max(MAX_REGIONS, `at most ${MAX_REGIONS} regions`);

/** Where an alert goes: a Slack incoming webhook, or a JSON webhook signed with HMAC-SHA256. */
export const alertTargetSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('slack'), url: z.string().url() }).strict(),
  z.object({ type: z.literal('webhook'), url: z.string().url(), secret: z.string().min(16, 'use a secret of at least 16 characters') }).strict(),
]);
/** A parsed alert target. */
export type AlertTarget = z.infer<typeof alertTargetSchema>;

/** Fields every tenancy object has. */
export interface TenancyObject {
  id: string;
  name: string;
  metadata: Record<string, string>;
  /** ms since the epoch. */
  created_at: number;
  updated_at: number;
}

/** Budgets and limits a team or project carries, for itself and as a default per end user. */
export interface Controls {
  /** Data residency: regions (or patterns) its requests may be served in; null: anywhere. */
  regions: string[] | null;
  /**
   * Its own guard list (issue 11), on top of the config's `guardrails:`; null: none. Opaque JSON
   * here (features stay apart): the admin API validates it and the request path parses it with
   * guardrails' tenantGuardrailsSchema (app/tenant-guardrails.ts).
   */
  guardrails: Record<string, unknown>[] | null;
  budget: Budget | null;
  limits: Limits | null;
  user_budget: Budget | null;
  user_limits: Limits | null;
}

/** A team: the unit of ownership; projects and keys belong to one. */
export interface Team extends TenancyObject, Controls {
  /** Alert targets of this team, besides the config's `alerts:`. */
  alerts: AlertTarget[];
}

/** A project inside a team. */
export interface Project extends TenancyObject, Controls {
  team_id: string;
}

/** A virtual key as stored: never its secret, only the secret's hash and a display prefix. */
export interface VirtualKey extends TenancyObject {
  team_id: string;
  project_id: string | null;
  role: Exclude<Role, 'owner'>;
  /** SHA-256 of the secret, hex. */
  key_hash: string;
  /** The secret's first characters, for people to tell keys apart ("sk-sb-Ab3d…"). */
  key_prefix: string;
  /** Aliases the key may call (globs: `gpt-4o*`); null allows every model. */
  models: string[] | null;
  /** Data residency: regions (or patterns) its requests may be served in; null: anywhere. */
  regions: string[] | null;
  budget: Budget | null;
  limits: Limits | null;
  /** ms since the epoch; null never expires. */
  expires_at: number | null;
  revoked_at: number | null;
  first_used_at: number | null;
}

/** Everything the request path needs, loaded whole and swapped atomically when the epoch moves. */
export interface TenancySnapshot {
  /** The change counter this snapshot reflects (governance_state.epoch). */
  epoch: number;
  teams: ReadonlyMap<string, Team>;
  projects: ReadonlyMap<string, Project>;
  /** Keys that are not revoked, by key_hash. */
  keysByHash: ReadonlyMap<string, VirtualKey>;
}
