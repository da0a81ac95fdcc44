/**
 * Statistics of the eval report: the mean of each side and the paired difference (candidate −
 * baseline, row by row) with a 95% percentile-bootstrap confidence interval. The bootstrap
 * resamples rows with a seeded PRNG (mulberry32), so the same scores always give the same
 * interval; it makes no normality assumption, which matters for 0/1 scores on small datasets.
 */
import { seededRandom } from '../core/seeded-random.js';

/** Resamples drawn for the interval. */
export const BOOTSTRAP_RESAMPLES = 5000;

/** Arithmetic mean (NaN for none). */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** The paired difference of two score lists of equal length. */
export interface PairedDifference {
  /** mean(candidate − baseline). */
  mean: number;
  /** 95% interval [low, high]. */
  low: number;
  high: number;
  n: number;
}

/** The value at quantile q of sorted values (linear interpolation). */
function quantile(sorted: readonly number[], q: number): number {
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

/** Mean paired difference with a 95% percentile-bootstrap interval, seeded. */
export function pairedBootstrap(candidate: readonly number[], baseline: readonly number[], seed: number, resamples = BOOTSTRAP_RESAMPLES): PairedDifference {
  if (candidate.length !== baseline.length) throw new RangeError('paired scores must have the same length');
  const n = candidate.length;
  if (n === 0) return { mean: Number.NaN, low: Number.NaN, high: Number.NaN, n };
  const diffs = candidate.map((c, i) => c - baseline[i]!);
  const point = mean(diffs);
  const random = seededRandom(seed);
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += diffs[Math.floor(random() * n)]!;
    means[r] = sum / n;
  }
  const sorted = Array.from(means).sort((a, b) => a - b);
  return { mean: point, low: quantile(sorted, 0.025), high: quantile(sorted, 0.975), n };
}
