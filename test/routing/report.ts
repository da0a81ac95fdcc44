/**
 * The chaos harness's figures: success rate, failures by code, client-visible latency
 * percentiles, the attempts histogram and which providers answered, plus the markdown table
 * `npm run chaos` prints for docs/routing.md.
 */
import type { Outcome } from './load.js';

/** Latency percentiles in ms. */
export interface Latency {
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** The figures of one load. */
export interface RunReport {
  label: string;
  requests: number;
  successes: number;
  /** successes / requests. */
  successRate: number;
  /** Failed requests by failure code. */
  failures: Record<string, number>;
  latency: Latency;
  /** Requests by x-switchboard-attempts ('?' when the header was missing). */
  attempts: Record<string, number>;
  /** Successful requests by x-switchboard-provider. */
  providers: Record<string, number>;
  durationMs: number;
}

/** The nearest-rank percentile `q` (0..1) of ascending `sorted`; 0 for none. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

/** p50, p90, p99 and max of some latencies. */
export function latencyOf(values: readonly number[]): Latency {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 0.5), p90: percentile(sorted, 0.9), p99: percentile(sorted, 0.99), max: sorted.at(-1) ?? 0 };
}

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/** Sums up a load's outcomes. */
export function summarize(label: string, outcomes: readonly Outcome[], durationMs: number): RunReport {
  const failures: Record<string, number> = {};
  const attempts: Record<string, number> = {};
  const providers: Record<string, number> = {};
  let successes = 0;
  for (const outcome of outcomes) {
    bump(attempts, outcome.attempts === undefined ? '?' : String(outcome.attempts));
    if (outcome.ok) {
      successes++;
      bump(providers, outcome.provider ?? '?');
    } else bump(failures, outcome.failure ?? 'unknown');
  }
  return {
    label,
    requests: outcomes.length,
    successes,
    successRate: outcomes.length === 0 ? 0 : successes / outcomes.length,
    failures,
    latency: latencyOf(outcomes.map((o) => o.latencyMs)),
    attempts,
    providers,
    durationMs,
  };
}

const ms = (v: number) => `${v.toFixed(1)} ms`;
const pct = (v: number) => `${(v * 100).toFixed(3)}%`;
const counts = (c: Record<string, number>) =>
  Object.keys(c).length === 0
    ? 'none'
    : Object.entries(c)
        .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
        .map(([k, v]) => `${k}: ${v}`)
        .join(', ');

/** One line of figures, for test output. */
export function oneLine(r: RunReport): string {
  return `${r.label}: ${r.successes}/${r.requests} ok (${pct(r.successRate)}), p50 ${ms(r.latency.p50)}, p99 ${ms(r.latency.p99)}, max ${ms(r.latency.max)}; failures {${counts(r.failures)}}; attempts {${counts(r.attempts)}}; providers {${counts(r.providers)}}; ${(r.durationMs / 1000).toFixed(1)} s`;
}

/** A markdown table with one row per load. */
export function markdownTable(reports: readonly RunReport[]): string {
  const rows = [
    '| run | requests | success | failures (by code) | p50 | p99 | attempts (count: requests) | answered by |',
    '|---|---:|---:|---|---:|---:|---|---|',
  ];
  for (const r of reports) {
    rows.push(
      `| ${r.label} | ${r.requests} | ${pct(r.successRate)} | ${counts(r.failures)} | ${ms(r.latency.p50)} | ${ms(r.latency.p99)} | ${counts(r.attempts)} | ${counts(r.providers)} |`,
    );
  }
  return rows.join('\n');
}
