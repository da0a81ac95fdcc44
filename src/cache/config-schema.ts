/**
 * The `cache:` block (top level, and per alias as an override): the response cache's mode, time
 * to live, tenant scope, size bounds and semantic matching. Field names are the public contract
 * of issue 10; docs/cache.md explains each.
 */
import { z } from 'zod';

/** What the cache does: nothing, exact matches only, or exact then semantic matches. */
export const CACHE_MODES = ['off', 'exact', 'semantic'] as const;
/** Whose entries a request may see: its key's, its project's or its team's. */
export const CACHE_SCOPES = ['key', 'project', 'team'] as const;
/** Where entries live: this process, Redis (shared by replicas), or Redis when `redis:` is set. */
export const CACHE_STORES = ['auto', 'memory', 'redis'] as const;

/**
 * The builtin embedder's default similarity threshold, chosen on the PAWS-X dev half
 * (docs/cache-eval.md, `npm run eval:cache`): the lowest whose pooled false-hit rate with the
 * near-miss guards stays ≤ 2 %.
 */
export const DEFAULT_BUILTIN_THRESHOLD = 0.92;
/**
 * The default for an embeddings alias: no real embedding model can be measured on these machines,
 * so a conservative value; measure yours with `npm run eval:cache -- --embedder openai-compatible`.
 */
export const DEFAULT_ALIAS_THRESHOLD = 0.92;

const semanticFields = {
  /** Cosine similarity a stored question must reach (then the near-miss guards must pass). */
  threshold: z.number().min(0.5, 'must be at least 0.5: lower thresholds match unrelated questions').max(1),
  /** `builtin` (in process, no network) or the name of an embeddings alias (its calls are billed to the caller). */
  embedder: z.string().min(1, 'name `builtin` or an embeddings alias'),
  /** Turn the near-miss guards (numbers, names, negation, order, language, format) off; only for measurements. */
  guards: z.boolean(),
  /** Questions longer than this many characters are looked up exactly only (long texts embed poorly). */
  max_question_chars: z.number().int().positive().max(100_000),
  /** Vectors kept per partition (scope × everything but the question); the oldest go first. */
  max_entries_per_scope: z.number().int().positive().max(1_000_000),
};

const commonFields = {
  mode: z.enum(CACHE_MODES),
  /** Seconds an entry lives. */
  ttl_s: z
    .number()
    .int()
    .positive()
    .max(365 * 86_400),
  scope: z.enum(CACHE_SCOPES),
  /** Share entries across every tenant. Only an owner can set it (it is config-only). */
  global: z.boolean(),
  /** Answers larger than this are not stored. */
  max_entry_bytes: z
    .number()
    .int()
    .positive()
    .max(64 * 1024 * 1024),
};

/** The top-level `cache:` block, with every default filled. */
export const cacheSchema = z
  .object({
    mode: commonFields.mode.default('off'),
    ttl_s: commonFields.ttl_s.default(86_400),
    scope: commonFields.scope.default('key'),
    global: commonFields.global.default(false),
    max_entry_bytes: commonFields.max_entry_bytes.default(256 * 1024),
    /** The in-process store's bound, in bytes of entries (least recently used go first). */
    max_bytes: z
      .number()
      .int()
      .positive()
      .default(256 * 1024 * 1024),
    store: z.enum(CACHE_STORES).default('auto'),
    /** A Redis command slower than this counts as a miss (the request goes upstream). */
    redis_timeout_ms: z.number().int().positive().max(10_000).default(100),
    semantic: z
      .object({
        /** Unset: the embedder's measured default (DEFAULT_BUILTIN_THRESHOLD or DEFAULT_ALIAS_THRESHOLD). */
        threshold: semanticFields.threshold.optional(),
        embedder: semanticFields.embedder.default('builtin'),
        guards: semanticFields.guards.default(true),
        max_question_chars: semanticFields.max_question_chars.default(2_000),
        max_entries_per_scope: semanticFields.max_entries_per_scope.default(100_000),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .prefault({});

/** A model alias's `cache:` override: any field of the top-level block but the store-wide ones. */
export const cacheOverrideSchema = z
  .object({
    mode: commonFields.mode.optional(),
    ttl_s: commonFields.ttl_s.optional(),
    scope: commonFields.scope.optional(),
    global: commonFields.global.optional(),
    max_entry_bytes: commonFields.max_entry_bytes.optional(),
    semantic: z
      .object({
        threshold: semanticFields.threshold.optional(),
        embedder: semanticFields.embedder.optional(),
        guards: semanticFields.guards.optional(),
        max_question_chars: semanticFields.max_question_chars.optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

/** The parsed top-level block. */
export type CacheConfig = z.infer<typeof cacheSchema>;
/** The parsed per-alias override. */
export type CacheOverride = z.infer<typeof cacheOverrideSchema>;
