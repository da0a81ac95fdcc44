import { describe, expect, it } from 'vitest';
import { compareArms, defaultTestOptions, mixtureVariance, plugInVariance, verdictOf } from './compare.js';
import type { TestOptions } from './types.js';

const options: TestOptions = { alpha: 0.05, direction: 'higher_is_better', minSamples: 100, effectScale: 1 };

describe('compareArms', () => {
  it('matches hand-computed values: means 10 and 11, variance 4, n 100 each, τ² = 1', () => {
    const result = compareArms('feedback', { n: 100, mean: 10, variance: 4 }, { n: 100, mean: 11, variance: 4 }, options);
    // v = 4/100 + 4/100 = 0.08; log Λ = ½ ln(0.08/1.08) + 1/(2 · 0.08 · 1.08) = 4.485692
    expect(result.differenceVariance).toBeCloseTo(0.08, 12);
    expect(result.mixtureVariance).toBe(1);
    expect(result.pValue).toBeCloseTo(0.011269, 6);
    // radius = sqrt(0.08 · 1.08 · (ln 13.5 + 2 ln 20)) = 0.861705
    expect(result.interval[0]).toBeCloseTo(0.138295, 6);
    expect(result.interval[1]).toBeCloseTo(1.861705, 6);
    expect(result.difference).toBe(1);
    expect(result.relative).toBeCloseTo(0.1, 12);
    expect(result.verdict).toBe('better');
    expect(result.alpha).toBe(0.05);
  });

  it('calls a lower value worse when higher is better, and better when lower is better', () => {
    const control = { n: 100, mean: 11, variance: 4 };
    const treatment = { n: 100, mean: 10, variance: 4 };
    expect(compareArms('feedback', control, treatment, options).verdict).toBe('worse');
    expect(compareArms('latency_ms', control, treatment, { ...options, direction: 'lower_is_better' }).verdict).toBe('better');
  });

  it('says not_enough_data below minSamples in either arm and keeps the previous state', () => {
    const small = compareArms('feedback', { n: 99, mean: 0, variance: 1 }, { n: 500, mean: 5, variance: 1 }, options);
    expect(small.verdict).toBe('not_enough_data');
    expect(small.pValue).toBe(1);
    expect(small.interval).toEqual([Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY]);
    const carried = compareArms('feedback', { n: 1, mean: 0, variance: 0 }, { n: 1, mean: 5, variance: 0 }, options, { pValue: 0.3, interval: [-1, 2] });
    expect(carried.pValue).toBe(0.3);
    expect(carried.interval).toEqual([-1, 2]);
  });

  it('carries the running minimum of the p-value and the running intersection of the interval', () => {
    const control = { n: 100, mean: 0, variance: 1 };
    const treatment = { n: 100, mean: 0, variance: 1 };
    const first = compareArms('feedback', control, treatment, options);
    expect(first.pValue).toBe(1);
    const radius = (first.interval[1] - first.interval[0]) / 2;
    const next = compareArms('feedback', control, treatment, options, { pValue: 0.2, interval: [-radius / 2, 10] });
    expect(next.pValue).toBe(0.2);
    expect(next.interval[0]).toBeCloseTo(-radius / 2, 12);
    expect(next.interval[1]).toBeCloseTo(radius, 12);
    // A previous interval that does not meet this look's (failed assumptions): this look's interval.
    const apart = compareArms('feedback', control, treatment, options, { pValue: 1, interval: [50, 60] });
    expect(apart.interval[0]).toBeCloseTo(-radius, 12);
  });

  it('once significant, stays significant: a carried p below alpha keeps the verdict', () => {
    const result = compareArms('feedback', { n: 100, mean: 0, variance: 1 }, { n: 100, mean: 0.1, variance: 1 }, options, {
      pValue: 0.01,
      interval: [0.05, 3],
    });
    expect(result.verdict).toBe('better');
  });

  it('concludes no_difference when the whole interval lies within ±margin', () => {
    const arms = [
      { n: 10000, mean: 3, variance: 1 },
      { n: 10000, mean: 3.001, variance: 1 },
    ] as const;
    const withMargin = compareArms('feedback', arms[0], arms[1], { ...options, effectScale: undefined, equivalenceMargin: 0.2 });
    expect(withMargin.verdict).toBe('no_difference');
    expect(compareArms('feedback', arms[0], arms[1], { ...options, effectScale: undefined }).verdict).toBe('not_enough_data');
    expect(compareArms('feedback', arms[0], arms[1], { ...options, effectScale: undefined, equivalenceMargin: 0.01 }).verdict).toBe('not_enough_data');
  });

  it('treats two constant arms as known exactly', () => {
    const same = compareArms(
      'cost_usd',
      { n: 100, mean: 5, variance: 0 },
      { n: 100, mean: 5, variance: 0 },
      { ...defaultTestOptions('cost_usd'), equivalenceMargin: 0.1 },
    );
    expect(same.pValue).toBe(1);
    expect(same.interval).toEqual([0, 0]);
    expect(same.verdict).toBe('no_difference');
    const cheaper = compareArms('cost_usd', { n: 100, mean: 5, variance: 0 }, { n: 100, mean: 4, variance: 0 }, defaultTestOptions('cost_usd'));
    expect(cheaper.pValue).toBe(0);
    expect(cheaper.verdict).toBe('better');
  });

  it('does not read "no errors yet" as an error rate of exactly 0', () => {
    const result = compareArms(
      'error_rate',
      { n: 200, mean: 0, variance: 0 },
      { n: 200, mean: 0, variance: 0 },
      { ...defaultTestOptions('error_rate'), equivalenceMargin: 0.001 },
    );
    expect(result.interval[1]).toBeGreaterThan(0.001);
    expect(result.verdict).toBe('not_enough_data');
  });

  it('leaves out the relative difference when the control mean is 0, and rejects a bad alpha', () => {
    expect(compareArms('feedback', { n: 100, mean: 0, variance: 1 }, { n: 100, mean: 1, variance: 1 }, options).relative).toBeUndefined();
    expect(() => compareArms('feedback', { n: 100, mean: 0, variance: 1 }, { n: 100, mean: 1, variance: 1 }, { ...options, alpha: 0 })).toThrow(RangeError);
  });
});

describe('plug-in and mixture variances', () => {
  it('floors a 0/1 rate at the smoothed p̃(1 − p̃), p̃ = (errors + 1)/(n + 2)', () => {
    expect(plugInVariance('error_rate', { n: 200, mean: 0, variance: 0 }, { n: 200, mean: 0, variance: 0 })).toBeCloseTo(0.004925988, 9);
    // Above the floor the sample variance is used: p = 0.5 over 100 gives 0.25 · 100/99.
    expect(plugInVariance('error_rate', { n: 100, mean: 0.5, variance: 0.25 * (100 / 99) }, { n: 1, mean: 0, variance: 0 })).toBeCloseTo(0.252525, 6);
  });

  it("borrows the other arm's variance when an arm shows no spread", () => {
    expect(plugInVariance('latency_ms', { n: 100, mean: 5, variance: 0 }, { n: 100, mean: 6, variance: 9 })).toBe(9);
    expect(plugInVariance('latency_ms', { n: 100, mean: 5, variance: 4 }, { n: 100, mean: 6, variance: 9 })).toBe(4);
  });

  it('sets τ² to (0.1 × pooled sd)² by default and to effectScale² when given', () => {
    const base: TestOptions = { alpha: 0.05, direction: 'higher_is_better', minSamples: 1 };
    // pooled = (100 · 4 + 300 · 8) / 400 = 7
    expect(mixtureVariance({ n: 100, variance: 4 }, { n: 300, variance: 8 }, base)).toBeCloseTo(0.07, 12);
    expect(mixtureVariance({ n: 100, variance: 4 }, { n: 300, variance: 8 }, { ...base, effectScale: 0.5 })).toBe(0.25);
  });
});

describe('verdictOf', () => {
  const higher: TestOptions = { alpha: 0.05, direction: 'higher_is_better', minSamples: 1, equivalenceMargin: 1 };
  it('prefers a significant difference over equivalence, and reads the side from the interval', () => {
    expect(verdictOf(0.01, [0.1, 0.5], 0.3, higher)).toBe('better');
    expect(verdictOf(0.01, [-0.5, -0.1], -0.3, { ...higher, direction: 'lower_is_better' })).toBe('better');
    expect(verdictOf(0.2, [-0.5, 0.5], 0, higher)).toBe('no_difference');
    expect(verdictOf(0.2, [-1.5, 0.5], 0, higher)).toBe('not_enough_data');
  });
});
