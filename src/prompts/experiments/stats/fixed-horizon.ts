/**
 * The ordinary fixed-horizon test (Welch's z-test on the difference of means): valid when read
 * ONCE at a sample size fixed in advance, and wrong when read repeatedly. Kept to show the
 * problem the sequential test solves (the simulation) and for one-shot comparisons.
 */
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import type { MetricSummary } from './types.js';

/** A one-shot comparison: two-sided p-value and (1 − alpha) interval for treatment − control. */
export interface FixedHorizonResult {
  difference: number;
  pValue: number;
  interval: [number, number];
}

/** Welch's two-sided z-test of "no difference"; p = 1 and an unbounded interval when n < 2 or there is no spread. */
export function fixedHorizonTest(control: MetricSummary, treatment: MetricSummary, alpha = 0.05): FixedHorizonResult {
  const difference = treatment.mean - control.mean;
  const v = control.n >= 2 && treatment.n >= 2 ? control.variance / control.n + treatment.variance / treatment.n : 0;
  if (!(v > 0)) return { difference, pValue: 1, interval: [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY] };
  const se = Math.sqrt(v);
  const z = Math.abs(difference) / se;
  const radius = normalQuantile(1 - alpha / 2, 0, 1) * se;
  return { difference, pValue: Math.min(1, 2 * (1 - normalCdf(z, 0, 1))), interval: [difference - radius, difference + radius] };
}
