/** Budget use from settlements: the latest state per budget, per capped unit, 0 once the period ended, user budgets only when asked, bounded. */
import { describe, expect, it } from 'vitest';
import type { BudgetCounter, BudgetState } from '../counters/contract.js';
import type { BudgetRule } from '../policy.js';
import { budgetSchema } from '../types.js';
import { BudgetUseTracker } from './use-tracker.js';

const T0 = Date.UTC(2026, 11, 6);

function budget(kind: BudgetRule['scope']['kind'], id: string, usd: number | null, tokens: number | null, endsAt: number | null = T0 + 1000) {
  const rule: BudgetRule = { scope: { kind, id }, budget: budgetSchema.parse({ usd, tokens, period: 'day' }), label: `${kind} ${id}` };
  const counter: BudgetCounter = { id: `${kind}:${id}:day`, limitUsd: usd, limitTokens: tokens, reserveUsd: 0, reserveTokens: 0, periodEndsAt: endsAt };
  return { rule, counter };
}

const state = (spentUsd: number, spentTokens: number): BudgetState => ({ spentUsd, spentTokens, reservedUsd: 0, reservedTokens: 0 });

describe('BudgetUseTracker', () => {
  it('keeps the latest settled use of each budget, one reading per capped unit', () => {
    const tracker = new BudgetUseTracker({ trackUsers: false });
    const team = budget('team', 'team_a', 10, 1000);
    tracker.update([team], [state(1, 100)]);
    tracker.update([team], [state(2.5, 500)]);
    expect(tracker.readings(T0)).toEqual([
      { scope: 'team', id: 'team_a', period: 'day', unit: 'usd', ratio: 0.25 },
      { scope: 'team', id: 'team_a', period: 'day', unit: 'tokens', ratio: 0.5 },
    ]);
  });

  it('reads 0 once the period ended, and 1 for a zero cap', () => {
    const tracker = new BudgetUseTracker({ trackUsers: false });
    tracker.update([budget('key', 'key_a', 10, null), budget('project', 'proj_a', 0, null)], [state(5, 0), state(0, 0)]);
    expect(tracker.readings(T0 + 1000).map((r) => r.ratio)).toEqual([0, 0]);
    expect(tracker.readings(T0).map((r) => r.ratio)).toEqual([0.5, 1]);
  });

  it('tracks end users only when asked, and a bounded number of budgets', () => {
    const user = budget('user', 'team_a:alice', 1, null);
    const off = new BudgetUseTracker({ trackUsers: false });
    off.update([user], [state(0.5, 0)]);
    expect(off.readings(T0)).toEqual([]);
    const on = new BudgetUseTracker({ trackUsers: true, maxBudgets: 2 });
    for (let i = 0; i < 5; i++) on.update([budget('user', `team_a:u${i}`, 1, null)], [state(0.5, 0)]);
    expect(on.readings(T0)).toHaveLength(2);
  });
});
