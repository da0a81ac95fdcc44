/**
 * Which alert thresholds a settlement crossed. Settlement moves a budget's spend from `before` to
 * `after` atomically, so exactly one settlement sees each threshold go by; the alert sender's claim
 * then makes the alert once-only across replicas and restarts.
 */
import type { Budget } from '../types.js';

/** What a budget is counted in. */
export type BudgetUnit = 'usd' | 'tokens';

/** One crossed threshold of one budget. */
export interface Crossing {
  unit: BudgetUnit;
  cap: number;
  /** The fraction of the cap (from alert_at), e.g. 0.8. */
  threshold: number;
}

/**
 * Relative tolerance: spend is a sum of floats, so 0.07 × $100 is 7.000000000000001 and a spend of
 * exactly $7 must still count as reaching it.
 */
const TOLERANCE = 1e-9;

/**
 * The fractions t of alertAt with before < t·cap <= after, ascending and without duplicates.
 * A cap that is absent, zero or not finite has no thresholds (a zero cap refuses everything; there
 * is nothing to warn about).
 */
export function crossedThresholds(cap: number | null | undefined, before: number, after: number, alertAt: readonly number[]): number[] {
  if (cap === null || cap === undefined || !(cap > 0) || !Number.isFinite(cap) || !(after > before)) return [];
  const slack = cap * TOLERANCE;
  const crossed: number[] = [];
  for (const t of alertAt) {
    if (!(t > 0) || !Number.isFinite(t)) continue;
    const level = t * cap - slack;
    if (before < level && after >= level && !crossed.includes(t)) crossed.push(t);
  }
  return crossed.sort((a, b) => a - b);
}

/** Every threshold a settlement crossed on a budget's USD and token caps. */
export function budgetCrossings(
  budget: Pick<Budget, 'usd' | 'tokens' | 'alert_at'>,
  before: { usd: number; tokens: number },
  after: { usd: number; tokens: number },
): Crossing[] {
  const out: Crossing[] = [];
  for (const unit of ['usd', 'tokens'] as const) {
    const cap = budget[unit];
    if (cap === null) continue;
    for (const threshold of crossedThresholds(cap, before[unit], after[unit], budget.alert_at)) out.push({ unit, cap, threshold });
  }
  return out;
}
