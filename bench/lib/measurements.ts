/** The raw per-run measurements the benchmark collects, and the table rows built from them. */
import type { ThroughputResult } from './max-throughput.js';
import type { PairedResult } from './paired.js';
import type { Timing } from './probe.js';
import type { Row, Summary } from './report.js';
import { quantiles } from './stats.js';
import type { Mode, Route } from './workload.js';

/** CPU use during a measured window. */
export interface CpuUse {
  /** CPU time of the proxy the window measured (gateway, or nginx master + worker); NaN for direct. */
  proxyCpuUs: number;
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

/** One measurement per route; nginx only when it is installed. */
export interface Sides<T> {
  direct: T;
  gateway: T;
  nginx?: T;
  /** Only in paired windows (RunData.pairs), never in the table's per-route measurements. */
  baseline?: T;
  /** Issue 9's two extra gateways: tracing and metrics off, and on (paired windows and the fixed rate only). */
  quiet?: T;
  observed?: T;
}

type BySide<T> = Record<Mode, Sides<T>>;

/** The routes a run measured, in table order. */
export function routesOf<T>(sides: Sides<T>): Route[] {
  return (['direct', 'nginx', 'gateway'] as const).filter((route) => sides[route] !== undefined);
}

/** The measurement of a route that must be there. */
export function at<T>(sides: Sides<T>, route: Route): T {
  const value = sides[route];
  if (value === undefined) throw new Error(`no ${route} measurement`);
  return value;
}

/** Everything measured in one repetition. */
export interface RunData {
  saturation: BySide<SaturationRun>;
  fixedRate: BySide<LatencyRun>;
  sequential: BySide<LatencyRun>;
  /** The gateway against nginx and against the baseline build, in alternating short windows. */
  pairs: Record<
    Mode,
    {
      nginx?: PairedResult;
      baseline?: PairedResult;
      responses?: PairedResult;
      responsesStored?: PairedResult;
      governed?: PairedResult;
      governedEverywhere?: PairedResult;
      /** Least-latency with a breaker and retries ÷ plain ordered fallback (issue 8). */
      resilient?: PairedResult;
      /** The smart router ÷ plain ordered fallback. */
      smart?: PairedResult;
      /** Tracing (default sampling) and metrics on ÷ both off, two gateways of the same build (issue 9). */
      observed?: PairedResult;
      /** An exact cache hit ÷ the same call on an uncached alias (a miss's full path), same gateway (issue 10). */
      cached?: PairedResult;
      /** The guarded alias (PII in and out, prompt injection in) ÷ the same call with no guards, same gateway (issue 11). */
      guarded?: PairedResult;
      /** A stored prompt rendering the same messages ÷ the messages inline, same gateway (issue 12). */
      prompted?: PairedResult;
    }
  >;
  /** The same two gateways at the fixed rate, one after the other. */
  observedFixedRate: Partial<Record<Mode, { quiet: LatencyRun; observed: LatencyRun }>>;
  /** The gateway at the fixed rate with a governed virtual key (limits and budgets on). */
  governedFixedRate: Partial<Record<Mode, LatencyRun>>;
  /** The cached alias at the fixed rate (every call an exact hit), right after the gateway's own run. */
  cachedFixedRate: Partial<Record<Mode, LatencyRun>>;
  /** The guarded alias at the fixed rate, compared with the gateway's own (unguarded) run of the same repetition. */
  guardedFixedRate: Partial<Record<Mode, LatencyRun>>;
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

/** Goal thresholds (from the issue); `cpuVsNginx` is a ratio to nginx measured in the same run. */
export const GOALS = {
  cpuUs: 100,
  cpuVsNginx: 4,
  responsesVsChat: 1.2,
  // Issue 7: a virtual key with limits and a budget costs at most 15% more CPU and 0.2 ms more p50 than an open call.
  governedVsOpen: 1.15,
  governedAddedP50Ms: 0.2,
  // Issue 8: a strategy, a breaker and retries cost at most 5% more than plain ordered fallback; the smart router's decision at most 10%.
  resilientVsFallback: 1.05,
  smartVsFallback: 1.1,
  // Issue 9: tracing at the default sampling plus metrics cost at most 10% more gateway CPU, and no p50 change beyond noise.
  observedVsQuiet: 1.1,
  observedAddedP50Ms: 0.2,
  // Issue 10: an exact hit answers in less time than the gateway's own overhead on a miss.
  hitVsMissOverhead: 1,
  // Issue 10: a semantic lookup with the builtin embedder over 100,000 entries in one scope.
  semanticLookupP50Ms: 2,
  semanticLookupP99Ms: 10,
  // Issue 11: the built-in PII (input and output) and injection (input) guards cost at most 15% more gateway CPU and 1 ms more to the first streamed byte.
  guardedVsOpen: 1.15,
  guardedFirstByteAddedMs: 1.0,
  // Issue 12: calling a stored prompt (resolved from memory, rendered in prepare) costs at most 10% more gateway CPU than the same messages inline.
  promptedVsInline: 1.1,
  rps: 10_000,
  addedP50Ms: 0.5,
  addedP99Ms: 2,
  firstByteMs: 0.5,
  rssMb: 150,
  rssGrowth: 0.05,
};

const hasNginx = (runs: RunData[]) => runs.every((run) => run.saturation.plain.nginx !== undefined);

/** Per-run values of every route; nginx only when every run measured it. */
const sides = (runs: RunData[], pick: (run: RunData, route: Route) => number, routes: Route[] = ['direct', 'gateway', 'nginx']) => ({
  direct: routes.includes('direct') ? runs.map((run) => pick(run, 'direct')) : undefined,
  gateway: runs.map((run) => pick(run, 'gateway')),
  nginx: routes.includes('nginx') && hasNginx(runs) ? runs.map((run) => pick(run, 'nginx')) : undefined,
});
const proxies: Route[] = ['gateway', 'nginx'];

const latency = (timings: Timing[], field: 'totalMs' | 'firstDataMs' | 'firstContentMs', q: 'p50' | 'p99') => quantiles(timings.map((t) => t[field]))[q];

const addedAtMost = (limit: number) => (s: Summary) => s.added <= limit;

/** Builds the table rows from all repetitions. */
export function buildRows(runs: RunData[], memory: MemoryData, rate: number): Row[] {
  const perRequest = (use: CpuUse, count: number) => use.proxyCpuUs / Math.max(1, count);
  const satCpu = (mode: Mode) => (run: RunData, route: Route) => {
    const sat = at(run.saturation[mode], route);
    return perRequest(sat, sat.completed);
  };
  // Per-run ratios (both sides measured back to back), then their median like every other figure.
  const vsNginx = (mode: Mode) => runs.map((run) => (hasNginx(runs) ? satCpu(mode)(run, 'gateway') / satCpu(mode)(run, 'nginx') : Number.NaN));
  // Every pair of every run: each is a ratio measured a moment apart, so their median is the steadiest figure.
  const pairRatios = (
    mode: Mode,
    other:
      | 'nginx'
      | 'baseline'
      | 'responses'
      | 'responsesStored'
      | 'governed'
      | 'governedEverywhere'
      | 'resilient'
      | 'smart'
      | 'observed'
      | 'cached'
      | 'guarded'
      | 'prompted',
  ) => runs.flatMap((run) => run.pairs[mode][other]?.ratios ?? []);
  const hasPairs = (other: 'nginx' | 'baseline') => runs.some((run) => run.pairs.plain[other] !== undefined);
  const rows: Row[] = [
    {
      metric: 'Max throughput, non-streamed',
      unit: 'req/s',
      ...sides(runs, (run, route) => at(run.saturation.plain, route).rps),
      goal: { text: `≥ ${GOALS.rps.toLocaleString('en-US')} req/s`, met: (s) => s.gateway >= GOALS.rps },
    },
    { metric: 'Max throughput, streamed', unit: 'req/s', ...sides(runs, (run, route) => at(run.saturation.stream, route).rps) },
    {
      metric: 'Proxy CPU per request at saturation, non-streamed',
      unit: 'µs',
      ...sides(runs, satCpu('plain'), proxies),
      goal: { text: `≤ ${GOALS.cpuUs} µs`, met: (s) => s.gateway <= GOALS.cpuUs },
    },
    { metric: 'Proxy CPU per request at saturation, streamed', unit: 'µs', ...sides(runs, satCpu('stream'), proxies) },
    {
      metric: "Gateway CPU per request ÷ nginx's, non-streamed (median of paired windows)",
      unit: '×',
      gateway: pairRatios('plain', 'nginx'),
      goal: { text: `≤ ${GOALS.cpuVsNginx}× nginx's (same run)`, met: (s) => s.gateway <= GOALS.cpuVsNginx },
    },
    { metric: "Gateway CPU per request ÷ nginx's, streamed (median of paired windows)", unit: '×', gateway: pairRatios('stream', 'nginx') },
    ...(hasPairs('baseline')
      ? [
          {
            metric: "Gateway CPU per request ÷ the baseline build's, non-streamed (paired windows)",
            unit: '×' as const,
            gateway: pairRatios('plain', 'baseline'),
            goal: { text: '≤ 1.0× (not slower)', met: (s: Summary) => s.gateway <= 1 },
          },
          {
            metric: "Gateway CPU per request ÷ the baseline build's, streamed (paired windows)",
            unit: '×' as const,
            gateway: pairRatios('stream', 'baseline'),
            goal: { text: '≤ 1.0× (not slower)', met: (s: Summary) => s.gateway <= 1 },
          },
        ]
      : []),
    {
      metric: 'Responses API call ÷ the same Chat Completions call, gateway CPU per request, non-streamed (paired windows)',
      unit: '×',
      gateway: pairRatios('plain', 'responses'),
      goal: { text: `≤ ${GOALS.responsesVsChat}×`, met: (s) => s.gateway <= GOALS.responsesVsChat },
    },
    {
      metric: 'Responses API call ÷ the same Chat Completions call, gateway CPU per request, streamed (paired windows)',
      unit: '×',
      gateway: pairRatios('stream', 'responses'),
      goal: { text: `≤ ${GOALS.responsesVsChat}×`, met: (s) => s.gateway <= GOALS.responsesVsChat },
    },
    {
      metric: 'Responses API call with store: true (saved for previous_response_id) ÷ the Chat Completions call, non-streamed',
      unit: '×',
      gateway: pairRatios('plain', 'responsesStored'),
    },
    {
      metric:
        'Governed call (virtual key with rpm, tpm and concurrency limits and a USD budget, in-process counters) ÷ open call, gateway CPU per request, non-streamed (paired windows)',
      unit: '×',
      gateway: pairRatios('plain', 'governed'),
      goal: { text: `≤ ${GOALS.governedVsOpen}×`, met: (s) => s.gateway <= GOALS.governedVsOpen },
    },
    {
      metric: 'Governed call ÷ open call, gateway CPU per request, streamed (paired windows)',
      unit: '×',
      gateway: pairRatios('stream', 'governed'),
      goal: { text: `≤ ${GOALS.governedVsOpen}×`, met: (s) => s.gateway <= GOALS.governedVsOpen },
    },
    {
      metric: 'Governed call with limits and budgets on the key, its project and its team (three of each counter) ÷ open call, non-streamed (paired windows)',
      unit: '×',
      gateway: pairRatios('plain', 'governedEverywhere'),
    },
    {
      metric: `Governed call's p50 − open call's p50 at ${rate} req/s, non-streamed (same run)`,
      unit: 'ms',
      gateway: runs.map((run) => {
        const open = latency(at(run.fixedRate.plain, 'gateway').timings, 'totalMs', 'p50');
        const withKey = run.governedFixedRate.plain;
        return withKey ? latency(withKey.timings, 'totalMs', 'p50') - open : Number.NaN;
      }),
      goal: { text: `≤ ${GOALS.governedAddedP50Ms} ms`, met: (s) => s.gateway <= GOALS.governedAddedP50Ms },
    },
    {
      metric:
        'Least-latency strategy with a breaker and retries ÷ plain ordered fallback (two healthy targets), gateway CPU per request, non-streamed (paired windows)',
      unit: '×',
      gateway: pairRatios('plain', 'resilient'),
      goal: { text: `≤ ${GOALS.resilientVsFallback}×`, met: (s) => s.gateway <= GOALS.resilientVsFallback },
    },
    {
      metric: 'Least-latency strategy with a breaker and retries ÷ plain ordered fallback, streamed (paired windows)',
      unit: '×',
      gateway: pairRatios('stream', 'resilient'),
      goal: { text: `≤ ${GOALS.resilientVsFallback}×`, met: (s) => s.gateway <= GOALS.resilientVsFallback },
    },
    {
      metric:
        'Smart router (prompt features and the learned model per request) ÷ plain ordered fallback, gateway CPU per request, non-streamed (paired windows)',
      unit: '×',
      gateway: pairRatios('plain', 'smart'),
      goal: { text: `≤ ${GOALS.smartVsFallback}×`, met: (s) => s.gateway <= GOALS.smartVsFallback },
    },
    {
      metric:
        'Tracing (OTLP/protobuf export, default sampling) and metrics (/metrics and OTLP push) on ÷ off, gateway CPU per request, non-streamed (paired windows, two gateways of this build)',
      unit: '×',
      gateway: pairRatios('plain', 'observed'),
      goal: { text: `≤ ${GOALS.observedVsQuiet}×`, met: (s) => s.gateway <= GOALS.observedVsQuiet },
    },
    {
      metric: 'Tracing and metrics on ÷ off, streamed (paired windows)',
      unit: '×',
      gateway: pairRatios('stream', 'observed'),
      goal: { text: `≤ ${GOALS.observedVsQuiet}×`, met: (s) => s.gateway <= GOALS.observedVsQuiet },
    },
    ...(['plain', 'stream'] as const).map(
      (mode): Row => ({
        metric: `Tracing and metrics on: p50 − off's p50 at ${rate} req/s, ${mode === 'plain' ? 'non-streamed (total)' : 'streamed (first byte)'} (same run)`,
        unit: 'ms',
        gateway: runs.map((run) => {
          const both = run.observedFixedRate[mode];
          const field = mode === 'plain' ? 'totalMs' : 'firstDataMs';
          return both ? latency(both.observed.timings, field, 'p50') - latency(both.quiet.timings, field, 'p50') : Number.NaN;
        }),
        goal: { text: `≤ ${GOALS.observedAddedP50Ms} ms`, met: (s: Summary) => s.gateway <= GOALS.observedAddedP50Ms },
      }),
    ),
    {
      metric: 'Exact cache hit ÷ uncached call (the miss path), gateway CPU per request, non-streamed (paired windows)',
      unit: '×',
      gateway: pairRatios('plain', 'cached'),
    },
    { metric: 'Exact cache hit ÷ uncached call, streamed (paired windows)', unit: '×', gateway: pairRatios('stream', 'cached') },
    ...(['plain', 'stream'] as const).map(
      (mode): Row => ({
        metric: `Exact cache hit's client-side p50 (one loopback hop and the load generator included) ÷ the gateway's added p50 on a miss (gateway p50 − direct p50) at ${rate} req/s, ${mode === 'plain' ? 'non-streamed (total)' : 'streamed (first byte)'} (same run)`,
        unit: '×',
        gateway: runs.map((run) => {
          const hits = run.cachedFixedRate[mode];
          const field = mode === 'plain' ? 'totalMs' : 'firstDataMs';
          const overhead = latency(at(run.fixedRate[mode], 'gateway').timings, field, 'p50') - latency(at(run.fixedRate[mode], 'direct').timings, field, 'p50');
          return hits && overhead > 0 ? latency(hits.timings, field, 'p50') / overhead : Number.NaN;
        }),
      }),
    ),
    ...guardedRows(runs, rate, pairRatios),
    ...(['plain', 'stream'] as const).map(
      (mode): Row => ({
        metric: `Stored prompt (resolved and rendered in prepare) ÷ the same messages inline, gateway CPU per request, ${mode === 'plain' ? 'non-streamed' : 'streamed'} (paired windows)`,
        unit: '×',
        gateway: pairRatios(mode, 'prompted'),
        goal: { text: `≤ ${GOALS.promptedVsInline}×`, met: (s: Summary) => s.gateway <= GOALS.promptedVsInline },
      }),
    ),
    { metric: "Gateway CPU per request ÷ nginx's, non-streamed (one saturation window each per run)", unit: '×', gateway: vsNginx('plain') },
    {
      metric: "Proxy's share of its core at saturation, non-streamed",
      unit: '%',
      ...sides(
        runs,
        (run, route) => {
          const sat = at(run.saturation.plain, route);
          return (100 * sat.proxyCpuUs) / sat.wallUs;
        },
        proxies,
      ),
    },
    {
      metric: 'Simulator + load core busy at saturation, non-streamed',
      unit: '%',
      ...sides(runs, (run, route) => at(run.saturation.plain, route).loadCoreBusyPct),
    },
    {
      metric: `Proxy CPU per request at ${rate} req/s, non-streamed`,
      unit: 'µs',
      ...sides(
        runs,
        (run, route) => {
          const use = at(run.fixedRate.plain, route);
          return perRequest(use, use.timings.length);
        },
        proxies,
      ),
    },
  ];
  const latencyRow = (metric: string, kind: 'fixedRate' | 'sequential', mode: Mode, field: 'totalMs' | 'firstDataMs', q: 'p50' | 'p99', goal?: Row['goal']) =>
    rows.push({ metric, unit: 'ms', added: true, ...sides(runs, (run, route) => latency(at(run[kind][mode], route).timings, field, q)), goal });
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

/**
 * Issue 11's rows: the guarded alias against the same call with no guards on the same gateway,
 * in paired CPU windows per mode and at the fixed rate (p50 differences within one run).
 */
function guardedRows(runs: RunData[], rate: number, pairRatios: (mode: Mode, other: 'guarded') => number[]): Row[] {
  const added = (mode: Mode, field: 'totalMs' | 'firstDataMs' | 'firstContentMs') =>
    runs.map((run) => {
      const guarded = run.guardedFixedRate[mode];
      return guarded ? latency(guarded.timings, field, 'p50') - latency(at(run.fixedRate[mode], 'gateway').timings, field, 'p50') : Number.NaN;
    });
  const cpuGoal = { text: `≤ ${GOALS.guardedVsOpen}×`, met: (s: Summary) => s.gateway <= GOALS.guardedVsOpen };
  return [
    {
      metric:
        'Guardrails (built-in PII on input and output, redact; prompt injection on input, block) ÷ no guards, gateway CPU per request, non-streamed (paired windows)',
      unit: '×',
      gateway: pairRatios('plain', 'guarded'),
      goal: cpuGoal,
    },
    {
      metric: 'Guardrails ÷ no guards, gateway CPU per request, streamed (paired windows)',
      unit: '×',
      gateway: pairRatios('stream', 'guarded'),
      goal: cpuGoal,
    },
    {
      metric: `Guardrails: first streamed byte p50 − no guards' p50 at ${rate} req/s (same run)`,
      unit: 'ms',
      gateway: added('stream', 'firstDataMs'),
      goal: { text: `≤ ${GOALS.guardedFirstByteAddedMs} ms`, met: (s) => s.gateway <= GOALS.guardedFirstByteAddedMs },
    },
    { metric: `Guardrails: p50 − no guards' p50 at ${rate} req/s, non-streamed (total) (same run)`, unit: 'ms', gateway: added('plain', 'totalMs') },
    {
      metric: `Guardrails: first streamed answer text (not the role chunk) p50 − no guards' p50 at ${rate} req/s (same run; the output guard holds about 130 characters back)`,
      unit: 'ms',
      gateway: added('stream', 'firstContentMs'),
    },
  ];
}

/** The largest share of a core that other processes took in any window of any run. */
export function worstInterference(runs: RunData[], core: 'gateway' | 'load'): { pct: number; where: string } {
  let worst = { pct: Number.NaN, where: '' };
  for (const [i, run] of runs.entries()) {
    for (const kind of ['saturation', 'fixedRate', 'sequential'] as const) {
      for (const mode of ['plain', 'stream'] as const) {
        // The gateway's core only matters while a proxy on it carries the load.
        const measured: Sides<CpuUse> = run[kind][mode];
        const routes = routesOf(measured).filter((route) => core === 'load' || route !== 'direct');
        for (const route of routes) {
          const use = at(measured, route);
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
      for (const route of ['direct', 'nginx', 'gateway'] as const) {
        const errors = runs.reduce((sum, run) => sum + (run[kind][mode][route]?.errors ?? 0), 0);
        if (errors > 0) out.push(`${errors} failed requests in ${kind} ${mode} ${route}`);
      }
    }
  }
  // A guard that refused the bench body would leave the guarded rows measuring error answers.
  for (const mode of ['plain', 'stream'] as const) {
    const errors = runs.reduce((sum, run) => sum + (run.guardedFixedRate[mode]?.errors ?? 0), 0);
    if (errors > 0) out.push(`${errors} failed requests in fixedRate ${mode} gateway, guarded alias`);
  }
  return out;
}
