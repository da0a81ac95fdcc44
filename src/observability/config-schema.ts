/**
 * The observability vocabulary of the config file: `observability:` (OTLP export, traces,
 * metrics) and `request_log:` (search, bodies, retention). Field names are the public contract
 * (issue 9). The standard OTEL_* environment variables fill what the file leaves unset
 * (observability/otlp-target.ts); the file wins where both speak.
 */
import { z } from 'zod';

/** OTLP/HTTP protocols: protobuf or JSON bodies. */
export const OTLP_PROTOCOLS = ['http/protobuf', 'http/json'] as const;
/** What the request log keeps of bodies: nothing, the request's metadata, or the bodies too. */
export const BODY_LEVELS = ['none', 'metadata', 'full'] as const;
/** One of the body levels. */
export type BodyLevel = (typeof BODY_LEVELS)[number];

const teamList = z.array(z.string().min(1, 'a team id or name cannot be empty'));

/** `observability:` */
export const observabilitySchema = z
  .object({
    /** Where traces and metrics go. Unset (and no OTEL_EXPORTER_OTLP_ENDPOINT): nothing is exported. */
    otlp: z
      .object({
        /** Base URL; /v1/traces and /v1/metrics are appended (as OTEL_EXPORTER_OTLP_ENDPOINT). */
        endpoint: z.string().url().optional(),
        protocol: z.enum(OTLP_PROTOCOLS).optional(),
        /** Sent with every export (an API key of Langfuse, Honeycomb, Grafana Cloud...). */
        headers: z.record(z.string(), z.string()).optional(),
        /** How long one export may take before it is abandoned (and its spans counted as dropped). */
        timeout_ms: z.number().int().positive().max(120_000).optional(),
        /** Whether /readyz reports not-ready while the exporter's endpoint is unreachable. */
        required: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    traces: z
      .object({
        /** Off: no spans at all, even with an endpoint. */
        enabled: z.boolean().default(true),
        /** Share of requests traced that arrive without a sampled traceparent (OTEL_TRACES_SAMPLER_ARG). */
        sample_ratio: z.number().min(0).max(1).optional(),
        /** Prompt and completion content as span events (GenAI conventions): off, on for all, or for these teams (ids or names). */
        capture_content: z.union([z.boolean(), teamList]).default(false),
        /** Continue a client's W3C traceparent (else every request starts its own trace). */
        accept_traceparent: z.boolean().default(true),
        /** Send a traceparent upstream with every attempt (providers that trace join the trace). */
        propagate_upstream: z.boolean().default(true),
        /** Spans held for export; more are dropped and counted. */
        max_queue_size: z.number().int().positive().max(1_000_000).default(8192),
        /** Spans per export request. */
        max_export_batch_size: z.number().int().positive().max(100_000).default(512),
        /** How often queued spans are exported. */
        schedule_delay_ms: z.number().int().positive().max(600_000).default(2000),
      })
      .strict()
      .prefault({}),
    metrics: z
      .object({
        /** Serve GET /metrics for Prometheus. */
        prometheus: z.boolean().default(true),
        /** GET /metrics without a key even when admin_key is set (a scraper inside a trusted network). */
        open: z.boolean().default(false),
        /** Push metrics over OTLP this often when an endpoint is set; 0 turns the push off. */
        otlp_interval_ms: z.number().int().min(0).max(3_600_000).default(10_000),
        /** Label metrics with the end user (unbounded: only where users are few). */
        end_user_labels: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .prefault({});

/** `request_log:` */
export const requestLogSchema = z
  .object({
    enabled: z.boolean().default(true),
    flush_interval_ms: z.number().int().positive().default(1000),
    max_batch: z.number().int().positive().default(500),
    /** What is kept of each request besides its numbers: none, its metadata, or the bodies too. */
    bodies: z.enum(BODY_LEVELS).default('metadata'),
    /** Per team (id or name): a body level that overrides `bodies` for that team's requests. */
    teams: z.record(z.string(), z.object({ bodies: z.enum(BODY_LEVELS) }).strict()).default({}),
    /** Bytes of each body kept (request and response apiece); the rest is cut and marked. */
    max_body_bytes: z
      .number()
      .int()
      .positive()
      .max(16 * 1024 * 1024)
      .default(64 * 1024),
    /** Days a request-log row is kept; the daily spend rollups outlive it. 0 keeps rows for ever. */
    retention_days: z.number().int().min(0).max(36_500).default(30),
  })
  .strict()
  .prefault({});

/** The parsed `observability:` block. */
export type ObservabilityConfig = z.infer<typeof observabilitySchema>;
/** The parsed `request_log:` block. */
export type RequestLogConfig = z.infer<typeof requestLogSchema>;
