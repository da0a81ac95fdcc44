/**
 * The chaos harness: one simulator and one gateway in this process, with aliases that exercise
 * issue 8's resilience promises. Faults reach the simulator through each provider's
 * `headers: { x-sim-scenario: … }`, so one provider is chaotic while another on the same
 * simulator is healthy; every request names itself with `[[sim id=…]]` so the simulator's tally
 * can prove what reached a provider.
 *
 * Aliases:
 * - `resilient`: primary (OpenAI format, failing `chaos` of its requests with 429, 500, 529,
 *   hangs and cuts before content) then a healthy secondary (Anthropic format, so fallback
 *   crosses formats); strategy fallback with the issue's retries, timeouts and breaker.
 * - `resilient-down`: a primary that always answers 500 after DOWN_LATENCY_MS, then the
 *   secondary: once the breaker opens, requests should cost what `healthy-only` costs.
 * - `healthy-only`: the secondary alone (the baseline of the breaker measurement).
 * - `cut-after-content`: a primary whose streams are cut after content was sent, then the
 *   secondary, no breaker: the client must get an error event and nothing is sent twice.
 * - `single`: one healthy-by-default target with fast retries, for faults named per request
 *   (`fault=429 retry_after=1 fail_times=1`).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { type RunningGateway, startGateway } from '../../src/app/gateway.js';
import { type RunningSimulator, startSimulator } from '../../src/simulator/server.js';
import { createClient, type LoadOptions, type Outcome, runLoad, sendChat } from './load.js';
import { type Latency, latencyOf, type RunReport, summarize } from './report.js';

/** The tally id every request of the down primary is counted under (its header overrides the request's). */
export const DOWN_PRIMARY_ID = 'down-primary';
/** How long the down primary takes to fail: a skipped primary must not pay it. */
export const DOWN_LATENCY_MS = 25;

/** Options of the harness. */
export interface HarnessOptions {
  /** Share of the chaotic primary's requests that fail (default 0.3). */
  chaos?: number;
  /** Faults chaos draws from (default: the simulator's 429, 500, 529, hang, cut0). */
  chaosMix?: string;
  /** Seed of the simulator's draws (default: the time); print it to reproduce a run. */
  seed?: number;
  /** Per-attempt bound on the time to the first token, which is what a hang costs (default 1000). */
  firstTokenMs?: number;
}

/** A running harness. */
export interface ChaosHarness {
  url: string;
  gateway: RunningGateway;
  simulator: RunningSimulator;
  seed: number;
  /** Runs a load and sums it up. */
  run(label: string, options: LoadOptions): Promise<{ report: RunReport; outcomes: Outcome[] }>;
  close(): Promise<void>;
}

/** The gateway config of the harness; `sim` is the simulator's URL. */
export function harnessConfig(sim: string, options: Required<Pick<HarnessOptions, 'chaos' | 'firstTokenMs'>> & { seed: number; chaosMix?: string }) {
  const chaos = `chaos=${options.chaos} chaos_seed=${options.seed}${options.chaosMix ? ` chaos_mix=${options.chaosMix}` : ''}`;
  const openai = (id: string, scenario?: string) => ({
    id,
    type: 'openai',
    api_key: 'sk-sim',
    base_url: `${sim}/v1`,
    ...(scenario ? { headers: { 'x-sim-scenario': scenario } } : {}),
  });
  const secondary = { provider: 'secondary', model: 'claude-sonnet-4-5' };
  const timeouts = { connect_ms: 1000, first_token_ms: options.firstTokenMs, idle_ms: 5000, total_ms: 30_000 };
  return {
    providers: [
      openai('primary', chaos),
      { id: 'secondary', type: 'anthropic', api_key: 'sk-ant-sim', base_url: sim },
      openai('down', `fault=500 latency_ms=${DOWN_LATENCY_MS} id=${DOWN_PRIMARY_ID}`),
      openai('cutter', 'fault=cut cut_after=3'),
      openai('plain'),
    ],
    models: [
      {
        name: 'resilient',
        strategy: 'fallback',
        targets: [{ provider: 'primary', model: 'gpt-4o' }, secondary],
        retries: { max_attempts: 3, base_delay_ms: 50, max_delay_ms: 500, total_deadline_ms: 20_000 },
        timeouts,
        // A primary failing 30% must stay in rotation (the proof is that its failures are absorbed,
        // not that it was switched off), so only the error rate may open it: 30% is under it. Failures
        // in a row are no guide here: the hangs' timeouts expire together on undici's coarse timer
        // (about 1 s), so at 32 requests in flight they complete in bursts of ten or more.
        breaker: { consecutive_failures: 1000, error_rate: 0.5, window_ms: 30_000, cooldown_ms: 1_000 },
      },
      {
        name: 'resilient-down',
        strategy: 'fallback',
        targets: [{ provider: 'down', model: 'gpt-4o' }, secondary],
        retries: { max_attempts: 3, base_delay_ms: 50, max_delay_ms: 500, total_deadline_ms: 20_000 },
        timeouts,
        // A long cool-down: no half-open probe lands inside the measurement.
        breaker: { consecutive_failures: 3, error_rate: 0.5, window_ms: 30_000, cooldown_ms: 600_000 },
      },
      { name: 'healthy-only', targets: [secondary], timeouts },
      {
        name: 'cut-after-content',
        strategy: 'fallback',
        targets: [{ provider: 'cutter', model: 'gpt-4o' }, secondary],
        retries: { max_attempts: 3, base_delay_ms: 10, max_delay_ms: 50, total_deadline_ms: 20_000 },
        timeouts,
        breaker: false,
      },
      {
        name: 'single',
        targets: [{ provider: 'plain', model: 'gpt-4o' }],
        // A fast backoff: a retry that came after 1 s waited for retry-after, not for the backoff.
        retries: { max_attempts: 3, base_delay_ms: 10, max_delay_ms: 50, total_deadline_ms: 20_000 },
        timeouts,
      },
    ],
  };
}

/** Starts a simulator and a gateway on free loopback ports. */
export async function startChaosHarness(options: HarnessOptions = {}): Promise<ChaosHarness> {
  const seed = (options.seed ?? Date.now()) >>> 0;
  const simulator = await startSimulator({ port: 0, seed, tallyCapacity: 250_000 });
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-chaos-'));
  const file = join(dir, 'config.yaml');
  const config = harnessConfig(simulator.url, {
    chaos: options.chaos ?? 0.3,
    firstTokenMs: options.firstTokenMs ?? 1000,
    seed,
    chaosMix: options.chaosMix,
  });
  writeFileSync(
    file,
    stringify({
      // upstream_timeout_ms is only a safety net: the aliases' own timeouts are what is under test.
      server: { host: '127.0.0.1', port: 0, upstream_timeout_ms: 10_000 },
      storage: `sqlite:${join(dir, 'switchboard.db')}`,
      request_log: { enabled: true, flush_interval_ms: 200, max_batch: 1000 },
      ...config,
    }),
  );
  let gateway: RunningGateway;
  try {
    gateway = await startGateway({ configFile: file, env: {} });
  } catch (err) {
    await simulator.close();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    url: gateway.url,
    gateway,
    simulator,
    seed,
    async run(label, load) {
      const started = performance.now();
      const outcomes = await runLoad(gateway.url, load);
      return { report: summarize(label, outcomes, performance.now() - started), outcomes };
    },
    async close() {
      await gateway.close();
      await simulator.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What a dead primary adds once its breaker is open. */
export interface BreakerOverhead {
  /** `resilient-down` (dead primary, healthy secondary). */
  withDeadPrimary: RunReport;
  /** `healthy-only`, measured interleaved with it. */
  baseline: RunReport;
  /** p99 and p50 latency of the dead-primary alias minus the baseline's. */
  addedP99Ms: number;
  addedP50Ms: number;
  /** Requests the dead primary received during the measurement (after the warm-up). */
  primaryHits: number;
  latency: { withDeadPrimary: Latency; baseline: Latency };
}

/**
 * Measures the breaker-open cost: requests that open the dead primary's breaker, a check that it
 * stays skipped (a measurement is pointless otherwise, and slow: skip it), a warm-up, then
 * `requests` pairs, one request to each alias per pair (order alternating), `concurrency` pairs at
 * a time on one keep-alive pool, so both aliases see the same process, pool and moment.
 */
export async function measureBreakerOverhead(
  harness: ChaosHarness,
  options: { requests: number; concurrency: number; warmup: number; stream?: boolean },
): Promise<BreakerOverhead> {
  const client = createClient(harness.url, options.concurrency * 2);
  const stream = options.stream ?? false;
  const tag = stream ? 's' : 'j';
  const hits = () => harness.simulator.tally(DOWN_PRIMARY_ID)?.count ?? 0;
  const pairs = async (count: number, prefix: string, into?: { dead: Outcome[]; base: Outcome[] }) => {
    let next = 0;
    const worker = async () => {
      while (next < count) {
        const n = next++;
        const order = n % 2 === 0 ? ['resilient-down', 'healthy-only'] : ['healthy-only', 'resilient-down'];
        for (const model of order) {
          const outcome = await sendChat(client, { model, stream, id: `${prefix}-${tag}-${model}-${n}`, timeoutMs: 10_000 });
          (model === 'resilient-down' ? into?.dead : into?.base)?.push(outcome);
        }
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, worker));
  };
  try {
    // Open the breaker: a few requests in a row, each failing on the primary first.
    for (let i = 0; i < 10; i++) await sendChat(client, { model: 'resilient-down', stream, id: `open-${tag}-${i}`, timeoutMs: 10_000 });
    const dead: Outcome[] = [];
    const base: Outcome[] = [];
    const checkStart = hits();
    let started = performance.now();
    await pairs(20, 'check', { dead, base });
    let primaryHits = hits() - checkStart;
    // Still reaching the primary: report the check's figures rather than spend minutes confirming them.
    if (primaryHits <= 1) {
      await pairs(options.warmup, 'warm');
      dead.length = 0;
      base.length = 0;
      const before = hits();
      started = performance.now();
      await pairs(options.requests, 'breaker', { dead, base });
      primaryHits = hits() - before;
    }
    const durationMs = performance.now() - started;
    const suffix = stream ? ', streamed' : '';
    const deadLatency = latencyOf(dead.map((o) => o.latencyMs));
    const baseLatency = latencyOf(base.map((o) => o.latencyMs));
    return {
      withDeadPrimary: summarize(`primary down, breaker open${suffix}`, dead, durationMs),
      baseline: summarize(`healthy target only${suffix}`, base, durationMs),
      addedP99Ms: deadLatency.p99 - baseLatency.p99,
      addedP50Ms: deadLatency.p50 - baseLatency.p50,
      primaryHits,
      latency: { withDeadPrimary: deadLatency, baseline: baseLatency },
    };
  } finally {
    await client.close();
  }
}
