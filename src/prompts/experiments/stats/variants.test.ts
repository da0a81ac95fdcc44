import { describe, expect, it } from 'vitest';
import type { MetricComparison } from './types.js';
import { bonferroniAlpha, compareVariants, metricOptions } from './variants.js';

const variants = [
  { variant: 'A', metrics: { feedback: { n: 100, mean: 10, variance: 4 }, latency_ms: { n: 100, mean: 500, variance: 100 } } },
  { variant: 'B', metrics: { feedback: { n: 100, mean: 11, variance: 4 } } },
  { variant: 'C', metrics: { feedback: { n: 100, mean: 10, variance: 4 }, latency_ms: { n: 100, mean: 400, variance: 100 } } },
];

describe('compareVariants', () => {
  it('compares each treatment with the control on the metrics both have, at alpha / treatments', () => {
    const result = compareVariants('A', variants, { alpha: 0.05, metrics: { feedback: { effectScale: 1 } } });
    expect(result.map((entry) => entry.variant)).toEqual(['B', 'C']);
    expect(Object.keys(result[0]?.comparisons ?? {})).toEqual(['feedback']);
    expect(Object.keys(result[1]?.comparisons ?? {})).toEqual(['feedback', 'latency_ms']);
    const feedback = result[0]?.comparisons.feedback;
    expect(feedback?.alpha).toBe(0.025);
    // Same p as the single comparison (0.011269, see compare.test.ts): still below 0.025.
    expect(feedback?.pValue).toBeCloseTo(0.011269, 6);
    expect(feedback?.verdict).toBe('better');
    expect(result[1]?.comparisons.latency_ms?.verdict).toBe('better');
  });

  it('carries each comparison from the previous look', () => {
    const first = compareVariants('A', variants, {});
    const feedback = first[0]?.comparisons.feedback as MetricComparison;
    const carried = compareVariants('A', variants, {}, [{ variant: 'B', comparisons: { feedback: { ...feedback, pValue: 0.001 } } }]);
    expect(carried[0]?.comparisons.feedback?.pValue).toBe(0.001);
    expect(carried[1]?.comparisons.feedback?.pValue).toBe(first[1]?.comparisons.feedback?.pValue);
  });

  it('refuses a control without results', () => {
    expect(() => compareVariants('Z', variants)).toThrow(/control variant "Z"/);
  });
});

describe('options', () => {
  it('splits alpha across treatments and merges per-metric overrides over the defaults', () => {
    expect(bonferroniAlpha(0.05, 4)).toBe(0.0125);
    expect(bonferroniAlpha(0.05, 0)).toBe(0.05);
    expect(metricOptions('cost_usd', 2, { minSamples: 50, metrics: { cost_usd: { equivalenceMargin: 0.001 } } })).toEqual({
      alpha: 0.025,
      direction: 'lower_is_better',
      minSamples: 50,
      equivalenceMargin: 0.001,
    });
  });
});
