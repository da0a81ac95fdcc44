/**
 * The routing vocabulary of the config file: per-alias strategy, retries, timeouts, breaker,
 * fallbacks by cause, hedging and the smart router, plus `routing_rules:`. Field names are the
 * public contract (issue 8's config shape); the compiled forms are in routing/group.ts.
 */
import { z } from 'zod';

/** How a model group orders its targets for each request. */
export const STRATEGIES = ['fallback', 'weighted', 'round-robin', 'least-latency', 'least-cost', 'least-busy', 'headroom', 'smart'] as const;
/** One of the strategies. */
export type Strategy = (typeof STRATEGIES)[number];

const ms = (max: number) => z.number().int().positive().max(max);

/** Retries: every attempt counts (the first included), across all targets, within a total deadline. */
export const retriesSchema = z
  .object({
    max_attempts: z.number().int().min(1).max(20).optional(),
    base_delay_ms: z.number().int().min(0).max(60_000).optional(),
    max_delay_ms: z.number().int().min(0).max(600_000).optional(),
    total_deadline_ms: ms(3_600_000).optional(),
  })
  .strict();

/** Per-attempt timeouts. first_token_ms bounds the time to the response head (non-streamed) or the first streamed token. */
export const timeoutsSchema = z
  .object({
    connect_ms: ms(600_000).optional(),
    first_token_ms: ms(3_600_000).optional(),
    idle_ms: ms(3_600_000).optional(),
    total_ms: ms(3_600_000).optional(),
  })
  .strict();

/** A circuit breaker per target; `false` turns it off. */
export const breakerSchema = z.union([
  z.literal(false),
  z
    .object({
      consecutive_failures: z.number().int().min(1).max(1000).optional(),
      error_rate: z.number().gt(0).max(1).optional(),
      /** The error rate only counts once the window holds this many outcomes. */
      min_requests: z.number().int().min(1).max(100_000).optional(),
      window_ms: ms(3_600_000).optional(),
      cooldown_ms: ms(3_600_000).optional(),
    })
    .strict(),
]);

/** Which alias to fall back to, by the cause of the failure. */
export const fallbacksSchema = z
  .object({
    context_window: z.string().min(1).optional(),
    content_filter: z.string().min(1).optional(),
    any: z.string().min(1).optional(),
  })
  .strict();

/** Start a second attempt on another target when the first token is later than after_ms. */
export const hedgeSchema = z.object({ after_ms: ms(600_000) }).strict();

/** The smart router's knob: route to the strong (first) target when the prompt's routing score (quality gain per extra dollar, 0..1) reaches the threshold. */
export const smartSchema = z
  .object({
    /** 0..1; higher sends fewer requests to the strong model. */
    threshold: z.number().min(0).max(1).optional(),
    /** For more than two targets: one threshold per step down, strongest first (length = targets - 1). */
    thresholds: z.array(z.number().min(0).max(1)).optional(),
  })
  .strict();

const regionName = z.string().regex(/^[A-Za-z0-9_.*-]{1,64}$/, 'use letters, digits, _ . - (and * as a wildcard)');

/** A target of a model alias. */
export const targetSchema = z
  .object({
    provider: z.string(),
    model: z.string(),
    /** Relative share under `weighted` (default 1). */
    weight: z.number().min(0).max(1_000_000).optional(),
    /** Where this target serves from (data residency); defaults to its provider's `region`. */
    region: regionName.optional(),
    tags: z.array(z.string().min(1).max(64)).optional(),
    timeouts: timeoutsSchema.optional(),
  })
  .strict();

/** Defaults for every alias (and direct PROVIDER/MODEL calls); an alias's own fields win. */
export const routingDefaultsSchema = z
  .object({
    retries: retriesSchema.optional(),
    timeouts: timeoutsSchema.optional(),
    breaker: breakerSchema.optional(),
  })
  .strict();

/** What a routing rule matches on; every given field must match. */
export const ruleMatchSchema = z
  .object({
    team: z.union([z.string(), z.array(z.string())]).optional(),
    project: z.union([z.string(), z.array(z.string())]).optional(),
    key: z.union([z.string(), z.array(z.string())]).optional(),
    user: z.union([z.string(), z.array(z.string())]).optional(),
    /** The model the client asked for. */
    model: z.union([z.string(), z.array(z.string())]).optional(),
    /** Request header values (lower-case names); a list matches any of its values. */
    headers: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
    /** Values of the request's `metadata` object. */
    metadata: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
    /** Request parameters: equality, or a range with { gte, lte }. */
    params: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.object({ gte: z.number().optional(), lte: z.number().optional() }).strict()]))
      .optional(),
    min_input_tokens: z.number().int().min(0).optional(),
    max_input_tokens: z.number().int().min(0).optional(),
    has_tools: z.boolean().optional(),
    has_images: z.boolean().optional(),
    stream: z.boolean().optional(),
  })
  .strict();

/** One entry of `routing_rules:`; the first rule that matches decides. */
export const routingRuleSchema = z
  .object({
    name: z.string().min(1).optional(),
    when: ruleMatchSchema,
    /** The alias to serve the request with instead of the one asked for. */
    use: z.string().min(1).optional(),
    /** Keep only targets in these regions (fallbacks included). */
    regions: z.array(regionName).min(1).optional(),
    /** Keep only targets carrying all these tags. */
    tags: z.array(z.string().min(1)).min(1).optional(),
  })
  .strict();

/** A parsed routing rule. */
export type RoutingRule = z.infer<typeof routingRuleSchema>;
/** Parsed retries. */
export type RetriesConfig = z.infer<typeof retriesSchema>;
/** Parsed timeouts. */
export type TimeoutsConfig = z.infer<typeof timeoutsSchema>;
/** Parsed breaker settings. */
export type BreakerConfig = z.infer<typeof breakerSchema>;
