/**
 * The latest known use of each budget, for the budget-use gauge: updated from every settlement's
 * counter states (which, with Redis, are the shared totals of all replicas), read only when
 * metrics are collected. A budget appears once a request settled against it since the start.
 */
import type { BudgetState } from '../counters/contract.js';
import type { BudgetRule } from '../policy.js';
import type { BudgetCounter } from '../counters/contract.js';

/** One budget's use in its current period (neutral shape: metrics read it without importing governance). */
export interface BudgetUseReading {
  scope: 'team' | 'project' | 'key' | 'user';
  id: string;
  period: string;
  unit: 'usd' | 'tokens';
  /** Settled spend over the cap; 1 when the cap is 0. */
  ratio: number;
}

interface Entry {
  scope: BudgetRule['scope']['kind'];
  id: string;
  period: string;
  limitUsd: number | null;
  limitTokens: number | null;
  spentUsd: number;
  spentTokens: number;
  /** When the period the spend belongs to ends (null: `total`); after it the use reads 0. */
  periodEndsAt: number | null;
}

/** Bound on budgets tracked: past it, budgets not yet seen are not tracked. */
const DEFAULT_MAX_BUDGETS = 10_000;

/** Tracks budget use from settlements. */
export class BudgetUseTracker {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly options: { trackUsers: boolean; maxBudgets?: number }) {}

  /** Records the states a settlement returned (same order as the admission's budgets). */
  update(budgets: ReadonlyArray<{ counter: BudgetCounter; rule: BudgetRule }>, states: readonly BudgetState[]): void {
    for (let i = 0; i < budgets.length; i++) {
      const { counter, rule } = budgets[i]!;
      const state = states[i];
      if (!state) continue;
      const scope = rule.scope;
      if (scope.kind === 'user' && !this.options.trackUsers) continue;
      const key = `${scope.kind}:${scope.id}`;
      let entry = this.entries.get(key);
      if (entry === undefined) {
        if (this.entries.size >= (this.options.maxBudgets ?? DEFAULT_MAX_BUDGETS)) continue;
        entry = { scope: scope.kind, id: scope.id, period: '', limitUsd: null, limitTokens: null, spentUsd: 0, spentTokens: 0, periodEndsAt: null };
        this.entries.set(key, entry);
      }
      entry.period = rule.budget.period;
      entry.limitUsd = counter.limitUsd;
      entry.limitTokens = counter.limitTokens;
      entry.spentUsd = state.spentUsd;
      entry.spentTokens = state.spentTokens;
      entry.periodEndsAt = counter.periodEndsAt;
    }
  }

  /** Every tracked budget's use at `now`, one reading per capped unit. */
  readings(now: number = Date.now()): BudgetUseReading[] {
    const out: BudgetUseReading[] = [];
    for (const entry of this.entries.values()) {
      const over = entry.periodEndsAt !== null && now >= entry.periodEndsAt;
      const reading = (unit: 'usd' | 'tokens', limit: number, spent: number) =>
        out.push({ scope: entry.scope, id: entry.id, period: entry.period, unit, ratio: over ? 0 : limit > 0 ? spent / limit : 1 });
      if (entry.limitUsd !== null) reading('usd', entry.limitUsd, entry.spentUsd);
      if (entry.limitTokens !== null) reading('tokens', entry.limitTokens, entry.spentTokens);
    }
    return out;
  }
}
