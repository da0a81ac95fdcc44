/**
 * Starts what routing keeps for the life of the gateway: the circuit breakers (shared through
 * Redis when `redis:` is set) and the per-target statistics the strategies read.
 */
import type { Config } from '../config/schema.js';
import type { Logger } from '../pipeline/services.js';
import { CircuitBreakers } from '../routing/breakers.js';
import type { RoutingRuntime } from '../routing/dispatcher.js';
import { RunningTargetStats } from '../routing/target-stats.js';
import { openRedisBreakerSync } from '../storage/redis/breaker-sync.js';

/** The running routing state. */
export interface RoutingState {
  runtime: RoutingRuntime;
  breakers: CircuitBreakers;
  stats: RunningTargetStats;
  close(): Promise<void>;
}

/** Creates the breakers and statistics; with Redis, waits (up to 3 s) for the breakers already open elsewhere. */
export async function startRouting(config: Config, logger: Logger): Promise<RoutingState> {
  const sync = config.redis ? openRedisBreakerSync(config.redis, { prefix: config.governance.redis_prefix, logger }) : undefined;
  const breakers = new CircuitBreakers({
    sync,
    onChange: (change) => logger.info({ target: change.key, state: change.state, until: change.until }, 'circuit breaker changed'),
  });
  await breakers.start();
  const stats = new RunningTargetStats();
  return { runtime: { breakers, stats }, breakers, stats, close: () => breakers.close() };
}
