/**
 * The routing interceptors in the order they compose around the single attempt: fallbacks by
 * cause (outermost: another alias), retries (targets in strategy order, breakers, backoff),
 * hedging (a second attempt when the first token is late), and measuring (innermost: every
 * attempt's outcome reaches the breakers and statistics). The plan builder adds them in one line.
 */
import type { RuntimePlan } from '../config/compile.js';
import type { Interceptor } from '../pipeline/contract.js';
import type { CostFunction } from '../pipeline/services.js';
import { causeFallback } from './cause-fallback.js';
import type { Breakers, TargetStats } from './health-contract.js';
import { hedging } from './hedge.js';
import { measuring } from './measure.js';
import { retrying } from './retry.js';
import { createOrdering } from './strategies.js';

/** What the routing interceptors share for the life of the gateway. */
export interface RoutingRuntime {
  breakers: Breakers;
  stats: TargetStats;
}

/** The routing interceptors, outermost first, for compose(). */
export function routingInterceptors(plan: RuntimePlan, cost: CostFunction, runtime: RoutingRuntime): Interceptor[] {
  const { breakers, stats } = runtime;
  return [causeFallback({ plan, cost }), retrying({ breakers, order: createOrdering({ stats, cost }) }), hedging(breakers), measuring({ breakers, stats })];
}
