/**
 * Load-balancing strategies: each orders a group's targets for one request, the preferred first;
 * the dispatcher then tries them in that order (skipping open breakers). `fallback` and `smart`
 * keep the order they are given (smart's order is chosen by the router, before admission).
 */
import type { CompiledProvider, Target } from '../config/compile.js';
import type { RequestContext } from '../pipeline/context.js';
import type { CostFunction } from '../pipeline/services.js';
import type { ModelGroup } from '../config/compile.js';
import type { TargetStats } from './health-contract.js';
import { chatRequestOf, inputTokensOf } from './request-facts.js';

/** What the strategies read besides the request. */
export interface StrategyDeps {
  stats: TargetStats;
  cost: CostFunction;
  random?: () => number;
}

/** Orders targets for one request; returns the same array when the order does not change. */
export type OrderTargets = (group: ModelGroup, targets: readonly Target[], ctx: RequestContext, now: number) => readonly Target[];

/** Output tokens assumed for least-cost when the request sets no max_tokens. */
export const EXPECTED_OUTPUT_TOKENS = 500;

/** Moves the chosen target to the front, keeping the others in their configured order. */
function withFirst(targets: readonly Target[], first: number): readonly Target[] {
  if (first === 0) return targets;
  const out = [targets[first]!];
  for (let i = 0; i < targets.length; i++) if (i !== first) out.push(targets[i]!);
  return out;
}

/**
 * Sorts by a score, lower first; ties keep the configured order. Returns the given array when it
 * is already in order (the common case once a preference settles), so most requests allocate nothing.
 */
function byScore(targets: readonly Target[], score: (t: Target) => number): readonly Target[] {
  const n = targets.length;
  const scores = new Array<number>(n);
  let sorted = true;
  for (let i = 0; i < n; i++) {
    scores[i] = score(targets[i]!);
    if (i > 0 && scores[i]! < scores[i - 1]!) sorted = false;
  }
  if (sorted) return targets;
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((x, y) => scores[x]! - scores[y]! || x - y);
  return order.map((i) => targets[i]!);
}

/** Unit prices (USD per token) of a target, computed once per target from the catalog and overrides. */
function unitPrices(cost: CostFunction, cache: WeakMap<Target, { input: number; output: number }>, target: Target) {
  let prices = cache.get(target);
  if (!prices) {
    const compiled: CompiledProvider = target.compiled;
    const input = cost(compiled, target.model, { inputTokens: 1_000_000, outputTokens: 0 });
    const output = cost(compiled, target.model, { inputTokens: 0, outputTokens: 1_000_000 });
    // An unknown price sorts last: choosing it as "cheapest" would be a guess.
    prices = { input: input === undefined ? Infinity : input / 1e6, output: output === undefined ? Infinity : output / 1e6 };
    cache.set(target, prices);
  }
  return prices;
}

/** Builds the ordering function for every strategy. */
export function createOrdering(deps: StrategyDeps): OrderTargets {
  const random = deps.random ?? Math.random;
  const { stats } = deps;
  const rounds = new WeakMap<ModelGroup, number>();
  const prices = new WeakMap<Target, { input: number; output: number }>();
  return (group, targets, ctx, now) => {
    if (targets.length < 2) return targets;
    switch (group.strategy) {
      case 'fallback':
      case 'smart':
        return targets;
      case 'weighted': {
        let total = 0;
        for (const t of targets) total += t.weight;
        if (total <= 0) return targets;
        let pick = random() * total;
        for (let i = 0; i < targets.length; i++) {
          pick -= targets[i]!.weight;
          if (pick < 0) return withFirst(targets, i);
        }
        return targets;
      }
      case 'round-robin': {
        const turn = rounds.get(group) ?? 0;
        rounds.set(group, (turn + 1) % 1_000_000_007);
        const start = turn % targets.length;
        return start === 0 ? targets : [...targets.slice(start), ...targets.slice(0, start)];
      }
      case 'least-latency':
        // A target without a sample yet goes first, so every target gets measured.
        return byScore(targets, (t) => stats.latencyMs(t) ?? -1);
      case 'least-busy':
        return byScore(targets, (t) => stats.inFlight(t));
      case 'headroom':
        // No headers yet: assume full headroom rather than starving the target of requests.
        return byScore(targets, (t) => -(stats.headroom(t, now) ?? 1));
      case 'least-cost': {
        const input = inputTokensOf(ctx);
        const output = chatRequestOf(ctx)?.maxTokens ?? EXPECTED_OUTPUT_TOKENS;
        return byScore(targets, (t) => {
          const p = unitPrices(deps.cost, prices, t);
          return input * p.input + output * p.output;
        });
      }
    }
  };
}
