/** The configuration file's schema (zod). Field names are the public contract: see ARCHITECTURE.md §5. */
import { z } from 'zod';
import { cacheOverrideSchema, cacheSchema } from '../cache/config-schema.js';
import { guardrailsSchema } from '../guardrails/config-schema.js';
import { priceOverrideSchema } from '../catalog/price-book.js';
import { alertTargetSchema, limitsSchema } from '../governance/types.js';
import { observabilitySchema, requestLogSchema } from '../observability/config-schema.js';
import {
  breakerSchema,
  fallbacksSchema,
  hedgeSchema,
  retriesSchema,
  routingDefaultsSchema,
  routingRuleSchema,
  STRATEGIES,
  smartSchema,
  targetSchema,
  timeoutsSchema,
} from '../routing/schema.js';

/** One `providers[]` entry. */
export const providerEntrySchema = z
  .object({
    id: z.string().regex(/^[a-zA-Z0-9_.-]+$/, 'use letters, digits, _ . and - only'),
    type: z.string(),
    api_key: z.string().optional(),
    base_url: z.string().url().optional(),
    api_version: z.string().optional(),
    /** Bedrock's AWS region; for every type also where the provider serves from (data residency). */
    region: z.string().optional(),
    /** Free-form labels routing rules can select targets by. */
    tags: z.array(z.string().min(1).max(64)).optional(),
    access_key_id: z.string().optional(),
    secret_access_key: z.string().optional(),
    session_token: z.string().optional(),
    project: z.string().optional(),
    location: z.string().optional(),
    credentials: z.string().optional(),
    token_url: z.string().url().optional(),
    headers: z.record(z.string(), z.string()).optional(),
    /**
     * Which API Chat Completions callers reach at this provider: `chat` (Chat Completions, the
     * default) or `responses` (its native Responses API, for Responses-only models). Only types
     * with a Responses API (openai, azure-openai) take it.
     */
    api: z.enum(['chat', 'responses']).optional(),
    /** Parameters to drop silently-but-documented instead of answering 400; ["*"] drops all. */
    drop_params: z.array(z.string()).optional(),
    /** Skip this provider (instead of failing) when an ${ENV} variable it uses is unset. */
    optional: z.boolean().optional(),
    /** Per-model price overrides in USD per million tokens. */
    prices: z.record(z.string(), priceOverrideSchema).optional(),
  })
  .strict();

/** The whole file. */
export const configSchema = z
  .object({
    server: z
      .object({
        host: z.string().default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(8080),
        /** Largest request body accepted, in bytes. */
        body_limit_bytes: z
          .number()
          .int()
          .positive()
          .default(10 * 1024 * 1024),
        /** Upstream timeout per attempt, in milliseconds (until headers, and between body chunks). */
        upstream_timeout_ms: z.number().int().positive().default(600_000),
        /**
         * Largest non-streamed upstream response body (and upstream error body) read, in bytes.
         * 32 MiB fits the big legitimate answers: an embeddings batch of ~1000 1536-dimension
         * vectors as JSON floats, or several base64 images in one response, while one misbehaving
         * base_url cannot make the gateway buffer without bound.
         */
        upstream_max_body_bytes: z
          .number()
          .int()
          .positive()
          .default(32 * 1024 * 1024),
        /**
         * Largest single upstream stream event (one SSE event, one AWS event-stream message), in
         * bytes. Events carry token deltas of a few KB; the largest real ones (an inline image, a
         * final event repeating the whole answer) stay well under 4 MiB, and the cap also bounds
         * what a stream that never finishes an event can make the gateway hold.
         */
        upstream_max_event_bytes: z
          .number()
          .int()
          .positive()
          .default(4 * 1024 * 1024),
        /** The whole request's limit: every attempt and the streamed answer, in milliseconds. */
        request_deadline_ms: z.number().int().positive().default(900_000),
        /** Time a client has to send its request headers, in milliseconds. */
        headers_timeout_ms: z.number().int().positive().default(20_000),
        /** Time a client has to send its whole request (headers and body), in milliseconds. */
        request_timeout_ms: z.number().int().positive().default(60_000),
        /** Open connections accepted at once; more are closed on arrival. */
        max_connections: z.number().int().positive().default(4096),
      })
      .strict()
      .prefault({}),
    /** `sqlite:PATH` (embedded default) or `postgres://USER@HOST:PORT/DB` (several replicas). */
    storage: z.string().default('sqlite:./data/switchboard.db'),
    /** `redis://HOST:PORT`: shared rate-limit and budget counters for several replicas. */
    redis: z.string().optional(),
    admin_key: z.string().optional(),
    /** Virtual keys, limits and budgets (issue 7; docs/governance.md). */
    governance: z
      .object({
        /** IANA time zone whose calendar days, weeks (Monday) and months budget periods follow. */
        timezone: z.string().default('UTC'),
        /** How often each replica checks for changed teams, projects and keys (revocation reaches it within this). */
        refresh_ms: z.number().int().min(50).max(60_000).default(250),
        /** How long an unsettled reservation holds (a crashed replica's): then it expires and the ledger is the truth. */
        reservation_ttl_ms: z.number().int().min(1_000).default(900_000),
        /** When the shared counter store (Redis) cannot be reached: budgets always fail closed (503); rate limits as set here. */
        rate_limits_on_store_error: z.enum(['open', 'closed']).default('open'),
        /** Prefix of every Redis key the gateway writes (several deployments can share one Redis). */
        redis_prefix: z
          .string()
          .regex(/^[A-Za-z0-9:_.-]{1,64}$/, 'use 1-64 letters, digits and : _ . -')
          .default('sb:'),
        /**
         * How long one Redis command may take before the request it serves fails closed (503 for
         * budgets): short, so a stalled Redis costs callers little; raise it for a distant Redis.
         */
        redis_command_timeout_ms: z.number().int().min(10).max(60_000).default(250),
        /** How often queued ledger rows are written, in milliseconds. */
        ledger_flush_ms: z.number().int().min(10).max(60_000).default(1000),
        /** Days a spend ledger row is kept; the daily rollups are kept for ever. 0 keeps rows for ever. */
        ledger_retention_days: z.number().int().min(0).max(36_500).default(90),
        /**
         * The output cap assumed for a model whose limit the catalog does not know, when the client
         * sets no max_tokens and a budget applies; it is then sent upstream so the reservation holds.
         */
        default_max_output_tokens: z.number().int().positive().default(4096),
        /** Ledger rows held in memory while the database is unreachable before they spill to spill_file. */
        ledger_buffer_max: z.number().int().positive().default(10_000),
        /** Where ledger rows spill (JSON lines) while the database is unreachable; replayed when it returns. */
        spill_file: z.string().default('./data/ledger-spill.jsonl'),
      })
      .strict()
      .prefault({}),
    /** Where budget alerts go, for every team (teams add their own through the admin API). */
    alerts: z.array(alertTargetSchema).default([]),
    /**
     * Which providers clients may call directly as PROVIDER_ID/UPSTREAM_MODEL (a model name that
     * matches no alias): true (all), false (aliases only) or a list of provider ids. Unset: true
     * without admin_key (loopback open mode, local use), false with it, so a shared gateway
     * exposes only the models its operator chose.
     */
    direct_models: z
      .union([z.boolean(), z.array(z.string().min(1, 'a provider id cannot be empty'))], {
        error: 'must be true, false or a list of provider ids',
      })
      .optional(),
    simulator: z
      .object({ enabled: z.boolean().default(false), port: z.number().int().min(0).max(65535).default(4010) })
      .strict()
      .optional(),
    images: z
      .object({
        max_bytes: z
          .number()
          .int()
          .positive()
          .default(5 * 1024 * 1024),
        timeout_ms: z.number().int().positive().default(10_000),
        /** Allow fetching images from private and loopback addresses (off: SSRF protection). */
        allow_private_addresses: z.boolean().default(false),
      })
      .strict()
      .default({ max_bytes: 5 * 1024 * 1024, timeout_ms: 10_000, allow_private_addresses: false }),
    /** The request log: one row per request, searchable, with retention (docs/observability.md). */
    request_log: requestLogSchema,
    /** Traces, metrics and /metrics (docs/observability.md); OTEL_* variables fill what is unset. */
    observability: observabilitySchema,
    /** The response cache, exact and semantic (docs/cache.md); off unless `mode` is set. */
    cache: cacheSchema,
    /** Input and output checks: PII, prompt injection, denied terms, JSON answers, external guards (docs/guardrails.md). */
    guardrails: guardrailsSchema,
    /** The Responses API's stored conversation state (GET/DELETE /v1/responses/{id}, previous_response_id). */
    responses: z
      .object({
        /** Keep responses the client asked to store (OpenAI's `store`, default true); false keeps none. */
        store: z.boolean().default(true),
        /** Days a stored response is kept; 0 keeps it until it is deleted. */
        retention_days: z.number().int().min(0).max(36_500).default(30),
      })
      .strict()
      .default({ store: true, retention_days: 30 }),
    /** Experiments' background work (docs/experiments-setup.md): the auto-promotion interval and the shadow copies in flight. */
    experiments: z
      .object({ promotion_interval_ms: z.number().int().min(1000).default(60_000), shadow_max_in_flight: z.number().int().min(0).max(1000).default(16) })
      .strict()
      .default({ promotion_interval_ms: 60_000, shadow_max_in_flight: 16 }),
    providers: z.array(providerEntrySchema).default([]),
    /** Retries, timeouts and breaker defaults for every alias and direct call. */
    routing: routingDefaultsSchema.prefault({}),
    /** Rules that choose targets per request (first match wins); see docs/routing.md. */
    routing_rules: z.array(routingRuleSchema).default([]),
    models: z
      .array(
        z
          .object({
            name: z.string().min(1),
            targets: z.array(targetSchema).min(1),
            /** How targets are ordered per request (default fallback: in the order given). */
            strategy: z.enum(STRATEGIES).optional(),
            retries: retriesSchema.optional(),
            timeouts: timeoutsSchema.optional(),
            breaker: breakerSchema.optional(),
            fallbacks: fallbacksSchema.optional(),
            hedge: hedgeSchema.optional(),
            smart: smartSchema.optional(),
            /** Rate limits on this alias, for all callers together. */
            limits: limitsSchema.optional(),
            /** This alias's response cache settings over the top-level `cache:` block. */
            cache: cacheOverrideSchema.optional(),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();

/** A parsed, defaulted config. */
export type Config = z.infer<typeof configSchema>;
/** One parsed provider entry. */
export type ProviderEntry = z.infer<typeof providerEntrySchema>;
