/**
 * Circuit breakers per target key (PROVIDER_ID/MODEL), in process, optionally shared across
 * replicas through a BreakerSync.
 *
 * A breaker opens after `consecutiveFailures` failures in a row, or when failures reach
 * `errorRate` of the outcomes in the last `windowMs` with at least `minRequests` of them. Open, it
 * turns every caller away for `cooldownMs`; then exactly one caller gets `probe` (half-open) and
 * the others stay away until that probe reports: success closes the breaker (counters reset),
 * failure opens it for another cool-down. A probe that never reports (its request died) does not
 * wedge the breaker: after a lease of max(cooldownMs, 30 s) the next caller probes.
 *
 * `now` is wall-clock ms (Date.now()), not performance.now(): an open breaker shared through Redis
 * carries the time its cool-down ends, and replicas only agree on the wall clock.
 *
 * The window is a ring of ten time buckets per key, allocated once per key, so recording an
 * outcome allocates nothing. Settings come with every call (aliases sharing a deployment may set
 * them differently): thresholds and cool-down are the calling alias's own, while the window's
 * width is fixed by the first alias that reports an outcome for the key.
 */
import type { Target } from '../config/compile.js';
import type { BreakerChange, BreakerSync } from './breaker-sync.js';
import type { ResolvedBreaker } from '../config/model-group.js';
import type { BreakerVerdict, Breakers } from './health-contract.js';
import { DEFAULT_MAX_KEYS, makeRoom } from './key-cap.js';

/** Buckets per window: the error rate covers between 90% and 100% of window_ms. */
const BUCKETS = 10;
/** The shortest time a probe holds the half-open breaker before another caller may probe. */
export const MIN_PROBE_LEASE_MS = 30_000;

/** A breaker's state as the admin API shows it; `half_open`: cooled down, waiting for (or running) its probe. */
export type BreakerState = 'closed' | 'open' | 'half_open';

/** One breaker, for GET /admin/v1/targets. */
export interface BreakerSnapshot {
  key: string;
  state: BreakerState;
  consecutiveFailures: number;
  /** Failures / outcomes in the window (0 without outcomes). */
  errorRate: number;
  /** Outcomes in the window. */
  samples: number;
  /** When it last opened (ms since the epoch); null when closed. */
  openedAt: number | null;
  /** ms until a caller may probe it (0 when closed or when the next caller will probe). */
  retryInMs: number;
  /** Opened by another replica (through the BreakerSync). */
  remote: boolean;
}

/** How the breakers are built. */
export interface CircuitBreakersOptions {
  /** Shares opens and closes with other replicas (Redis); without it the breakers are local. */
  sync?: BreakerSync;
  /** Hears local transitions (not those applied from other replicas); a throwing listener is ignored. */
  onChange?: (change: BreakerChange) => void;
  /** Keys tracked at most (default DEFAULT_MAX_KEYS); past it, closed breakers are forgotten. */
  maxKeys?: number;
}

interface Entry {
  key: string;
  state: BreakerState;
  consecutive: number;
  /** Bucket width; 0 until the first outcome fixes it. */
  bucketMs: number;
  /** The newest bucket's number (now / bucketMs). */
  head: number;
  /** Outcomes per bucket, then failures per bucket. */
  readonly buckets: Uint32Array;
  total: number;
  failures: number;
  openedAt: number;
  /** When the cool-down ends (state open). */
  openUntil: number;
  /** When the probe out now stops holding the half-open breaker (0: no probe out). */
  leaseUntil: number;
  remote: boolean;
}

/** The in-process breakers. */
export class CircuitBreakers implements Breakers {
  private readonly entries = new Map<string, Entry>();
  private readonly sync?: BreakerSync;
  private readonly onChange?: (change: BreakerChange) => void;
  private readonly maxKeys: number;

  constructor(options: CircuitBreakersOptions = {}) {
    this.sync = options.sync;
    this.onChange = options.onChange;
    this.maxKeys = options.maxKeys ?? DEFAULT_MAX_KEYS;
  }

  /** Starts the sync (when there is one): other replicas' changes apply here from now on. */
  async start(): Promise<void> {
    await this.sync?.start((change) => this.applyRemote(change, Date.now()));
  }

  /** Stops the sync. */
  async close(): Promise<void> {
    await this.sync?.close();
  }

  check(target: Target, settings: ResolvedBreaker, now: number): BreakerVerdict {
    const entry = this.entries.get(target.key);
    if (entry === undefined || entry.state === 'closed') return 'closed';
    if (entry.state === 'open') {
      if (now < entry.openUntil) return 'open';
      entry.state = 'half_open';
    } else if (now < entry.leaseUntil) return 'open';
    entry.leaseUntil = now + Math.max(settings.cooldownMs, MIN_PROBE_LEASE_MS);
    return 'probe';
  }

  record(target: Target, settings: ResolvedBreaker, failed: boolean, now: number): void {
    const entry = this.entries.get(target.key) ?? this.create(target.key);
    if (entry.state === 'open') {
      // A straggler sent before the breaker opened: the cool-down stands either way.
      if (now < entry.openUntil) return;
      entry.state = 'half_open';
    }
    if (entry.state === 'half_open') {
      // The probe's answer (or a straggler's, which says as much about the target).
      if (failed) this.open(entry, settings.cooldownMs, now);
      else this.reset(entry, true);
      return;
    }
    if (entry.bucketMs === 0) {
      entry.bucketMs = Math.max(1, Math.ceil(settings.windowMs / BUCKETS));
      entry.head = Math.floor(now / entry.bucketMs);
    } else this.advance(entry, now);
    const slot = entry.head % BUCKETS;
    entry.buckets[slot]!++;
    entry.total++;
    if (!failed) {
      entry.consecutive = 0;
      return;
    }
    entry.buckets[BUCKETS + slot]!++;
    entry.failures++;
    entry.consecutive++;
    if (entry.consecutive >= settings.consecutiveFailures || (entry.total >= settings.minRequests && entry.failures >= settings.errorRate * entry.total))
      this.open(entry, settings.cooldownMs, now);
  }

  openForMs(target: Target, now: number): number {
    const entry = this.entries.get(target.key);
    if (entry === undefined) return 0;
    if (entry.state === 'open') return Math.max(0, entry.openUntil - now);
    if (entry.state === 'half_open') return Math.max(0, entry.leaseUntil - now);
    return 0;
  }

  /**
   * Applies another replica's change: an open forces this breaker open until `until` (a later
   * end than its own wins); a close closes it. Nothing is published back.
   */
  applyRemote(change: BreakerChange, now: number): void {
    if (change.state === 'closed') {
      const entry = this.entries.get(change.key);
      if (entry !== undefined && entry.state !== 'closed') this.reset(entry, false);
      return;
    }
    const until = change.until;
    if (until === undefined || !(until > now)) return;
    const entry = this.entries.get(change.key) ?? this.create(change.key);
    if (entry.state === 'open' && entry.openUntil >= until) return;
    if (entry.state !== 'open') entry.openedAt = now;
    entry.state = 'open';
    entry.openUntil = until;
    entry.leaseUntil = 0;
    entry.remote = true;
  }

  /** Every tracked breaker, as seen at `now`. */
  snapshot(now: number = Date.now()): BreakerSnapshot[] {
    const out: BreakerSnapshot[] = [];
    for (const entry of this.entries.values()) {
      if (entry.state === 'closed' && entry.bucketMs > 0) this.advance(entry, now);
      const cooled = entry.state === 'open' && now >= entry.openUntil;
      const state: BreakerState = cooled ? 'half_open' : entry.state;
      const retryInMs = state === 'open' ? entry.openUntil - now : state === 'half_open' ? Math.max(0, entry.leaseUntil - now) : 0;
      out.push({
        key: entry.key,
        state,
        consecutiveFailures: entry.consecutive,
        errorRate: entry.total === 0 ? 0 : entry.failures / entry.total,
        samples: entry.total,
        openedAt: state === 'closed' ? null : entry.openedAt,
        retryInMs,
        remote: state !== 'closed' && entry.remote,
      });
    }
    return out;
  }

  /** How many keys are tracked (tests: the cap holds). */
  get size(): number {
    return this.entries.size;
  }

  private create(key: string): Entry {
    makeRoom(this.entries, this.maxKeys, (e) => e.state !== 'closed');
    const entry: Entry = {
      key,
      state: 'closed',
      consecutive: 0,
      bucketMs: 0,
      head: 0,
      buckets: new Uint32Array(2 * BUCKETS),
      total: 0,
      failures: 0,
      openedAt: 0,
      openUntil: 0,
      leaseUntil: 0,
      remote: false,
    };
    this.entries.set(key, entry);
    return entry;
  }

  /** Moves the ring to the bucket of `now`, emptying the buckets it passes. */
  private advance(entry: Entry, now: number): void {
    const index = Math.floor(now / entry.bucketMs);
    const gap = index - entry.head;
    // gap < 0: the clock stepped back; outcomes go on counting in the newest bucket.
    if (gap <= 0) return;
    if (gap >= BUCKETS) {
      entry.buckets.fill(0);
      entry.total = 0;
      entry.failures = 0;
    } else {
      for (let i = 1; i <= gap; i++) {
        const slot = (entry.head + i) % BUCKETS;
        entry.total -= entry.buckets[slot]!;
        entry.failures -= entry.buckets[BUCKETS + slot]!;
        entry.buckets[slot] = 0;
        entry.buckets[BUCKETS + slot] = 0;
      }
    }
    entry.head = index;
  }

  private open(entry: Entry, cooldownMs: number, now: number): void {
    entry.state = 'open';
    entry.openedAt = now;
    entry.openUntil = now + cooldownMs;
    entry.leaseUntil = 0;
    entry.remote = false;
    this.emit({ key: entry.key, state: 'open', until: entry.openUntil });
  }

  private reset(entry: Entry, local: boolean): void {
    entry.state = 'closed';
    entry.consecutive = 0;
    entry.buckets.fill(0);
    entry.total = 0;
    entry.failures = 0;
    entry.openUntil = 0;
    entry.leaseUntil = 0;
    entry.remote = false;
    if (local) this.emit({ key: entry.key, state: 'closed' });
  }

  private emit(change: BreakerChange): void {
    try {
      this.onChange?.(change);
    } catch {
      // A listener's failure is its own; the request goes on.
    }
    this.sync?.publish(change);
  }
}
