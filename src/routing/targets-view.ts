/**
 * What GET /admin/v1/targets reads: the compiled plan (every alias's targets) and the running
 * breakers and statistics, each keyed by target key. CircuitBreakers and RunningTargetStats fit it
 * as they are; the admin API depends on this shape, not on them.
 */
import type { RuntimePlan } from '../config/compile.js';
import type { BreakerSnapshot } from './breakers.js';
import type { TargetStatsSnapshot } from './target-stats.js';

/** Target health for the admin API. */
export interface TargetsView {
  plan: RuntimePlan;
  breakers: { snapshot(now: number): BreakerSnapshot[] };
  stats: { snapshot(now: number): TargetStatsSnapshot[] };
}
