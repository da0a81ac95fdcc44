/**
 * Price bounds for budget reservations: per target, the dearest rate any input token can cost
 * (plain, cache-write or long-context) and the dearest any output token can cost (plain,
 * reasoning or long-context), in USD per token, with the model's output limit. Resolved once per
 * target and kept, since targets are compiled once; direct-model targets go through a bounded memo.
 */
import { createPriceBook, lookupModel } from '../catalog/catalog.js';
import type { ModelPrice } from '../catalog/types.js';
import type { RuntimePlan, Target } from '../config/compile.js';
import type { PriceBound, PriceBoundLookup } from '../governance/budgets/worst-case.js';

const MEMO_LIMIT = 4096;

function dearest(price: ModelPrice): { input: number; output: number } {
  const tier = price.longContext;
  const input = Math.max(price.input, price.cacheWrite ?? 0, price.cachedInput ?? 0, tier?.input ?? 0, tier?.cacheWrite ?? 0);
  const output = Math.max(price.output, price.reasoning ?? 0, tier?.output ?? 0, tier?.reasoning ?? 0);
  return { input, output };
}

/** Creates the lookup for a plan's providers (config price overrides over the catalog). */
export function createPriceBoundLookup(plan: RuntimePlan): PriceBoundLookup {
  const overrides = Object.fromEntries([...plan.providers].map(([id, compiled]) => [id, compiled.prices]));
  const book = createPriceBook(overrides);
  const memo = new Map<string, PriceBound | undefined>();
  // Alias targets are compiled once: keyed by the object, no string is built per request.
  const byTarget = new WeakMap<Target, PriceBound | null>();
  return (target: Target) => {
    const known = byTarget.get(target);
    if (known !== undefined) return known ?? undefined;
    const bound = resolveBound(target);
    byTarget.set(target, bound ?? null);
    return bound;
  };

  function resolveBound(target: Target): PriceBound | undefined {
    const key = `${target.providerId}\u0000${target.model}`;
    if (memo.has(key)) return memo.get(key);
    if (memo.size >= MEMO_LIMIT) memo.clear();
    const type = target.compiled.settings.type;
    const resolved = book.resolve({ providerId: target.providerId, providerType: type, model: target.model });
    let bound: PriceBound | undefined;
    if (resolved) {
      const { input, output } = dearest(resolved.price);
      bound = { inputPerToken: input / 1e6, outputPerToken: output / 1e6 };
      const limit = lookupModel(type, target.model)?.maxOutputTokens;
      if (limit !== undefined) bound.maxOutputTokens = limit;
    }
    memo.set(key, bound);
    return bound;
  }
}
