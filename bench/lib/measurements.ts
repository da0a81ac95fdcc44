/** The raw per-run measurements the benchmark collects, and the table rows built from them. */
import type { ThroughputResult } from './max-throughput.js';
import type { Timing } from './probe.js';
import type { Row, Summary } from './report.js';
import { quantiles } from './stats.js';
import type { Mode, Route } from './workload.js';

/** CPU use during a measured window. */
export interface CpuUse {
  gatewayCpuUs: number;
  wallUs: number;
  /** Share of the gateway's core that other processes used (NaN when not pinned). */
  otherOnGatewayCorePct: number;
  /** Share of the simulator + load-generator core that other processes used (NaN when not pinned). */
  otherOnLoadCorePct: number;
  /** How busy the simulator + load-generator core was (NaN when not pinned). */
  loadCoreBusyPct: number;
}

/** A saturation run plus CPU use during it. */
export interface SaturationRun extends ThroughputResult, CpuUse {}

/** A latency run (fixed rate or concurrency 1) plus CPU use during it. */
export interface LatencyRun extends CpuUse {
  timings: Timing[];
  errors: number;
}

type BySide<T> = Record<Mode, Record<Route, T>>;

/** Everything measured in one repetition. */
export interface RunData {
  saturation: BySide<SaturationRun>;
  fixedRate: BySide<LatencyRun>;
  sequential: BySide<LatencyRun>;
}

/** Memory figures of the gateway process, in MB. */
export interface MemoryData {
  idleBefore: number;
  peak: number;
  afterLoad: number;
  afterIdle: number;
  /** Highest RSS sampled while the gateway served the fixed rate. */
  atRate: number;
  idleSeconds: number;
}

/** Goal thresholds (from the issue). */
export const GOALS = { cpuUs: 100, rps: 10_000, addedP50Ms: 0.5, addedP99Ms: 2, firstByteMs: 0.5, rssMb: 150, rssGrowth: 0.05 };

const sides = (runs: RunData[], pick: (run: RunData, route: Route) => number) => ({
  direct: runs.map((run) => pick(run, 'direct')),
  gateway: runs.map((run) => pick(run, 'gateway')),
});

const latency = (timings: Timing[], field: 'totalMs' | 'firstDataMs', q: 'p50' | 'p99') => quantiles(timings.map((t) => t[field]))[q];

const addedAtMost = (limit: number) => (s: Summary) => s.added <= limit;

/** Builds the table rows from all repetitions. */
export function buildRows(runs: RunData[], memory: MemoryData, rate: number): Row[] {
  const perRequest = (run: SaturationRun | LatencyRun, count: number) => run.gatewayCpuUs / Math.max(1, count);
  const rows: Row[] = [
    {
      metric: 'Max throughput, non-streamed',
      unit: 'req/s',
      ...sides(runs, (run, route) => run.saturation.plain[route].rps),
      goal: { text: `≥ ${GOALS.rps.toLocaleString('en-US')} req/s`, met: (s) => s.gateway >= GOALS.rps },
    },
    { metric: 'Max throughput, streamed', unit: 'req/s', ...sides(runs, (run, route) => run.saturation.stream[route].rps) },
    {
      metric: 'Gateway CPU per request at saturation, non-streamed',
      unit: 'µs',
      gateway: runs.map((run) => perRequest(run.saturation.plain.gateway, run.saturation.plain.gateway.completed)),
      goal: { text: `≤ ${GOALS.cpuUs} µs`, met: (s) => s.gateway <= GOALS.cpuUs },
    },
    {
      metric: 'Gateway CPU per request at saturation, streamed',
      unit: 'µs',
      gateway: runs.map((run) => perRequest(run.saturation.stream.gateway, run.saturation.stream.gateway.completed)),
    },
    {
      metric: 'Gateway core busy at saturation, non-streamed',
      unit: '%',
      gateway: runs.map((run) => (100 * run.saturation.plain.gateway.gatewayCpuUs) / run.saturation.plain.gateway.wallUs),
    },
    {
      metric: 'Simulator + load core busy at saturation, non-streamed',
      unit: '%',
      direct: runs.map((run) => run.saturation.plain.direct.loadCoreBusyPct),
      gateway: runs.map((run) => run.saturation.plain.gateway.loadCoreBusyPct),
    },
    {
      metric: `Gateway CPU per request at ${rate} req/s, non-streamed`,
      unit: 'µs',
      gateway: runs.map((run) => perRequest(run.fixedRate.plain.gateway, run.fixedRate.plain.gateway.timings.length)),
    },
  ];
  const latencyRow = (metric: string, kind: 'fixedRate' | 'sequential', mode: Mode, field: 'totalMs' | 'firstDataMs', q: 'p50' | 'p99', goal?: Row['goal']) =>
    rows.push({ metric, unit: 'ms', added: true, ...sides(runs, (run, route) => latency(run[kind][mode][route].timings, field, q)), goal });
  const p50Goal = { text: `added ≤ ${GOALS.addedP50Ms} ms`, met: addedAtMost(GOALS.addedP50Ms) };
  const p99Goal = { text: `added ≤ ${GOALS.addedP99Ms} ms`, met: addedAtMost(GOALS.addedP99Ms) };
  const byteGoal = { text: `added ≤ ${GOALS.firstByteMs} ms`, met: addedAtMost(GOALS.firstByteMs) };
  latencyRow(`Latency p50 at ${rate} req/s, non-streamed`, 'fixedRate', 'plain', 'totalMs', 'p50', p50Goal);
  latencyRow(`Latency p99 at ${rate} req/s, non-streamed`, 'fixedRate', 'plain', 'totalMs', 'p99', p99Goal);
  latencyRow('Latency p50 at concurrency 1, non-streamed', 'sequential', 'plain', 'totalMs', 'p50');
  latencyRow('Latency p99 at concurrency 1, non-streamed', 'sequential', 'plain', 'totalMs', 'p99');
  latencyRow(`First streamed byte p50 at ${rate} req/s`, 'fixedRate', 'stream', 'firstDataMs', 'p50', byteGoal);
  latencyRow(`First streamed byte p99 at ${rate} req/s`, 'fixedRate', 'stream', 'firstDataMs', 'p99');
  latencyRow('First streamed byte p50 at concurrency 1', 'sequential', 'stream', 'firstDataMs', 'p50', byteGoal);
  latencyRow('First streamed byte p99 at concurrency 1', 'sequential', 'stream', 'firstDataMs', 'p99');
  latencyRow(`Whole stream p50 at ${rate} req/s`, 'fixedRate', 'stream', 'totalMs', 'p50');
  latencyRow(`Whole stream p99 at ${rate} req/s`, 'fixedRate', 'stream', 'totalMs', 'p99');
  rows.push(
    { metric: 'Gateway RSS idle, before load', unit: 'MB', gateway: [memory.idleBefore] },
    {
      metric: `Gateway RSS under ${rate} req/s, fresh process (highest sample)`,
      unit: 'MB',
      gateway: [memory.atRate],
      goal: { text: `≤ ${GOALS.rssMb} MB`, met: (s) => s.gateway <= GOALS.rssMb },
    },
    {
      metric: 'Gateway peak RSS (VmHWM, includes saturation)',
      unit: 'MB',
      gateway: [memory.peak],
      goal: { text: `≤ ${GOALS.rssMb} MB`, met: (s) => s.gateway <= GOALS.rssMb },
    },
    { metric: 'Gateway RSS right after load', unit: 'MB', gateway: [memory.afterLoad] },
    {
      metric: `Gateway RSS after ${memory.idleSeconds} s idle`,
      unit: 'MB',
      gateway: [memory.afterIdle],
      goal: { text: `flat (≤ after load + ${GOALS.rssGrowth * 100} %)`, met: (s) => s.gateway <= memory.afterLoad * (1 + GOALS.rssGrowth) },
    },
  );
  return rows;
}

/** The largest share of a core that other processes took in any window of any run. */
export function worstInterference(runs: RunData[], core: 'gateway' | 'load'): { pct: number; where: string } {
  let worst = { pct: Number.NaN, where: '' };
  for (const [i, run] of runs.entries()) {
    for (const kind of ['saturation', 'fixedRate', 'sequential'] as const) {
      for (const mode of ['plain', 'stream'] as const) {
        // The gateway core only matters while the gateway carries the load.
        const routes = core === 'gateway' ? (['gateway'] as const) : (['direct', 'gateway'] as const);
        for (const route of routes) {
          const use = run[kind][mode][route];
          const pct = core === 'gateway' ? use.otherOnGatewayCorePct : use.otherOnLoadCorePct;
          if (!(pct <= worst.pct)) worst = { pct, where: `run ${i + 1}, ${kind} ${mode} ${route}` };
        }
      }
    }
  }
  return worst;
}

/** Error counts per measurement kind, summed over runs (should all be zero). */
export function errorCounts(runs: RunData[]): string[] {
  const out: string[] = [];
  for (const kind of ['saturation', 'fixedRate', 'sequential'] as const) {
    for (const mode of ['plain', 'stream'] as const) {
      for (const route of ['direct', 'gateway'] as const) {
        const errors = runs.reduce((sum, run) => sum + run[kind][mode][route].errors, 0);
        if (errors > 0) out.push(`${errors} failed requests in ${kind} ${mode} ${route}`);
      }
    }
  }
  return out;
}
