/** Small exact statistics over sample arrays (sample counts here are in the thousands, so sorting is cheap). */

/** The q-quantile (0..1) by nearest rank; NaN for an empty sample. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil(q * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

/** Sorts a copy ascending. */
export function sorted(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

/** The median of the finite values; NaN when there are none. */
export function median(values: readonly number[]): number {
  const finite = sorted(values.filter(Number.isFinite));
  if (finite.length === 0) return Number.NaN;
  const mid = finite.length >> 1;
  return finite.length % 2 === 1 ? finite[mid]! : (finite[mid - 1]! + finite[mid]!) / 2;
}

/** p50 and p99 of a latency sample, in the sample's unit. */
export interface Quantiles {
  p50: number;
  p99: number;
  count: number;
}

/** Summarises a latency sample. */
export function quantiles(values: readonly number[]): Quantiles {
  const s = sorted(values);
  return { p50: percentile(s, 0.5), p99: percentile(s, 0.99), count: s.length };
}
