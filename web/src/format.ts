/** Number, money, duration and time formats used across the views (one place, so tests can mirror them). */

const INT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const COMPACT = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

/** A count: 12,345. */
export function count(n: number | null | undefined): string {
  return n === null || n === undefined ? '–' : INT.format(n);
}

/** A count for axes: 12.3K. */
export function compact(n: number): string {
  return COMPACT.format(n);
}

/** USD with enough digits for small amounts: $12.34, $0.0042. */
export function usd(n: number | null | undefined): string {
  if (n === null || n === undefined) return '–';
  if (n === 0) return '$0.00';
  const digits = Math.abs(n) >= 1 ? 2 : Math.min(6, Math.max(2, 1 - Math.floor(Math.log10(Math.abs(n))) + 1));
  return `$${n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })}`;
}

/** A duration: 850 ms, 2.4 s. */
export function ms(n: number | null | undefined): string {
  if (n === null || n === undefined) return '–';
  if (n === 0) return '0 ms';
  if (n < 10) return `${n.toFixed(1)} ms`;
  if (n < 1000) return `${Math.round(n)} ms`;
  return `${(n / 1000).toFixed(n < 10_000 ? 2 : 1)} s`;
}

/** A percentage of a ratio: 12.5%. */
export function pct(ratio: number): string {
  return `${(ratio * 100).toFixed(ratio < 0.1 ? 1 : 0)}%`;
}

const TIME = new Intl.DateTimeFormat('en-GB', { month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** A point in time in the browser's zone: 06 Dec, 15:04:05. */
export function time(t: number | string | null | undefined): string {
  if (t === null || t === undefined) return '–';
  return TIME.format(new Date(t));
}
