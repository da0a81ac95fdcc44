/**
 * The `guardrails:` list: each guard's name, type, stages (`on`), action, where it applies and
 * how it fails. Field names are the public contract of issue 11; docs/guardrails.md explains each.
 * Teams and projects carry their own lists through the admin API (`tenantGuardrailSchema`), limited
 * to the in-process types: a guard that calls out (a URL, a credential) is the operator's to add.
 */
import { z } from 'zod';

/** Entity types the built-in PII and secrets detector knows. */
export const PII_ENTITIES = [
  'EMAIL',
  'PHONE',
  'CREDIT_CARD',
  'US_SSN',
  'IBAN',
  'IP_ADDRESS',
  'PERSON',
  'STREET_ADDRESS',
  'DATE_OF_BIRTH',
  'PASSPORT',
  'API_KEY',
  'SECRET',
  'URL_CREDENTIALS',
] as const;
/** One PII entity type. */
export type PiiEntity = (typeof PII_ENTITIES)[number];

/** What a guard does with a finding: replace it, mask it, refuse the request, swap it for a placeholder restored in the answer, or only record it. */
export const GUARD_ACTIONS = ['redact', 'mask', 'block', 'tokenize', 'flag'] as const;
/** One guard action. */
export type GuardAction = (typeof GUARD_ACTIONS)[number];
/** The actions that rewrite text, and so need a guard whose findings carry spans. */
export const REWRITING_ACTIONS: readonly GuardAction[] = ['redact', 'mask', 'tokenize'];

/** Guard types that run in process (no network). */
export const LOCAL_GUARD_TYPES = ['pii', 'prompt_injection', 'denied_terms', 'json_schema'] as const;
/** Guard types that call a service. */
export const REMOTE_GUARD_TYPES = ['http', 'llm_judge', 'lakera', 'presidio', 'openai_moderation'] as const;

/** Where in a request a text came from; input guards choose which sources they read. */
export const TEXT_SOURCES = ['system', 'user', 'assistant', 'tool'] as const;

const NAME = /^[a-z0-9][a-z0-9_.-]{0,63}$/;

const appliesToSchema = z
  .object({
    /** Team ids or names. */
    teams: z.array(z.string().min(1)).optional(),
    projects: z.array(z.string().min(1)).optional(),
    /** Key ids or names. */
    keys: z.array(z.string().min(1)).optional(),
    /** Model aliases (or model names as the client sends them). */
    aliases: z.array(z.string().min(1)).optional(),
  })
  .strict();

const common = {
  name: z.string().regex(NAME, 'a guard name is 1-64 lower-case letters, digits, _ . - (it is sent in the x-switchboard-guardrail header)'),
  /** The stages it checks: the request (input) and the answer (output). */
  on: z
    .array(z.enum(['input', 'output']))
    .min(1, 'name at least one stage: input, output')
    .default(['input']),
  action: z.enum(GUARD_ACTIONS).default('block'),
  /** Absent: every request. Each list present must match (a list matches when any entry does). */
  applies_to: appliesToSchema.optional(),
  /** What an error or a timeout of the guard does: block the request (closed, the default) or let it through, counted and logged (open). */
  fail: z.enum(['closed', 'open']).default('closed'),
  /** Which parts of the request an input check reads; the default depends on the type. */
  sources: z.array(z.enum(TEXT_SOURCES)).min(1).optional(),
};

const remoteCommon = {
  /** The longest a check may take; past it the guard has failed (and `fail` decides). */
  timeout_ms: z.number().int().positive().max(60_000).default(2_000),
};

const credentials = {
  /** Sent as a bearer token (use ${ENV_VAR}); never logged. */
  api_key: z.string().min(1).optional(),
  /** More headers for the service (values may use ${ENV_VAR}). */
  headers: z.record(z.string(), z.string()).optional(),
};

const piiGuard = z
  .object({
    ...common,
    type: z.literal('pii'),
    entities: z.union([z.literal('all'), z.array(z.enum(PII_ENTITIES)).min(1)]).default('all'),
    /** Values never treated as PII (exact strings, e.g. the company's support address). */
    allow: z.array(z.string().min(1)).optional(),
  })
  .strict();

const injectionGuard = z
  .object({
    ...common,
    type: z.literal('prompt_injection'),
    /** The classifier's score at or above which a text is an attack (0..1); the default was chosen on held-out data (docs/guardrails.md). */
    threshold: z.number().gt(0).lt(1).optional(),
  })
  .strict();

const deniedTermsGuard = z
  .object({
    ...common,
    type: z.literal('denied_terms'),
    /** Words or phrases, matched on word boundaries. */
    terms: z.array(z.string().min(1).max(200)).default([]),
    /** Regular expressions (JavaScript syntax); each must match at most `max_match_chars` characters. */
    patterns: z.array(z.string().min(1).max(500)).default([]),
    case_sensitive: z.boolean().default(false),
    /** The longest text a pattern may match: a stream holds back this many characters. */
    max_match_chars: z.number().int().positive().max(4_096).default(128),
  })
  .strict();

const jsonSchemaGuard = z
  .object({
    ...common,
    type: z.literal('json_schema'),
  })
  .strict();

const httpGuard = z
  .object({
    ...common,
    ...remoteCommon,
    ...credentials,
    type: z.literal('http'),
    /** Receives POST {stage, texts:[{text, source}], request_id, model, team, project} and answers {action: "allow"|"block"|"redact", ...} (docs/guardrails-external.md). */
    url: z.string().url(),
  })
  .strict();

const llmJudgeGuard = z
  .object({
    ...common,
    ...remoteCommon,
    type: z.literal('llm_judge'),
    /** The chat alias that judges, called through the gateway as the caller (billed to it). */
    alias: z.string().min(1),
    /** The judge's instructions; the default asks for a JSON verdict {"safe": bool, "categories": [...]}. */
    prompt: z.string().min(1).optional(),
    /** `json` (the default verdict shape) or `llama_guard` ("safe" / "unsafe\nS1,S2"). */
    format: z.enum(['json', 'llama_guard']).default('json'),
    /** Categories that block; absent: any category the judge names. */
    categories: z.array(z.string().min(1)).optional(),
  })
  .strict();

const lakeraGuard = z
  .object({
    ...common,
    ...remoteCommon,
    ...credentials,
    type: z.literal('lakera'),
    url: z.string().url().default('https://api.lakera.ai/v2/guard'),
    /** A Lakera project id (its policy); absent: the account's default policy. */
    project_id: z.string().min(1).optional(),
  })
  .strict();

const presidioGuard = z
  .object({
    ...common,
    ...remoteCommon,
    ...credentials,
    type: z.literal('presidio'),
    /** The analyzer's base URL; the guard POSTs to {url}/analyze. */
    url: z.string().url(),
    language: z.string().min(2).default('en'),
    /** Presidio entity names to ask for; absent: all the analyzer knows. */
    entities: z.array(z.string().min(1)).optional(),
    score_threshold: z.number().min(0).max(1).default(0.5),
  })
  .strict();

const moderationGuard = z
  .object({
    ...common,
    ...remoteCommon,
    ...credentials,
    type: z.literal('openai_moderation'),
    url: z.string().url().default('https://api.openai.com/v1/moderations'),
    model: z.string().min(1).default('omni-moderation-latest'),
    /** Categories that block; absent: any the endpoint flags. */
    categories: z.array(z.string().min(1)).optional(),
    /** Block on a category score at or above this, even when the endpoint did not flag it. */
    score_threshold: z.number().min(0).max(1).optional(),
  })
  .strict();

/** One guard as config writes it. */
export const guardrailSchema = z.discriminatedUnion('type', [
  piiGuard,
  injectionGuard,
  deniedTermsGuard,
  jsonSchemaGuard,
  httpGuard,
  llmJudgeGuard,
  lakeraGuard,
  presidioGuard,
  moderationGuard,
]);
/** A parsed guard definition. */
export type GuardrailConfig = z.infer<typeof guardrailSchema>;
/** The parsed definition of one guard type. */
export type GuardrailConfigOf<T extends GuardrailConfig['type']> = Extract<GuardrailConfig, { type: T }>;

/** The top-level `guardrails:` list. */
export const guardrailsSchema = z.array(guardrailSchema).max(64, 'at most 64 guards').default([]);

/**
 * A guard a team or project carries (admin API): the in-process types only, applying to that
 * team's or project's requests (applies_to may narrow it to aliases).
 */
export const tenantGuardrailSchema = z.discriminatedUnion('type', [
  piiGuard.extend({
    applies_to: z
      .object({ aliases: z.array(z.string().min(1)) })
      .strict()
      .optional(),
  }),
  injectionGuard.extend({
    applies_to: z
      .object({ aliases: z.array(z.string().min(1)) })
      .strict()
      .optional(),
  }),
  deniedTermsGuard.extend({
    applies_to: z
      .object({ aliases: z.array(z.string().min(1)) })
      .strict()
      .optional(),
  }),
  jsonSchemaGuard.extend({
    applies_to: z
      .object({ aliases: z.array(z.string().min(1)) })
      .strict()
      .optional(),
  }),
]);
/** A team's or project's own guard list: null (none) or up to 16 guards. */
export const tenantGuardrailsSchema = z.array(tenantGuardrailSchema).max(16, 'at most 16 guards per team or project').nullable();
/** A parsed tenant guard. */
export type TenantGuardrailConfig = z.infer<typeof tenantGuardrailSchema>;
