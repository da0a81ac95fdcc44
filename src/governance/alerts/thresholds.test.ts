import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { budgetCrossings, crossedThresholds } from './thresholds.js';

const AT = [0.5, 0.8, 1];

describe('crossedThresholds', () => {
  it('returns the thresholds strictly above before and at or below after', () => {
    expect(crossedThresholds(50, 10, 24.99, AT)).toEqual([]);
    expect(crossedThresholds(50, 10, 25, AT)).toEqual([0.5]);
    expect(crossedThresholds(50, 25, 30, AT)).toEqual([]);
    expect(crossedThresholds(50, 24, 41, AT)).toEqual([0.5, 0.8]);
    expect(crossedThresholds(50, 0, 60, AT)).toEqual([0.5, 0.8, 1]);
    expect(crossedThresholds(50, 50, 70, AT)).toEqual([]);
  });

  it('counts a spend of exactly t·cap despite float rounding (0.07 × 100 = 7.000000000000001)', () => {
    expect(0.07 * 100).toBeGreaterThan(7);
    expect(crossedThresholds(100, 6.9, 7, [0.07])).toEqual([0.07]);
    // 0.1 + 0.2 is 0.30000000000000004: reached 0.3 of 1 once, not again from there.
    expect(crossedThresholds(1, 0.1, 0.1 + 0.2, [0.3])).toEqual([0.3]);
    expect(crossedThresholds(1, 0.1 + 0.2, 0.31, [0.3])).toEqual([]);
  });

  it('works for token caps (integers, thresholds between two counts)', () => {
    expect(crossedThresholds(1001, 499, 500, [0.5])).toEqual([]);
    expect(crossedThresholds(1001, 500, 501, [0.5])).toEqual([0.5]);
    expect(crossedThresholds(150_000, 100_000, 150_000, AT)).toEqual([0.8, 1]);
  });

  it('sorts, drops duplicates and thresholds above 1 work as overspend warnings', () => {
    expect(crossedThresholds(100, 0, 200, [1, 0.5, 1, 1.5])).toEqual([0.5, 1, 1.5]);
  });

  it('has nothing to say for no cap, a zero cap, or spend that did not grow', () => {
    expect(crossedThresholds(null, 0, 100, AT)).toEqual([]);
    expect(crossedThresholds(0, 0, 100, AT)).toEqual([]);
    expect(crossedThresholds(50, 30, 30, AT)).toEqual([]);
    expect(crossedThresholds(50, 30, 20, AT)).toEqual([]);
    expect(crossedThresholds(Number.POSITIVE_INFINITY, 0, 100, AT)).toEqual([]);
  });

  it('each threshold is crossed by exactly one of a run of settlements', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5_000 }), { minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 100_000 }), (steps, cap) => {
        const seen: number[] = [];
        let spent = 0;
        for (const step of steps) {
          seen.push(...crossedThresholds(cap, spent, spent + step, AT));
          spent += step;
        }
        expect(seen).toEqual(AT.filter((t) => spent >= t * cap));
      }),
    );
  });
});

describe('budgetCrossings', () => {
  it('reports USD and token caps separately', () => {
    const budget = { usd: 10, tokens: 1000, alert_at: AT };
    expect(budgetCrossings(budget, { usd: 4, tokens: 700 }, { usd: 5, tokens: 1000 })).toEqual([
      { unit: 'usd', cap: 10, threshold: 0.5 },
      { unit: 'tokens', cap: 1000, threshold: 0.8 },
      { unit: 'tokens', cap: 1000, threshold: 1 },
    ]);
    expect(budgetCrossings({ usd: null, tokens: 1000, alert_at: AT }, { usd: 0, tokens: 0 }, { usd: 99, tokens: 10 })).toEqual([]);
  });
});
