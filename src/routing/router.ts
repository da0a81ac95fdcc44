/**
 * The router: turns the model a client asked for into a route (ctx.route and ctx.targets) before
 * admission, so budgets price the targets that can actually serve the request. It applies, in
 * order: routing rules (first match: switch alias, narrow to regions and tags), the caller's
 * data-residency pins, then the smart router for `strategy: smart` groups. Everything that depends
 * only on config is compiled here once; per request it is a map lookup and a few predicates.
 */
import { type RuntimePlan, resolveTargets, type Target } from '../config/compile.js';
import { GatewayError } from '../core/errors.js';
import type { RequestContext, RouteDecision } from '../pipeline/context.js';
import { safeHeaderValue } from '../pipeline/runner.js';
import { DirectGroups } from './direct-groups.js';
import type { ModelGroup } from '../config/compile.js';
import { cachedRegionMatcher, type RegionMatcher } from './region-match.js';
import { chatRequestOf } from './request-facts.js';
import { type CompiledRule, compileRules } from './rules.js';
import { decideSmart } from './smart/decide.js';

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

/** The filter a route applies to every target it may reach: residency pins, a rule's regions and tags. */
function targetFilter(pins: readonly (readonly string[])[] | undefined, rule: CompiledRule | undefined): ((t: Target) => boolean) | undefined {
  const matchers: RegionMatcher[] = [];
  if (pins) for (const pin of pins) matchers.push(cachedRegionMatcher(pin));
  if (rule?.regions) matchers.push(rule.regions);
  const tags = rule?.tags;
  if (matchers.length === 0 && !tags) return undefined;
  return (target) => {
    for (const matches of matchers) if (!matches(target.region)) return false;
    if (tags) for (const tag of tags) if (!target.tags.includes(tag)) return false;
    return true;
  };
}

/** The 403 when residency or a rule leaves no target: say which regions were allowed, never a target outside them. */
function noTargetAllowed(group: ModelGroup, pins: readonly (readonly string[])[] | undefined, rule: CompiledRule | undefined): GatewayError {
  const regions = [...(pins ?? []).map((pin) => pin.join('|')), ...(rule?.regionList ? [rule.regionList.join('|')] : [])];
  const where = regions.length > 0 ? ` in the regions this caller may use (${regions.join(' and ')})` : '';
  const tags = rule?.tags ? ` with tags ${rule.tags.join(', ')}` : '';
  return new GatewayError('permission_denied', 403, `No target of model '${group.name}' is available${where}${tags}. Ask an admin for a model served there.`, {
    param: 'model',
  });
}

/** Builds the route function for a plan. */
export function createRouter(plan: RuntimePlan, modelOf: (request: unknown) => string): RouteFunction {
  const direct = new DirectGroups(plan);
  const reachable = new Map<ModelGroup, readonly Target[]>();
  for (const group of plan.groups.values()) reachable.set(group, reachableTargets(plan, group));
  const rules = compileRules(plan.config.routing_rules);
  return (ctx) => {
    const model = modelOf(ctx.request);
    let rule: CompiledRule | undefined;
    for (const candidate of rules)
      if (candidate.matches(ctx)) {
        rule = candidate;
        break;
      }
    let group = plan.groups.get(rule?.use ?? model);
    const isDirect = !group;
    if (!group) {
      const targets = resolveTargets(plan, model);
      if (!targets) return unknownModel(model);
      group = direct.groupFor(model, targets[0]!);
    }
    const pins = ctx.identity?.regionPins;
    const allows = targetFilter(pins && pins.length > 0 ? pins : undefined, rule);
    let targets = group.targets;
    let smartReason: string | undefined;
    const chat = group.smart ? chatRequestOf(ctx) : undefined;
    if (group.smart && chat) {
      // Decided over the whole group (its thresholds line up with its targets), then filtered like any other order.
      const decision = decideSmart(group.targets, group.smart.thresholds, chat);
      targets = decision.order.map((i) => group.targets[i]!);
      smartReason = decision.reason;
    }
    let all = reachable.get(group) ?? group.targets;
    if (allows) {
      targets = targets.filter(allows);
      all = all.filter(allows);
      if (all.length === 0) return noTargetAllowed(group, pins, rule);
      // The alias's own targets are all outside: its fallback aliases' targets inside the bounds serve, in order.
      if (targets.length === 0) targets = all;
    }
    let reason = rule ? `rule:${rule.name}` : isDirect ? 'direct' : 'alias';
    if (smartReason) reason = rule ? `${reason},${smartReason}` : smartReason;
    const decision: RouteDecision = { group, reachable: all, reason };
    if (allows) decision.allows = allows;
    ctx.targets = targets;
    ctx.route = decision;
    ctx.responseHeaders['x-switchboard-route-reason'] = safeHeaderValue(reason);
    return undefined;
  };
}
