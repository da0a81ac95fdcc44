/** Percentiles computed in JS (SQLite has no percentile function), the way PostgreSQL's percentile_cont interpolates. */

/** The p-th percentile (0..1) of values sorted ascending, interpolated linearly; null for none. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = p * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const value = sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
  // Rounded to 0.01 ms: the dialects sum and sort the same doubles, but a chart needs no more.
  return Math.round(value * 100) / 100;
}

/** Sorts numbers ascending in place and answers them. */
export function sortNumbers(values: number[]): number[] {
  return values.sort((a, b) => a - b);
}
