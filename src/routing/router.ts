/**
 * The router: turns the model a client asked for into a route (ctx.route and ctx.targets) before
 * admission, so budgets price the targets that can actually serve the request. It applies, in
 * order: routing rules (first match), data-residency pins, then the group's own strategy where
 * that is decided per request (smart). Everything that depends only on config is compiled here once.
 */
import { type RuntimePlan, resolveTargets, type Target } from '../config/compile.js';
import { GatewayError } from '../core/errors.js';
import type { RequestContext } from '../pipeline/context.js';
import { DirectGroups } from './direct-groups.js';
import type { ModelGroup } from './group.js';

/** How deep cause fallbacks may chain (alias → alias → alias). */
export const MAX_FALLBACK_DEPTH = 3;

/** Routes a decoded request; returns the error that ends it when it cannot be routed. */
export type RouteFunction = (ctx: RequestContext) => GatewayError | undefined;

function unknownModel(model: string): GatewayError {
  return new GatewayError('model_not_found', 404, `The model '${model}' does not exist. Use GET /v1/models for the models you can call.`, {
    param: 'model',
  });
}

/** Every target a group may reach: its own, then its cause fallbacks' (transitively, bounded), each once. */
export function reachableTargets(plan: RuntimePlan, group: ModelGroup): Target[] {
  const out: Target[] = [...group.targets];
  const seen = new Set<string>([group.name]);
  let frontier: ModelGroup[] = [group];
  for (let depth = 0; depth < MAX_FALLBACK_DEPTH && frontier.length > 0; depth++) {
    const next: ModelGroup[] = [];
    for (const g of frontier)
      for (const alias of Object.values(g.fallbacks)) {
        if (alias === undefined || seen.has(alias)) continue;
        seen.add(alias);
        const fallback = plan.groups.get(alias);
        if (!fallback) continue;
        for (const t of fallback.targets) if (!out.includes(t)) out.push(t);
        next.push(fallback);
      }
    frontier = next;
  }
  return out;
}

/** Builds the route function for a plan. */
export function createRouter(plan: RuntimePlan, modelOf: (request: unknown) => string): RouteFunction {
  const direct = new DirectGroups(plan);
  const reachable = new Map<ModelGroup, readonly Target[]>();
  for (const group of plan.groups.values()) reachable.set(group, reachableTargets(plan, group));
  return (ctx) => {
    const model = modelOf(ctx.request);
    let group = plan.groups.get(model);
    if (!group) {
      const targets = resolveTargets(plan, model);
      if (!targets) return unknownModel(model);
      group = direct.groupFor(model, targets[0]!);
    }
    ctx.targets = group.targets;
    ctx.route = { group, reachable: reachable.get(group) ?? group.targets, reason: 'alias' };
    return undefined;
  };
}
