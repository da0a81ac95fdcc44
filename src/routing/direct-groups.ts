/**
 * Groups for direct PROVIDER_ID/MODEL calls: one target with the config's routing defaults.
 * Built on first use and kept in a bounded map, since the model name comes from the client.
 */
import type { RuntimePlan, Target } from '../config/compile.js';
import type { ModelGroup } from '../config/compile.js';
import { resolveBreaker, resolveRetries } from '../config/model-group.js';

/** At most this many direct groups are kept; past it the map starts over (a hostile client cannot grow it). */
const MAX_DIRECT_GROUPS = 1_000;

/** Caches one group per direct model name. */
export class DirectGroups {
  private readonly groups = new Map<string, ModelGroup>();

  constructor(private readonly plan: RuntimePlan) {}

  /** The group serving a direct call to `target` (asked for as `model`). */
  groupFor(model: string, target: Target): ModelGroup {
    const known = this.groups.get(model);
    if (known) return known;
    if (this.groups.size >= MAX_DIRECT_GROUPS) this.groups.clear();
    const routing = this.plan.config.routing;
    const group: ModelGroup = {
      name: model,
      targets: [target],
      strategy: 'fallback',
      retries: resolveRetries(1, undefined, routing.retries),
      breaker: resolveBreaker(undefined, routing.breaker),
      fallbacks: {},
    };
    this.groups.set(model, group);
    return group;
  }
}
