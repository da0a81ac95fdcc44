/**
 * Prices as the gateway bills them: the catalog's list prices, overridden per configured provider
 * (negotiated discounts, self-hosted models, Azure deployments with custom names).
 */
import { z } from 'zod';
import { type CostUsage, computeCost } from './cost.js';
import type { Catalog } from './lookup.js';
import type { MatchKind, ModelPrice } from './types.js';

const usdPerMillion = z.number().nonnegative();

/**
 * One model's price override in the config, USD per million tokens (snake_case like the rest of
 * the YAML). Fields given replace the catalog's; fields left out keep the catalog's value.
 */
export const priceOverrideSchema = z
  .strictObject({
    input: usdPerMillion.optional(),
    output: usdPerMillion.optional(),
    cached_input: usdPerMillion.optional(),
    cache_write: usdPerMillion.optional(),
    reasoning: usdPerMillion.optional(),
  })
  .refine((o) => Object.values(o).some((v) => v !== undefined), { message: 'give at least one price' });

/** One model's price override. */
export type PriceOverride = z.infer<typeof priceOverrideSchema>;

/** Provider id -> model (or "*" for every model of that provider) -> override. */
export const priceOverridesSchema = z.record(z.string(), z.record(z.string(), priceOverrideSchema));

/** Provider id -> model (or "*") -> override. */
export type PriceOverrides = Record<string, Record<string, PriceOverride>>;

/** Which upstream call to price. */
export interface PriceTarget {
  /** Config provider id (overrides are keyed by it). */
  providerId: string;
  /** Config provider type (the catalog is keyed by it). */
  providerType: string;
  /** Upstream model name as sent to the provider. */
  model: string;
}

/** A price and where it came from, for logs and `x-switchboard-cost-usd` debugging. */
export interface ResolvedPrice {
  price: ModelPrice;
  source: 'catalog' | 'override' | 'catalog+override';
  /** The catalog entry used, when one was. */
  catalogKey?: string;
  match?: MatchKind;
}

/** Resolves prices and costs for configured providers. */
export interface PriceBook {
  /** The price for a target, or undefined when neither an override nor the catalog knows it. */
  resolve(target: PriceTarget): ResolvedPrice | undefined;
  /** computeCost with the resolved price; undefined when the price is unknown. */
  cost(target: PriceTarget, usage: CostUsage): number | undefined;
}

/** Client-chosen model names reach the price book, so its memo must not grow without bound. */
const MEMO_LIMIT = 4096;

function applyOverride(base: ModelPrice | undefined, o: PriceOverride): ModelPrice | undefined {
  const input = o.input ?? base?.input;
  const output = o.output ?? base?.output;
  if (input === undefined || output === undefined) return undefined;
  const price: ModelPrice = { input, output };
  const cachedInput = o.cached_input ?? base?.cachedInput;
  const cacheWrite = o.cache_write ?? base?.cacheWrite;
  const reasoning = o.reasoning ?? base?.reasoning;
  if (cachedInput !== undefined) price.cachedInput = cachedInput;
  if (cacheWrite !== undefined) price.cacheWrite = cacheWrite;
  if (reasoning !== undefined) price.reasoning = reasoning;
  // The catalog's long-context tier is a list price; with an override in force it would mix
  // the user's rates with list rates, so an overridden model is billed at its flat rates.
  return price;
}

/**
 * Creates a price book. An override (exact model name first, then "*") is merged over the
 * catalog entry found by `catalog.lookup(providerType, model)`; without an override the
 * catalog price is used as is.
 */
export function createPriceBook(overrides: PriceOverrides | undefined, catalog: Catalog): PriceBook {
  const memo = new Map<string, ResolvedPrice | undefined>();

  function resolveUncached(t: PriceTarget): ResolvedPrice | undefined {
    const byModel = overrides?.[t.providerId];
    const override = byModel?.[t.model] ?? byModel?.['*'];
    const found = catalog.lookup(t.providerType, t.model);
    const fromCatalog = found?.price ? { catalogKey: found.key, match: found.match } : {};
    if (!override) return found?.price ? { price: found.price, source: 'catalog', ...fromCatalog } : undefined;
    const price = applyOverride(found?.price, override);
    if (!price) return undefined;
    return { price, source: found?.price ? 'catalog+override' : 'override', ...fromCatalog };
  }

  function resolve(t: PriceTarget): ResolvedPrice | undefined {
    const key = `${t.providerId}\u0000${t.providerType}\u0000${t.model}`;
    if (memo.has(key)) return memo.get(key);
    if (memo.size >= MEMO_LIMIT) memo.clear();
    const resolved = resolveUncached(t);
    memo.set(key, resolved);
    return resolved;
  }

  return {
    resolve,
    cost: (t, usage) => computeCost(resolve(t)?.price, usage),
  };
}
