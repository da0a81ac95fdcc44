/**
 * `npm run chaos`: issue 8's long chaos run. Through one in-process gateway and simulator
 * (test/routing/chaos-harness.ts): N non-streamed and N streamed requests to `resilient`, whose
 * primary fails 30% of its requests (429, 500, 529, hangs, cuts before content) in front of a
 * healthy secondary of another format; then the breaker-open cost of a dead primary against the
 * healthy target alone. Prints the markdown for docs/routing.md; exits 1 when a bound is missed
 * (success < 99.95%, added p99 ≥ 5 ms, a dead primary still reached).
 *
 * Options: --requests N (per mode, default 20000), --concurrency N (default 64), --chaos RATE
 * (default 0.3), --seed N (replay the faults of an earlier run), --first-token-ms N (default 1000),
 * --breaker-requests N (pairs, default 5000), --breaker-concurrency N (default 2), --only chaos|breaker.
 */
import { parseArgs } from 'node:util';
import { type BreakerOverhead, type ChaosHarness, measureBreakerOverhead, startChaosHarness } from '../test/routing/chaos-harness.js';
import { markdownTable, oneLine, type RunReport } from '../test/routing/report.js';

const MIN_SUCCESS = 0.9995;
const MAX_ADDED_P99_MS = 5;

function intOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`--${name} wants a whole number, got '${value}'`);
  return n;
}

async function chaosRuns(harness: ChaosHarness, chaos: string, requests: number, concurrency: number): Promise<{ reports: RunReport[]; injected: string[] }> {
  const reports: RunReport[] = [];
  const injected: string[] = [];
  for (const stream of [false, true]) {
    const before = harness.simulator.state.injected();
    const { report } = await harness.run(`${chaos} chaos primary, ${stream ? 'streamed' : 'not streamed'}`, {
      model: 'resilient',
      stream,
      requests,
      concurrency,
      idPrefix: `long-${stream ? 's' : 'j'}`,
      timeoutMs: 60_000,
    });
    const after = harness.simulator.state.injected();
    const faults = Object.entries(after)
      .map(([fault, n]) => `${fault}: ${n - (before[fault] ?? 0)}`)
      .join(', ');
    process.stderr.write(`${oneLine(report)}\n`);
    reports.push(report);
    injected.push(`${report.label}: ${faults}`);
  }
  return { reports, injected };
}

function breakerTable(results: BreakerOverhead[]): string {
  const rows = [
    '| run | requests per alias | p50 dead primary / healthy only | p99 dead primary / healthy only | added p50 | added p99 | requests reaching the dead primary |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    const { withDeadPrimary: dead, baseline: base } = r.latency;
    rows.push(
      `| ${r.withDeadPrimary.label} | ${r.withDeadPrimary.requests} | ${dead.p50.toFixed(2)} / ${base.p50.toFixed(2)} ms | ${dead.p99.toFixed(2)} / ${base.p99.toFixed(2)} ms | ${r.addedP50Ms.toFixed(2)} ms | ${r.addedP99Ms.toFixed(2)} ms | ${r.primaryHits} |`,
    );
  }
  return rows.join('\n');
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      requests: { type: 'string' },
      concurrency: { type: 'string' },
      chaos: { type: 'string' },
      seed: { type: 'string' },
      'first-token-ms': { type: 'string' },
      'breaker-requests': { type: 'string' },
      'breaker-concurrency': { type: 'string' },
      only: { type: 'string' },
    },
  });
  const requests = intOption(values.requests, 'requests', 20_000);
  const concurrency = intOption(values.concurrency, 'concurrency', 64);
  const breakerRequests = intOption(values['breaker-requests'], 'breaker-requests', 5000);
  const breakerConcurrency = intOption(values['breaker-concurrency'], 'breaker-concurrency', 2);
  const chaos = values.chaos === undefined ? 0.3 : Number(values.chaos);
  if (!(chaos >= 0 && chaos <= 1)) throw new Error(`--chaos wants a rate in 0..1, got '${values.chaos}'`);
  const only = values.only;
  if (only !== undefined && only !== 'chaos' && only !== 'breaker') throw new Error(`--only wants chaos or breaker, got '${only}'`);

  const harness = await startChaosHarness({
    chaos,
    seed: values.seed === undefined ? undefined : intOption(values.seed, 'seed', 0),
    firstTokenMs: intOption(values['first-token-ms'], 'first-token-ms', 1000),
  });
  const problems: string[] = [];
  const out: string[] = [];
  const rate = `${Math.round(chaos * 1000) / 10}%`;
  try {
    out.push(
      `Chaos run: ${requests} requests per mode at concurrency ${concurrency}, primary failing ${rate} of requests, simulator seed ${harness.seed} (\`npm run chaos -- --seed ${harness.seed}\` replays the same faults). Node ${process.version}.`,
      '',
    );
    if (only !== 'breaker') {
      const { reports, injected } = await chaosRuns(harness, rate, requests, concurrency);
      out.push(markdownTable(reports), '', 'Faults the primary injected:', '', ...injected.map((line) => `- ${line}`), '');
      for (const r of reports) if (r.successRate < MIN_SUCCESS) problems.push(`${r.label}: success ${(r.successRate * 100).toFixed(3)}% < 99.95%`);
    }
    if (only !== 'chaos') {
      const results: BreakerOverhead[] = [];
      for (const stream of [false, true]) {
        const result = await measureBreakerOverhead(harness, { requests: breakerRequests, concurrency: breakerConcurrency, warmup: 1000, stream });
        process.stderr.write(`${oneLine(result.withDeadPrimary)}\n${oneLine(result.baseline)}\n`);
        results.push(result);
        if (result.addedP99Ms >= MAX_ADDED_P99_MS) problems.push(`${result.withDeadPrimary.label}: added p99 ${result.addedP99Ms.toFixed(2)} ms ≥ 5 ms`);
        if (result.primaryHits > 1) problems.push(`${result.withDeadPrimary.label}: the dead primary was reached ${result.primaryHits} times`);
        if (result.withDeadPrimary.successRate < 1) problems.push(`${result.withDeadPrimary.label}: ${JSON.stringify(result.withDeadPrimary.failures)}`);
      }
      out.push(
        `Breaker open (primary answering 500 after 25 ms, healthy secondary), ${breakerRequests} requests to each alias, interleaved, ${breakerConcurrency} pairs at a time:`,
        '',
        breakerTable(results),
        '',
      );
    }
  } finally {
    await harness.close();
  }
  process.stdout.write(`${out.join('\n')}\n`);
  if (problems.length > 0) {
    process.stderr.write(`chaos: bounds missed:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`chaos: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  },
);
