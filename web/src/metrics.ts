/**
 * How each experiment metric reads: its name, which way is better, and how its values and
 * differences are written (latency in ms, cost in USD, error rate in percent and points). Pure.
 */
import * as fmt from './format.js';

interface MetricInfo {
  label: string;
  /** A value (a mean). */
  value: (n: number) => string;
  /** A difference, signed. */
  delta: (n: number) => string;
  lowerIsBetter: boolean;
}

const NUM = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 4 });

function signed(n: number, write: (abs: number) => string): string {
  if (n === 0) return write(0);
  return `${n < 0 ? '−' : '+'}${write(Math.abs(n))}`;
}

const METRICS: Record<string, MetricInfo> = {
  latency_ms: { label: 'Latency', value: fmt.ms, delta: (n) => signed(n, fmt.ms), lowerIsBetter: true },
  ttft_ms: { label: 'Time to first token', value: fmt.ms, delta: (n) => signed(n, fmt.ms), lowerIsBetter: true },
  cost_usd: { label: 'Cost per request', value: fmt.usd, delta: (n) => signed(n, fmt.usd), lowerIsBetter: true },
  error_rate: {
    label: 'Error rate',
    value: (n) => `${(n * 100).toFixed(1)}%`,
    delta: (n) => signed(n, (a) => `${(a * 100).toFixed(1)} pp`),
    lowerIsBetter: true,
  },
  feedback: { label: 'Feedback score', value: (n) => NUM.format(n), delta: (n) => signed(n, (a) => NUM.format(a)), lowerIsBetter: false },
};

/** What the view needs to show a metric; unknown metrics read as plain numbers, higher better. */
export function metricInfo(name: string): MetricInfo {
  return METRICS[name] ?? { label: name, value: (n) => NUM.format(n), delta: (n) => signed(n, (a) => NUM.format(a)), lowerIsBetter: false };
}

/** A p-value: "< 0.001" below that, else three decimals; "–" when missing. */
export function pValue(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '–';
  if (p < 0.001) return '< 0.001';
  return p.toFixed(3);
}

/** A relative difference: +12.5%. */
export function relative(r: number | null | undefined): string | null {
  if (r === null || r === undefined || !Number.isFinite(r)) return null;
  return signed(r, (a) => `${(a * 100).toFixed(a < 0.1 ? 1 : 0)}%`);
}

/** The confidence level of an alpha: 0.05 → "95%". */
export function confidence(alpha: number): string {
  const level = (1 - alpha) * 100;
  return `${Number.isInteger(level) ? level : level.toFixed(1)}%`;
}
