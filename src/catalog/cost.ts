/**
 * The cost function. Usage follows the canonical convention: inputTokens includes cached and
 * cache-write tokens, outputTokens includes reasoning tokens, so each part is taken out of its
 * total and priced once.
 */
import type { Usage } from '../core/types.js';
import type { ModelPrice } from './types.js';

/** Usage as computeCost needs it; embeddings usage ({ inputTokens }) fits too. */
export type CostUsage = Pick<Usage, 'inputTokens'> & Partial<Omit<Usage, 'inputTokens'>>;

/**
 * Costs are rounded to 1e-10 USD: far below any price step (the cheapest rates are around
 * $0.01 per million tokens = 1e-8 per token), yet it removes float noise such as
 * 0.30000000000000004 so that sums and logged values compare equal.
 */
export const COST_PRECISION_USD = 1e-10;

function count(n: number | undefined): number {
  return n !== undefined && Number.isFinite(n) && n > 0 ? n : 0;
}

/** The price that applies to a request of this size (long-context tiers price the whole request). */
export function effectivePrice(price: ModelPrice, inputTokens: number): ModelPrice {
  const tier = price.longContext;
  if (!tier || inputTokens <= tier.aboveInputTokens) return price;
  const { aboveInputTokens: _threshold, ...rates } = tier;
  return rates;
}

/**
 * Cost of one call in USD, or undefined when the price is unknown (never a guessed 0).
 * - uncached input = inputTokens - cachedInputTokens - cacheWriteTokens, at `input`;
 * - cached input at `cachedInput`, cache writes at `cacheWrite` (each falls back to `input`);
 * - with a distinct `reasoning` price, reasoning tokens at it and the rest of the output at
 *   `output`; otherwise all output at `output`.
 * Counts that don't add up (parts larger than their total) are clamped at 0, never negative.
 */
export function computeCost(price: ModelPrice | undefined, usage: CostUsage): number | undefined {
  if (!price) return undefined;
  const inputTokens = count(usage.inputTokens);
  const p = effectivePrice(price, inputTokens);
  const cached = count(usage.cachedInputTokens);
  const written = count(usage.cacheWriteTokens);
  const uncached = Math.max(0, inputTokens - cached - written);
  const outputTokens = count(usage.outputTokens);
  const reasoningTokens = p.reasoning === undefined ? 0 : Math.min(count(usage.reasoningTokens), outputTokens);

  const perMillion =
    uncached * p.input +
    cached * (p.cachedInput ?? p.input) +
    written * (p.cacheWrite ?? p.input) +
    (outputTokens - reasoningTokens) * p.output +
    reasoningTokens * (p.reasoning ?? p.output);
  return Math.round((perMillion / 1e6) * 1e10) / 1e10;
}
