/**
 * `npm run bench`: the gateway's overhead over a zero-latency upstream. Starts the simulator, the
 * gateway and (when installed) nginx as separate processes (gateway and nginx on core 0,
 * simulator and load on core 1), measures direct-to-simulator, through nginx (the reference
 * proxy) and through the gateway, prints the table and writes BENCHMARKS.md.
 *
 * Options: --quick (~1 min; prints only unless --out is given), --runs N, --retries N (re-measure
 * a window that other processes disturbed), --rate N, --connections N, --tool wrk|autocannon,
 * --out FILE, --no-write, --cpu-prof DIR (profile the gateway), --cli FILE (the gateway's entry,
 * e.g. a compiled build; default bin/switchboard.js), --no-request-log (diagnosis only),
 * --no-nginx (skip the reference proxy), --no-install (do not apt-get install a missing wrk or nginx),
 * --baseline-cli FILE (a second gateway build, e.g. the previous main, compared in paired windows),
 * --pairs N (paired windows per mode and run).
 */
import { execFileSync } from 'node:child_process';
import { basename, dirname, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fixedRate } from './lib/fixed-rate.js';
import { machineInfo } from './lib/machine.js';
import { type LoadTool, pickLoadTool, toolVersion } from './lib/max-throughput.js';
import { CpuWatch } from './lib/cpu-watch.js';
import {
  at,
  buildRows,
  type CpuUse,
  errorCounts,
  type LatencyRun,
  type MemoryData,
  type RunData,
  type SaturationRun,
  type Sides,
  worstInterference,
} from './lib/measurements.js';
import { installMissingTools } from './lib/install-tools.js';
import { createGovernedKeys } from './lib/governed-key.js';
import { promptTarget, pushBenchPrompt } from './lib/bench-prompt.js';
import { findNginx, NGINX_MISSING, type NginxService, startNginx } from './lib/nginx.js';
import { type OtlpSink, startOtlpSink } from './lib/otlp-sink.js';
import { pairedRatios } from './lib/paired.js';
import { cpuMicros, memoryMb } from './lib/proc.js';
import {
  affinityOf,
  CACHED_MODEL,
  type GatewayService,
  GUARDED_MODEL,
  pinSelf,
  ROUTING_MODELS,
  type Service,
  startGatewayProcess,
  startSimulatorProcess,
} from './lib/processes.js';
import { format, markdownReport, markdownTable, writeReport } from './lib/report.js';
import { sequential } from './lib/sequential.js';
import { hitTimeRows, readHitTimes } from './lib/cache-hit-time.js';
import { smokeTest } from './lib/smoke-test.js';
import { measureSemanticLookup, type SemanticFigures, semanticRows } from './lib/semantic-lookup.js';
import { DEFAULT_BUILTIN_THRESHOLD } from '../src/cache/config-schema.js';
import { quantiles } from './lib/stats.js';
import { aliasTarget, governedTarget, type Mode, type Route, responsesTarget, type Target, target } from './lib/workload.js';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    runs: { type: 'string' },
    retries: { type: 'string' },
    rate: { type: 'string', default: '500' },
    connections: { type: 'string', default: '32' },
    tool: { type: 'string' },
    out: { type: 'string' },
    'no-write': { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
    cli: { type: 'string' },
    'no-request-log': { type: 'boolean', default: false },
    'no-nginx': { type: 'boolean', default: false },
    'no-observed': { type: 'boolean', default: false },
    'no-install': { type: 'boolean', default: false },
    'baseline-cli': { type: 'string' },
    pairs: { type: 'string' },
  },
});

const quick = args.quick;
const settings = {
  runs: Number(args.runs ?? (quick ? 1 : 3)),
  retries: Number(args.retries ?? 1),
  rate: Number(args.rate),
  connections: Number(args.connections),
  warmSeconds: quick ? 1 : 2,
  saturationSeconds: quick ? 2 : 4,
  fixedSeconds: quick ? 3 : 6,
  sequentialSeconds: quick ? 1 : 2,
  idleSeconds: 5,
  pairs: Number(args.pairs ?? (quick ? 3 : 4)),
  pairSeconds: quick ? 1 : 2,
};
/** Above this share of a core taken by other processes, the report flags the figures as disturbed. */
const INTERFERENCE_LIMIT_PCT = 5;
const MODES: Mode[] = ['plain', 'stream'];
/** The measured routes, in table order; nginx is added when it is installed and started. */
const ROUTES: Route[] = ['direct', 'gateway'];

const log = (text: string) => process.stderr.write(`bench: ${text}\n`);
const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

type Targets = Record<Mode, Sides<Target>>;
/** The second gateway build (--baseline-cli), when one runs. */
type BaselineTargets = Record<Mode, Target> | undefined;
/** The gateway's target with a virtual key whose limits and budgets apply (set once the key exists). */
let governed: Record<Mode, Target>;
/** The same with limits and budgets on the key, its project and its team (non-streamed only). */
let governedEverywhere: Target;
/** Issue 9's two gateways of this build: tracing and metrics off, and on (unless --no-observed). */
let observedSides: Record<Mode, { quiet: Target; observed: Target }> | undefined;

// Described before pinning: afterwards nproc would count only the load core.
const machine = machineInfo();
const pin = pinSelf(machine.cores);

/**
 * A build path as the report shows it: `BUILD_OF_<commit>/…` when the build is a git checkout,
 * so BENCHMARKS.md names what was compared and not where it sat on one machine.
 */
function portablePath(arg: string): string {
  if (!arg.includes('/')) return arg;
  const file = resolve(arg);
  try {
    const top = execFileSync('git', ['-C', dirname(file), 'rev-parse', '--show-toplevel'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const commit = execFileSync('git', ['-C', top, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return `BUILD_OF_${commit}/${relative(top, file)}`;
  } catch {
    return basename(file);
  }
}

async function saturate(tool: LoadTool, t: Target, watch: CpuWatch): Promise<SaturationRun> {
  const { result, ...cpu } = await watch.measure(t.route, () => tool.run(t, settings.connections, settings.saturationSeconds, pin.loadCore));
  return { ...result, ...cpu };
}

async function latencyRun(watch: CpuWatch, t: Target, action: () => Promise<{ timings: LatencyRun['timings']; errors: number }>): Promise<LatencyRun> {
  const { result, ...cpu } = await watch.measure(t.route, action);
  return { timings: result.timings, errors: result.errors, ...cpu };
}

/** Says whether other processes disturbed the measurement, and how much. */
function interferenceNotes(runs: RunData[]): string[] {
  const notes: string[] = [];
  for (const core of ['gateway', 'load'] as const) {
    const worst = worstInterference(runs, core);
    const name = core === 'gateway' ? "the gateway's (and nginx's) core" : 'the simulator + load core';
    if (!Number.isFinite(worst.pct)) continue;
    if (worst.pct > INTERFERENCE_LIMIT_PCT) {
      notes.push(`**Disturbed:** other processes took up to ${format(worst.pct, '%')} of ${name} (${worst.where}); re-run on a quiet machine.`);
    } else notes.push(`Other processes took at most ${format(worst.pct, '%')} of ${name} in any measured window.`);
  }
  return notes;
}

/** Empty per-mode, per-route slots; the run fills one per measured route. */
function bySide<T>(): Record<Mode, Sides<T>> {
  return { plain: {}, stream: {} } as Record<Mode, Sides<T>>;
}

/** How much of the cores that matter for this route other processes took, in %. */
function disturbance(route: Route, use: CpuUse): number {
  const load = Number.isFinite(use.otherOnLoadCorePct) ? use.otherOnLoadCorePct : 0;
  const gateway = route !== 'direct' && Number.isFinite(use.otherOnGatewayCorePct) ? use.otherOnGatewayCorePct : 0;
  return Math.max(load, gateway);
}

/** Repeats a measurement that other processes disturbed (up to --retries times) and keeps the least disturbed one. */
async function undisturbed<T extends CpuUse>(label: string, route: Route, measure: () => Promise<T>): Promise<T> {
  let best = await measure();
  for (let retry = 1; retry <= settings.retries && disturbance(route, best) > INTERFERENCE_LIMIT_PCT; retry++) {
    log(`${label}: other processes took ${format(disturbance(route, best), '%')} of a core; measuring again (${retry}/${settings.retries})`);
    const again = await measure();
    if (disturbance(route, again) < disturbance(route, best)) best = again;
  }
  return best;
}

/**
 * RSS of a fresh gateway serving the fixed rate (before any saturation run, which grows the heap
 * for good): the memory a gateway needs under moderate load.
 */
async function rssAtRate(target: Target, pid: number): Promise<number> {
  let highest = memoryMb(pid).rss;
  const sampler = setInterval(() => (highest = Math.max(highest, memoryMb(pid).rss)), 200);
  try {
    await fixedRate(target, settings.rate, settings.fixedSeconds);
  } finally {
    clearInterval(sampler);
  }
  return highest;
}

/** The gateway against nginx and the baseline build, in alternating short windows per mode. */
async function pairedRun(index: number, tool: LoadTool, targets: Targets, baseline: BaselineTargets, watch: CpuWatch, run: RunData): Promise<void> {
  const pairSettings = { pairs: settings.pairs, seconds: settings.pairSeconds, connections: settings.connections, loadCore: pin.loadCore };
  for (const mode of MODES) {
    const gateway = at(targets[mode], 'gateway');
    const nginx = targets[mode].nginx;
    if (nginx) {
      const result = await pairedRatios(tool, watch, nginx, gateway, pairSettings);
      run.pairs[mode].nginx = result;
      log(`run ${index}: paired ${mode} gateway ÷ nginx: ${result.ratios.map((r) => r.toFixed(2)).join(', ')}`);
    }
    // The Responses API against the same call in Chat Completions, both on this gateway.
    const responses = await pairedRatios(tool, watch, gateway, responsesTarget(mode, gateway.origin, false), pairSettings);
    run.pairs[mode].responses = responses;
    log(`run ${index}: paired ${mode} responses ÷ chat: ${responses.ratios.map((r) => r.toFixed(3)).join(', ')}`);
    const withKey = await pairedRatios(tool, watch, gateway, governed[mode], pairSettings);
    run.pairs[mode].governed = withKey;
    log(`run ${index}: paired ${mode} governed ÷ open: ${withKey.ratios.map((r) => r.toFixed(3)).join(', ')}`);
    if (mode === 'plain') {
      const everywhere = await pairedRatios(tool, watch, gateway, governedEverywhere, pairSettings);
      run.pairs[mode].governedEverywhere = everywhere;
      log(`run ${index}: paired ${mode} governed on key, project and team ÷ open: ${everywhere.ratios.map((r) => r.toFixed(3)).join(', ')}`);
      const stored = await pairedRatios(tool, watch, gateway, responsesTarget(mode, gateway.origin, true), pairSettings);
      run.pairs[mode].responsesStored = stored;
      log(`run ${index}: paired ${mode} responses (store: true) ÷ chat: ${stored.ratios.map((r) => r.toFixed(3)).join(', ')}`);
    }
    // Issue 8: the routing features against plain ordered fallback, both over two healthy targets.
    const plainFallback = aliasTarget(gateway, ROUTING_MODELS.fallback);
    const resilient = await pairedRatios(tool, watch, plainFallback, aliasTarget(gateway, ROUTING_MODELS.resilient), pairSettings);
    run.pairs[mode].resilient = resilient;
    log(`run ${index}: paired ${mode} least-latency + breaker + retries ÷ plain fallback: ${resilient.ratios.map((r) => r.toFixed(3)).join(', ')}`);
    if (mode === 'plain') {
      const smart = await pairedRatios(tool, watch, plainFallback, aliasTarget(gateway, ROUTING_MODELS.smart), pairSettings);
      run.pairs[mode].smart = smart;
      log(`run ${index}: paired ${mode} smart router ÷ plain fallback: ${smart.ratios.map((r) => r.toFixed(3)).join(', ')}`);
    }
    // Issue 10: every call to the cached alias after the first is an exact hit.
    const cached = await pairedRatios(tool, watch, gateway, aliasTarget(gateway, CACHED_MODEL), pairSettings);
    run.pairs[mode].cached = cached;
    log(`run ${index}: paired ${mode} exact cache hit ÷ uncached: ${cached.ratios.map((r) => r.toFixed(3)).join(', ')}`);
    // Issue 11: the same call on the alias the guards apply to, against the unguarded alias.
    const guarded = await pairedRatios(tool, watch, gateway, aliasTarget(gateway, GUARDED_MODEL), pairSettings);
    run.pairs[mode].guarded = guarded;
    log(`run ${index}: paired ${mode} guarded ÷ open: ${guarded.ratios.map((r) => r.toFixed(3)).join(', ')}`);
    // Issue 12: the same messages from a stored prompt, resolved and rendered in prepare.
    const prompted = await pairedRatios(tool, watch, gateway, promptTarget(gateway), pairSettings);
    run.pairs[mode].prompted = prompted;
    log(`run ${index}: paired ${mode} stored prompt ÷ inline: ${prompted.ratios.map((r) => r.toFixed(3)).join(', ')}`);
    if (observedSides) {
      const observed = await pairedRatios(tool, watch, observedSides[mode].quiet, observedSides[mode].observed, pairSettings);
      run.pairs[mode].observed = observed;
      log(`run ${index}: paired ${mode} tracing + metrics on ÷ off: ${observed.ratios.map((r) => r.toFixed(3)).join(', ')}`);
    }
    if (baseline) {
      const result = await pairedRatios(tool, watch, baseline[mode], gateway, pairSettings);
      run.pairs[mode].baseline = result;
      log(`run ${index}: paired ${mode} gateway ÷ baseline: ${result.ratios.map((r) => r.toFixed(3)).join(', ')}`);
    }
  }
}

async function oneRun(index: number, tool: LoadTool, targets: Targets, baseline: BaselineTargets, watch: CpuWatch, sendLag: number[]): Promise<RunData> {
  const run: RunData = {
    saturation: bySide(),
    fixedRate: bySide(),
    sequential: bySide(),
    pairs: { plain: {}, stream: {} },
    governedFixedRate: {},
    observedFixedRate: {},
    cachedFixedRate: {},
    guardedFixedRate: {},
  };
  for (const mode of MODES) {
    for (const route of ROUTES) {
      const label = `run ${index}: saturation ${mode} ${route}`;
      const sat = await undisturbed(label, route, () => saturate(tool, at(targets[mode], route), watch));
      run.saturation[mode][route] = sat;
      const proxy = route === 'direct' ? '' : `, ${format(sat.proxyCpuUs / Math.max(1, sat.completed), 'µs')}/req`;
      log(
        `${label}: ${format(sat.rps, 'req/s')}${proxy}; gateway core ${format((100 * sat.proxyCpuUs) / sat.wallUs, '%')} ${route} + ${format(sat.otherOnGatewayCorePct, '%')} other; load core ${format(sat.loadCoreBusyPct, '%')} busy, ${format(sat.otherOnLoadCorePct, '%')} other`,
      );
    }
  }
  await pairedRun(index, tool, targets, baseline, watch, run);
  for (const mode of MODES) {
    for (const route of ROUTES) {
      const label = `run ${index}: ${settings.rate} req/s ${mode} ${route}`;
      const t = at(targets[mode], route);
      const measured = await undisturbed(label, route, () =>
        latencyRun(watch, t, async () => {
          const result = await fixedRate(t, settings.rate, settings.fixedSeconds);
          sendLag.push(...result.sendLagMs);
          return result;
        }),
      );
      run.fixedRate[mode][route] = measured;
      const q = quantiles(measured.timings.map((t) => (mode === 'stream' ? t.firstDataMs : t.totalMs)));
      log(`${label}: p50 ${format(q.p50, 'ms')} p99 ${format(q.p99, 'ms')}`);
    }
  }
  // The governed side at the same fixed rate, right after the open side's measurement.
  for (const mode of MODES) {
    const label = `run ${index}: ${settings.rate} req/s ${mode} gateway with a governed key`;
    const measured = await undisturbed(label, 'gateway', () =>
      latencyRun(watch, governed[mode], () => fixedRate(governed[mode], settings.rate, settings.fixedSeconds)),
    );
    run.governedFixedRate[mode] = measured;
    const q = quantiles(measured.timings.map((t) => (mode === 'stream' ? t.firstDataMs : t.totalMs)));
    log(`${label}: p50 ${format(q.p50, 'ms')} p99 ${format(q.p99, 'ms')}`);
  }
  // The guarded alias at the same fixed rate, compared with the open side's run above.
  for (const mode of MODES) {
    const label = `run ${index}: ${settings.rate} req/s ${mode} gateway with guardrails`;
    const guarded = aliasTarget(at(targets[mode], 'gateway'), GUARDED_MODEL);
    const measured = await undisturbed(label, 'gateway', () => latencyRun(watch, guarded, () => fixedRate(guarded, settings.rate, settings.fixedSeconds)));
    run.guardedFixedRate[mode] = measured;
    const open = at(run.fixedRate[mode], 'gateway');
    const p50 = (r: LatencyRun, field: 'totalMs' | 'firstDataMs' | 'firstContentMs') => quantiles(r.timings.map((t) => t[field])).p50;
    const field = mode === 'stream' ? 'firstDataMs' : 'totalMs';
    const content =
      mode === 'stream' ? `; first text p50 ${format(p50(measured, 'firstContentMs'), 'ms')}, open ${format(p50(open, 'firstContentMs'), 'ms')}` : '';
    log(`${label}: p50 ${format(p50(measured, field), 'ms')}, open ${format(p50(open, field), 'ms')}${content}`);
  }
  // The cached alias (every call a hit) at the same fixed rate.
  for (const mode of MODES) {
    const label = `run ${index}: ${settings.rate} req/s ${mode} exact cache hits`;
    const hits = aliasTarget(at(targets[mode], 'gateway'), CACHED_MODEL);
    const measured = await undisturbed(label, 'gateway', () => latencyRun(watch, hits, () => fixedRate(hits, settings.rate, settings.fixedSeconds)));
    run.cachedFixedRate[mode] = measured;
    const q = quantiles(measured.timings.map((t) => (mode === 'stream' ? t.firstDataMs : t.totalMs)));
    log(`${label}: p50 ${format(q.p50, 'ms')} p99 ${format(q.p99, 'ms')}`);
  }
  // Tracing and metrics off, then on, at the same fixed rate, back to back.
  for (const mode of observedSides ? MODES : []) {
    const sides = observedSides![mode];
    const measure = (side: 'quiet' | 'observed') =>
      undisturbed(`run ${index}: ${settings.rate} req/s ${mode} ${side}`, side, () =>
        latencyRun(watch, sides[side], () => fixedRate(sides[side], settings.rate, settings.fixedSeconds)),
      );
    const quiet = await measure('quiet');
    const observed = await measure('observed');
    run.observedFixedRate[mode] = { quiet, observed };
    const p50 = (r: LatencyRun) => quantiles(r.timings.map((t) => (mode === 'stream' ? t.firstDataMs : t.totalMs))).p50;
    log(`run ${index}: ${settings.rate} req/s ${mode}: p50 off ${format(p50(quiet), 'ms')}, on ${format(p50(observed), 'ms')}`);
  }
  for (const mode of MODES) {
    for (const route of ROUTES) {
      const label = `run ${index}: concurrency 1 ${mode} ${route}`;
      const t = at(targets[mode], route);
      run.sequential[mode][route] = await undisturbed(label, route, () => latencyRun(watch, t, () => sequential(t, settings.sequentialSeconds)));
    }
  }
  return run;
}

function runDetails(runs: RunData[]): string {
  const lines = ['| Run | Mode | Route | Saturation | Proxy CPU/req | p50 / p99 at rate | p50 / p99 at concurrency 1 |', '|---|---|---|---:|---:|---:|---:|'];
  runs.forEach((run, i) => {
    for (const mode of MODES) {
      for (const route of ROUTES) {
        const sat = at(run.saturation[mode], route);
        const field = mode === 'stream' ? 'firstDataMs' : 'totalMs';
        const fr = quantiles(at(run.fixedRate[mode], route).timings.map((t) => t[field]));
        const sq = quantiles(at(run.sequential[mode], route).timings.map((t) => t[field]));
        const cpu = format(sat.proxyCpuUs / Math.max(1, sat.completed), 'µs');
        lines.push(
          `| ${i + 1} | ${mode === 'stream' ? 'streamed (first byte)' : 'non-streamed'} | ${route} | ${format(sat.rps, 'req/s')} | ${cpu} | ${format(fr.p50, 'ms')} / ${format(fr.p99, 'ms')} | ${format(sq.p50, 'ms')} / ${format(sq.p99, 'ms')} |`,
        );
      }
    }
  });
  return lines.join('\n');
}

async function main(): Promise<void> {
  const started = performance.now();
  const installed = args['no-install'] ? undefined : installMissingTools();
  if (installed) log(installed);
  const tool = pickLoadTool(args.tool);
  log(`${pin.note}; saturation load with ${tool.name}`);
  const cli = args.cli ? resolve(args.cli) : undefined;
  const simulator = await startSimulatorProcess(pin.loadCore);
  let gateway: GatewayService | undefined;
  let baselineGateway: Service | undefined;
  let quietGateway: Service | undefined;
  let observedGateway: Service | undefined;
  let sink: OtlpSink | undefined;
  let nginx: NginxService | undefined;
  try {
    const profileDir = args['cpu-prof'] ? resolve(args['cpu-prof']) : undefined;
    gateway = await startGatewayProcess({
      core: pin.gatewayCore,
      simulatorUrl: simulator.url,
      cli,
      noRequestLog: args['no-request-log'],
      nodeFlags: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
    });
    if (args['baseline-cli']) {
      baselineGateway = await startGatewayProcess({
        core: pin.gatewayCore,
        simulatorUrl: simulator.url,
        cli: resolve(args['baseline-cli']),
        noRequestLog: args['no-request-log'],
        beforeGovernance: true,
        beforeRouting: true,
        beforeGuardrails: true,
      });
      log(`baseline build: ${resolve(args['baseline-cli'])}`);
    }
    if (!args['no-observed']) {
      sink = await startOtlpSink();
      const common = { core: pin.gatewayCore, simulatorUrl: simulator.url, cli, noRequestLog: args['no-request-log'] };
      quietGateway = await startGatewayProcess({ ...common, observability: 'quiet' });
      observedGateway = await startGatewayProcess({ ...common, observability: { otlp: sink.url } });
    }
    const found = args['no-nginx'] ? undefined : findNginx();
    let reference = args['no-nginx'] ? 'not measured (--no-nginx)' : NGINX_MISSING;
    if (found) {
      nginx = await startNginx(found.bin, found.version, pin.gatewayCore, simulator.url);
      ROUTES.splice(1, 0, 'nginx');
      reference = `${found.version} (${found.bin === 'nginx' ? 'on the PATH' : found.bin}), 1 worker, upstream keepalive, proxy_buffering off, access_log off`;
    }
    log(found ? `reference proxy: ${reference}` : `${reference}; skipping the nginx column`);
    const nginxAffinity = nginx ? `, nginx ${nginx.pids.map(affinityOf).join('+')}` : '';
    const pinning = `${pin.note} (affinity: gateway ${affinityOf(gateway.pid)}${nginxAffinity}, simulator ${affinityOf(simulator.pid)}, load ${affinityOf(process.pid)})`;
    const urls = {
      simulator: simulator.url,
      gateway: gateway.url,
      nginx: nginx?.url,
      baseline: baselineGateway?.url,
      quiet: quietGateway?.url,
      observed: observedGateway?.url,
    };
    const targets: Targets = bySide<Target>();
    for (const mode of MODES) for (const route of ROUTES) targets[mode][route] = target(route, mode, urls);
    const keys = await createGovernedKeys(gateway.storage, gateway.url);
    governed = { plain: governedTarget(at(targets.plain, 'gateway'), keys.key), stream: governedTarget(at(targets.stream, 'gateway'), keys.key) };
    governedEverywhere = governedTarget(at(targets.plain, 'gateway'), keys.all);
    await pushBenchPrompt(at(targets.plain, 'gateway'));
    observedSides =
      quietGateway && observedGateway
        ? {
            plain: { quiet: target('quiet', 'plain', urls), observed: target('observed', 'plain', urls) },
            stream: { quiet: target('quiet', 'stream', urls), observed: target('observed', 'stream', urls) },
          }
        : undefined;
    const baseline: BaselineTargets = baselineGateway ? { plain: target('baseline', 'plain', urls), stream: target('baseline', 'stream', urls) } : undefined;

    await smokeTest(targets, ROUTES);
    const idleBefore = memoryMb(gateway.pid).rss;
    log(`measuring RSS under ${settings.rate} req/s on the fresh gateway`);
    const atRate = await rssAtRate(targets.plain.gateway, gateway.pid);
    log('warming up');
    for (const mode of MODES) for (const route of ROUTES) await tool.run(at(targets[mode], route), settings.connections, settings.warmSeconds, pin.loadCore);
    if (baseline) for (const mode of MODES) await tool.run(baseline[mode], settings.connections, settings.warmSeconds, pin.loadCore);
    for (const mode of observedSides ? MODES : []) {
      for (const side of ['quiet', 'observed'] as const) await tool.run(observedSides![mode][side], settings.connections, settings.warmSeconds, pin.loadCore);
    }

    const watch = new CpuWatch(
      {
        gateway: [gateway.pid],
        ...(nginx ? { nginx: nginx.pids } : {}),
        ...(baselineGateway ? { baseline: [baselineGateway.pid] } : {}),
        ...(quietGateway && observedGateway ? { quiet: [quietGateway.pid], observed: [observedGateway.pid] } : {}),
      },
      simulator.pid,
      pin,
    );
    const runs: RunData[] = [];
    const sendLag: number[] = [];
    for (let i = 1; i <= settings.runs; i++) runs.push(await oneRun(i, tool, targets, baseline, watch, sendLag));

    const afterLoad = memoryMb(gateway.pid);
    const cpuBeforeIdle = cpuMicros(gateway.pid);
    await sleep(settings.idleSeconds * 1000);
    const memory: MemoryData = {
      idleBefore,
      peak: afterLoad.peak,
      afterLoad: afterLoad.rss,
      afterIdle: memoryMb(gateway.pid).rss,
      atRate,
      idleSeconds: settings.idleSeconds,
    };
    const idleCpuMs = (cpuMicros(gateway.pid) - cpuBeforeIdle) / 1000;

    log('measuring the semantic lookup (builtin embedder, 100,000 entries) pinned to the gateway core');
    let semantic: SemanticFigures[] = [];
    try {
      semantic = measureSemanticLookup(pin.gatewayCore, DEFAULT_BUILTIN_THRESHOLD);
    } catch (err) {
      log(`semantic lookup bench failed: ${(err as Error).message}`);
    }
    const hitTimes = readHitTimes(gateway.storage);
    if (hitTimes)
      log(
        `gateway_ms p50 from the request log: plain hit ${hitTimes.plain.hit} vs miss ${hitTimes.plain.miss}; stream hit ${hitTimes.stream.hit} vs miss ${hitTimes.stream.miss}`,
      );
    const rows = [...buildRows(runs, memory, settings.rate), ...hitTimeRows(hitTimes), ...semanticRows(semantic, runs)];
    const lag = quantiles(sendLag);
    const notes = [
      ...(nginx ? [] : [`No nginx column: ${reference}.`]),
      ...errorCounts(runs),
      ...interferenceNotes(runs),
      'Guardrails rows: the alias `bench-guarded` has two guards, `pii` on input and output with `redact` and `prompt_injection` on input with `block`, scoped with `applies_to: { aliases: [bench-guarded] }`; the "no guards" side is the plain alias of the same gateway, so both sides pay the per-request `applies_to` check (a loop over the two guards) and differ only in the guards that run. The bench body holds no PII and is no attack, so the guards pass it (the smoke test checks that, and that an attack on the same alias is blocked). The answer from the simulator (84 characters) is shorter than the text a guarded stream holds back (about 130), so the guarded stream sends its text with the end of the answer: the first-text row shows that hold, the first-byte row does not.',
      'Governed calls use a virtual key with rpm, tpm and concurrency limits and a USD budget (and, in the "key, project and team" row, the same on its project and team) on the in-process counter store, the default. With `redis:` set, each request makes exactly one Redis round trip to admit and one to settle; test/governance/redis-round-trips.test.ts counts them with MONITOR.',
      `Fixed-rate generator's own send lag behind schedule: p50 ${format(lag.p50, 'ms')}, p99 ${format(lag.p99, 'ms')} (included equally in every route's latencies).`,
      `Gateway CPU while idle for ${settings.idleSeconds} s after the load: ${idleCpuMs.toFixed(0)} ms.`,
      ...(sink
        ? [
            `Tracing and metrics rows: two more gateways of this build, one with \`observability: { traces: { enabled: false }, metrics: { prometheus: false, otlp_interval_ms: 0 } }\`, one exporting traces at the default sampling and metrics over OTLP/protobuf to an in-process sink on the load core (${sink.stats().exports.toLocaleString('en-US')} exports, ${(sink.stats().bytes / 1e6).toFixed(1)} MB received) and serving /metrics.`,
          ]
        : []),
      'Saturation throughput is capped by whichever core saturates first. When the load core is near 100 % busy and the gateway core is not, the simulator + load generator were the limit; when neither is, the gateway spent the rest blocked off-CPU (its event loop waiting on synchronous I/O). CPU per request is the steadier measure of gateway cost.',
    ];
    const extra = process.argv.slice(2).map(portablePath);
    const command = `npm run bench${extra.length ? ` -- ${extra.join(' ')}` : ''}`;
    const settingsText = `${settings.runs} run(s); saturation ${settings.saturationSeconds} s × ${settings.connections} connections; fixed rate ${settings.rate} req/s × ${settings.fixedSeconds} s; concurrency 1 × ${settings.sequentialSeconds} s; warm-up ${settings.warmSeconds} s per target; paired windows ${settings.pairs} × ${settings.pairSeconds} s per side, mode and run${args['baseline-cli'] ? ` (baseline build ${portablePath(args['baseline-cli'])})` : ''}; request log ${args['no-request-log'] ? 'OFF' : 'on (SQLite)'}; gateway entry ${cli ?? 'bin/switchboard.js (compiled dist/, built by npm run bench)'} with node flags from its shebang`;

    process.stdout.write(`\n${markdownTable(rows)}\n\n`);
    for (const note of notes) process.stdout.write(`- ${note}\n`);
    const out = args.out ?? (quick || args['no-write'] ? undefined : resolve(import.meta.dirname, '../BENCHMARKS.md'));
    if (out && !args['no-write']) {
      const text = markdownReport(rows, {
        machine,
        command,
        loadTool: toolVersion(tool),
        reference,
        pinning,
        settings: settingsText,
        notes,
        runDetails: runDetails(runs),
      });
      writeReport(out, text);
      log(`wrote ${out}`);
    }
    log(`done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    await nginx?.stop();
    await baselineGateway?.stop();
    await quietGateway?.stop();
    await observedGateway?.stop();
    await sink?.close();
    await gateway?.stop();
    await simulator.stop();
  }
}

// A signal would end the bench without running the finally above: exit instead, so the 'exit'
// hooks kill the child processes (nginx's master and worker included).
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping`);
    process.exit(code);
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
