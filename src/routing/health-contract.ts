/**
 * What the dispatcher asks about targets' health and load: circuit breakers and running
 * statistics (latency, in-flight, rate-limit headroom). Both are keyed by Target.key, so every
 * alias using one deployment shares its state; implementations live in routing/ and the Redis
 * sharing in storage/redis/.
 */
import type { Target } from '../config/compile.js';
import type { AttemptRecord } from '../pipeline/context.js';
import type { ResolvedBreaker } from '../config/model-group.js';

/** A breaker's state as the dispatcher sees it for one request. */
export type BreakerVerdict = 'closed' | 'probe' | 'open';

/** Per-target circuit breakers. */
export interface Breakers {
  /**
   * Whether a target may be tried now. `probe`: it is half-open and this request is its one
   * trial (the caller must report the outcome with `record`); `open`: skip it.
   */
  check(target: Target, settings: ResolvedBreaker, now: number): BreakerVerdict;
  /** Records an attempt's outcome; `failed` is true only for failures that say the target is unhealthy. */
  record(target: Target, settings: ResolvedBreaker, failed: boolean, now: number): void;
  /** ms until an open target may be probed again (0 when it is not open). */
  openForMs(target: Target, now: number): number;
}

/** Running statistics per target, for the load-balancing strategies. */
export interface TargetStats {
  /** An attempt starts (in-flight count). */
  begin(target: Target): void;
  /** An attempt ended; its record carries duration, error and the upstream headers. */
  end(target: Target, attempt: AttemptRecord, now: number): void;
  /** The first token arrived this many ms after the attempt started (streams). */
  firstToken(target: Target, ms: number): void;
  /** Moving average of time to first token (streams) or to the response head, ms; undefined before any sample. */
  latencyMs(target: Target): number | undefined;
  inFlight(target: Target): number;
  /**
   * Rate-limit headroom from the provider's latest headers: the smaller of remaining/limit for
   * requests and tokens, 0..1; undefined when the provider sent none or they are stale (past reset).
   */
  headroom(target: Target, now: number): number | undefined;
}
