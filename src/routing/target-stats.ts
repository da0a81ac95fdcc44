/**
 * Running statistics per target key (PROVIDER_ID/MODEL) for the load-balancing strategies:
 * attempts in flight (least-busy), moving averages of latency (least-latency) and the provider's
 * rate-limit headroom (headroom).
 *
 * Latency is two exponentially weighted moving averages: time to first token, from `firstToken`
 * (streams), and time to the response head, from each successful attempt's durationMs. latencyMs
 * answers the first when it has samples, else the second. Failed attempts are not samples (a fast
 * 500 would make a broken target look quick), except timeouts, which count at the time they took.
 *
 * Headroom is read lazily: `end` only keeps a reference to the successful attempt's headers (and
 * a 429's, which say the limit is spent) with the time; they are parsed when `headroom` is first
 * asked about them. `now` is wall-clock ms (Date.now()): Anthropic's reset times are dates.
 */
import type { Target } from '../config/compile.js';
import type { AttemptRecord } from '../pipeline/context.js';
import type { TargetStats } from './health-contract.js';
import { DEFAULT_MAX_KEYS, makeRoom } from './key-cap.js';
import { headroomOf, parseRateLimits, type RateLimitDimension } from './rate-limit-headers.js';

/** Weight of a new latency sample in the moving averages. */
export const DEFAULT_LATENCY_ALPHA = 0.25;

/** One target's statistics, for GET /admin/v1/targets. */
export interface TargetStatsSnapshot {
  key: string;
  /** What latencyMs answers; null before any sample. */
  latencyMs: number | null;
  inFlight: number;
  /** What headroom answers at the snapshot's time; null when unknown or stale. */
  headroom: number | null;
}

/** How the statistics are kept. */
export interface RunningTargetStatsOptions {
  /** Weight of a new latency sample, 0..1 (default DEFAULT_LATENCY_ALPHA). */
  alpha?: number;
  /** Keys tracked at most (default DEFAULT_MAX_KEYS); past it, targets with nothing in flight are forgotten. */
  maxKeys?: number;
}

interface Entry {
  key: string;
  inFlight: number;
  /** Moving average of time to first token; NaN before a sample. */
  ttftMs: number;
  /** Moving average of time to the response head; NaN before a sample. */
  headMs: number;
  /** The latest headers worth reading for headroom, unparsed, and when they came. */
  headers?: Readonly<Record<string, string>>;
  headersAt: number;
  /** The headers `dimensions` were parsed from. */
  parsed?: Readonly<Record<string, string>>;
  dimensions: readonly RateLimitDimension[];
}

const NONE: readonly RateLimitDimension[] = [];

/** The in-process statistics. */
export class RunningTargetStats implements TargetStats {
  private readonly entries = new Map<string, Entry>();
  private readonly alpha: number;
  private readonly maxKeys: number;

  constructor(options: RunningTargetStatsOptions = {}) {
    this.alpha = options.alpha ?? DEFAULT_LATENCY_ALPHA;
    if (!(this.alpha > 0 && this.alpha <= 1)) throw new RangeError(`alpha must be in (0, 1], got ${this.alpha}`);
    this.maxKeys = options.maxKeys ?? DEFAULT_MAX_KEYS;
  }

  begin(target: Target): void {
    this.entry(target.key).inFlight++;
  }

  end(target: Target, attempt: AttemptRecord, now: number): void {
    const entry = this.entry(target.key);
    if (entry.inFlight > 0) entry.inFlight--;
    if (attempt.cancelled) return;
    const code = attempt.error?.code;
    if (code === undefined) {
      entry.headMs = this.average(entry.headMs, attempt.durationMs);
    } else if (code === 'upstream_timeout') {
      entry.headMs = this.average(entry.headMs, attempt.durationMs);
      if (!Number.isNaN(entry.ttftMs)) entry.ttftMs = this.average(entry.ttftMs, attempt.durationMs);
    }
    if (attempt.headers !== undefined && (code === undefined || code === 'upstream_rate_limited')) {
      entry.headers = attempt.headers;
      entry.headersAt = now;
    }
  }

  firstToken(target: Target, ms: number): void {
    const entry = this.entry(target.key);
    entry.ttftMs = this.average(entry.ttftMs, ms);
  }

  latencyMs(target: Target): number | undefined {
    const entry = this.entries.get(target.key);
    if (entry === undefined) return undefined;
    if (!Number.isNaN(entry.ttftMs)) return entry.ttftMs;
    return Number.isNaN(entry.headMs) ? undefined : entry.headMs;
  }

  inFlight(target: Target): number {
    return this.entries.get(target.key)?.inFlight ?? 0;
  }

  headroom(target: Target, now: number): number | undefined {
    const entry = this.entries.get(target.key);
    return entry === undefined ? undefined : this.headroomOf(entry, now);
  }

  /** Every tracked target, as seen at `now`. */
  snapshot(now: number = Date.now()): TargetStatsSnapshot[] {
    const out: TargetStatsSnapshot[] = [];
    for (const entry of this.entries.values()) {
      const latency = !Number.isNaN(entry.ttftMs) ? entry.ttftMs : entry.headMs;
      out.push({ key: entry.key, latencyMs: Number.isNaN(latency) ? null : latency, inFlight: entry.inFlight, headroom: this.headroomOf(entry, now) ?? null });
    }
    return out;
  }

  /** How many keys are tracked (tests: the cap holds). */
  get size(): number {
    return this.entries.size;
  }

  private headroomOf(entry: Entry, now: number): number | undefined {
    if (entry.headers === undefined) return undefined;
    if (entry.parsed !== entry.headers) {
      entry.dimensions = parseRateLimits(entry.headers, entry.headersAt);
      entry.parsed = entry.headers;
    }
    return headroomOf(entry.dimensions, entry.headersAt, now);
  }

  private average(current: number, sample: number): number {
    if (!Number.isFinite(sample) || sample < 0) return current;
    return Number.isNaN(current) ? sample : current + this.alpha * (sample - current);
  }

  private entry(key: string): Entry {
    let entry = this.entries.get(key);
    if (entry === undefined) {
      makeRoom(this.entries, this.maxKeys, (e) => e.inFlight > 0);
      entry = { key, inFlight: 0, ttftMs: Number.NaN, headMs: Number.NaN, headersAt: 0, dimensions: NONE };
      this.entries.set(key, entry);
    }
    return entry;
  }
}
