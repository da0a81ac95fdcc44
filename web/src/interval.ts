/**
 * Placing confidence intervals on a shared axis centred on zero: each metric's rows share one
 * symmetric scale, so bars of one metric compare at a glance and zero is always in the middle.
 * Pure: no DOM.
 */

/** An interval whose bounds may be missing (unbounded: too few samples yet). */
export type Interval = readonly [number | null | undefined, number | null | undefined];

/** Where a bar sits on the track, in percent of its width. */
export interface BarPlacement {
  left: number;
  width: number;
  /** The point estimate (difference), in percent; undefined when not finite. */
  point?: number;
  /** A bound was unbounded or beyond the scale: the bar runs to that edge. */
  openLeft: boolean;
  openRight: boolean;
}

function finite(n: number | null | undefined): n is number {
  return typeof n === 'number' && Number.isFinite(n);
}

/** The half-width of a symmetric scale holding every finite bound and estimate, with 10% room; 1 when nothing is finite or all are 0. */
export function symmetricExtent(rows: { interval: Interval; difference?: number | null }[]): number {
  let max = 0;
  for (const r of rows) for (const v of [r.interval[0], r.interval[1], r.difference]) if (finite(v)) max = Math.max(max, Math.abs(v));
  return max > 0 ? max * 1.1 : 1;
}

/** A value's position on [-extent, extent] in percent (0: left edge, 50: zero), clamped to the track. */
export function toPercent(value: number, extent: number): number {
  const p = 50 + (value / extent) * 50;
  return Math.min(100, Math.max(0, p));
}

/** Where the interval's bar and its estimate go on a track of half-width extent. */
export function placeBar(interval: Interval, difference: number | null | undefined, extent: number): BarPlacement {
  const [lo, hi] = interval;
  const openLeft = !finite(lo) || lo < -extent;
  const openRight = !finite(hi) || hi > extent;
  const left = openLeft ? 0 : toPercent(lo as number, extent);
  const right = openRight ? 100 : toPercent(hi as number, extent);
  return { left, width: Math.max(0, right - left), point: finite(difference) ? toPercent(difference, extent) : undefined, openLeft, openRight };
}

/** Whether an interval contains zero (an unbounded side counts as reaching past it). */
export function crossesZero(interval: Interval): boolean {
  const [lo, hi] = interval;
  return (!finite(lo) || lo <= 0) && (!finite(hi) || hi >= 0);
}
