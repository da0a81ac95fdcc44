/**
 * The policies of a model group (retries, timeouts, breaker, fallbacks by cause), every default
 * filled in once at compile time so the request path never merges settings. ModelGroup itself is
 * in compile.ts, beside Target.
 */
import type { BreakerConfig, RetriesConfig, TimeoutsConfig } from '../routing/schema.js';

/** Retries with every default applied. */
export interface ResolvedRetries {
  /** Every attempt counts, across all targets, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  totalDeadlineMs: number;
}

/** Per-attempt timeouts with every default applied; totalMs 0 means none. */
export interface ResolvedTimeouts {
  connectMs: number;
  firstTokenMs: number;
  idleMs: number;
  totalMs: number;
}

/** Breaker settings with every default applied. */
export interface ResolvedBreaker {
  consecutiveFailures: number;
  errorRate: number;
  minRequests: number;
  windowMs: number;
  cooldownMs: number;
}

/** Which alias serves a request that failed for a given cause. */
export interface CauseFallbacks {
  context_window?: string;
  content_filter?: string;
  any?: string;
}

/** The defaults the docs promise (docs/routing.md "Defaults"). */
export const DEFAULT_RETRIES = { baseDelayMs: 200, maxDelayMs: 5_000, totalDeadlineMs: 60_000 } as const;
/** Breaker defaults: five failures in a row, or half of at least 20 outcomes in 30 s, cool down 30 s. */
export const DEFAULT_BREAKER: ResolvedBreaker = { consecutiveFailures: 5, errorRate: 0.5, minRequests: 20, windowMs: 30_000, cooldownMs: 30_000 };
/** Connect timeout when none is set. */
export const DEFAULT_CONNECT_MS = 10_000;

/** Attempts when none are set: each target once, plus one retry. */
export function defaultMaxAttempts(targetCount: number): number {
  return Math.min(20, targetCount + 1);
}

/** Resolves retries: the alias's fields over the config's `routing.retries` over the defaults. */
export function resolveRetries(targetCount: number, own: RetriesConfig | undefined, shared: RetriesConfig | undefined): ResolvedRetries {
  return {
    maxAttempts: own?.max_attempts ?? shared?.max_attempts ?? defaultMaxAttempts(targetCount),
    baseDelayMs: own?.base_delay_ms ?? shared?.base_delay_ms ?? DEFAULT_RETRIES.baseDelayMs,
    maxDelayMs: own?.max_delay_ms ?? shared?.max_delay_ms ?? DEFAULT_RETRIES.maxDelayMs,
    totalDeadlineMs: own?.total_deadline_ms ?? shared?.total_deadline_ms ?? DEFAULT_RETRIES.totalDeadlineMs,
  };
}

/** Resolves timeouts, most specific first; `upstreamTimeoutMs` (server.upstream_timeout_ms) bounds what is unset. */
export function resolveTimeouts(upstreamTimeoutMs: number, ...layers: (TimeoutsConfig | undefined)[]): ResolvedTimeouts {
  const pick = (field: keyof TimeoutsConfig) => {
    for (const layer of layers) if (layer?.[field] !== undefined) return layer[field];
    return undefined;
  };
  return {
    connectMs: pick('connect_ms') ?? Math.min(DEFAULT_CONNECT_MS, upstreamTimeoutMs),
    firstTokenMs: pick('first_token_ms') ?? upstreamTimeoutMs,
    idleMs: pick('idle_ms') ?? upstreamTimeoutMs,
    totalMs: pick('total_ms') ?? 0,
  };
}

/** Resolves a breaker; `false` at the alias or in `routing.breaker` turns it off. */
export function resolveBreaker(own: BreakerConfig | undefined, shared: BreakerConfig | undefined): ResolvedBreaker | null {
  const config = own ?? shared;
  if (config === false) return null;
  const base = own !== undefined && shared !== undefined && shared !== false ? shared : undefined;
  return {
    consecutiveFailures: config?.consecutive_failures ?? base?.consecutive_failures ?? DEFAULT_BREAKER.consecutiveFailures,
    errorRate: config?.error_rate ?? base?.error_rate ?? DEFAULT_BREAKER.errorRate,
    minRequests: config?.min_requests ?? base?.min_requests ?? DEFAULT_BREAKER.minRequests,
    windowMs: config?.window_ms ?? base?.window_ms ?? DEFAULT_BREAKER.windowMs,
    cooldownMs: config?.cooldown_ms ?? base?.cooldown_ms ?? DEFAULT_BREAKER.cooldownMs,
  };
}
