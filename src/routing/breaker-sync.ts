/**
 * How circuit breakers are shared across replicas: a replica whose breaker opens or closes
 * publishes the change, and every other replica applies it. The Redis implementation lives in
 * storage/redis/breaker-sync.ts; without one, each replica's breakers stand alone.
 */

/** A breaker opened or closed on one replica. */
export interface BreakerChange {
  /** The target's key (PROVIDER_ID/MODEL). */
  key: string;
  state: 'open' | 'closed';
  /** For `open`: when the cool-down ends, ms since the epoch (wall clock, so replicas agree). */
  until?: number;
}

/** Carries breaker changes between replicas; its failures never fail a request (it logs and the breakers go on locally). */
export interface BreakerSync {
  /** Sends a local change to the other replicas; never throws, never waits. */
  publish(change: BreakerChange): void;
  /** Starts hearing the other replicas' changes, and applies the open breakers they published before this replica started. */
  start(apply: (change: BreakerChange) => void): Promise<void>;
  close(): Promise<void>;
}
