/**
 * Starts the simulator and the gateway as separate processes, each pinned to its core with
 * `taskset`, so the gateway's CPU figures are its own and nothing else competes for its core.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';

/** The API key the simulator's OpenAI family expects. */
export const SIM_KEY = 'sim-key';
/** The model alias the gateway exposes for the benchmark. */
export const BENCH_MODEL = 'bench';
/** The upstream model name behind it. */
export const UPSTREAM_MODEL = 'sim-small';
/** Issue 8's side-by-side aliases: plain ordered fallback, a strategy with a breaker and retries, and the smart router. */
export const ROUTING_MODELS = { fallback: 'bench-fallback', resilient: 'bench-resilient', smart: 'bench-smart' } as const;
/** Issue 10's alias with the exact response cache on: the bench repeats one body, so every call after the first is a hit. */
export const CACHED_MODEL = 'bench-cached';
/** Issue 11's alias with the built-in guards on (PII in and out, prompt injection in); every other alias runs with none. */
export const GUARDED_MODEL = 'bench-guarded';

/** The CLI entry the benchmark runs unless told otherwise (TypeScript through tsx's loader). */
export const DEFAULT_CLI = resolve(import.meta.dirname, '../../bin/switchboard.js');

/** A started child process. */
export interface Service {
  pid: number;
  url: string;
  stop(): Promise<void>;
}

/** Which cores things run on; undefined cores mean "not pinned" (no taskset, or one core). */
export interface Pinning {
  gatewayCore?: number;
  loadCore?: number;
  note: string;
}

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Decides the cores and pins this process (and so its future children) to the load core. */
export function pinSelf(cores: number): Pinning {
  if (cores < 2) return { note: 'not pinned: fewer than 2 cores' };
  if (!hasTaskset()) return { note: 'not pinned: taskset not found' };
  // -a: every thread of this process (V8 and libuv threads too); children inherit the mask.
  execFileSync('taskset', ['-a', '-p', '-c', '1', String(process.pid)], { stdio: 'ignore' });
  return { gatewayCore: 0, loadCore: 1, note: 'gateway on core 0; simulator and load generators on core 1 (taskset)' };
}

/** Prefixes a command with taskset when a core is given. */
export function pinned(core: number | undefined, command: string, args: string[]): [string, string[]] {
  return core === undefined ? [command, args] : ['taskset', ['-c', String(core), command, ...args]];
}

function waitForUrl(child: ChildProcess, pattern: RegExp, what: string): Promise<string> {
  return new Promise((resolveUrl, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start in 20 s:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = pattern.exec(output);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]!);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with code ${code}:\n${output}`));
    });
  });
}

function stopper(child: ChildProcess): () => Promise<void> {
  // If the bench exits without stopping the child (an error, a signal), kill it on the way out.
  const onExit = () => child.kill('SIGKILL');
  process.once('exit', onExit);
  return () =>
    new Promise((done) => {
      process.removeListener('exit', onExit);
      if (child.exitCode !== null || child.signalCode !== null) return done();
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => {
        clearTimeout(timer);
        done();
      });
      child.kill('SIGTERM');
    });
}

/** The node flags of the entry's shebang (`#!/usr/bin/env -S node FLAGS`), so the bench runs it as `npx switchboard` does. */
function shebangFlags(cli: string): string[] {
  const first = readFileSync(cli, 'utf8').split('\n', 1)[0] ?? '';
  const match = /^#!.*\bnode\s+(.*)$/.exec(first);
  return match ? match[1]!.trim().split(/\s+/) : [];
}

async function start(cli: string, core: number | undefined, args: string[], pattern: RegExp, what: string, nodeFlags: string[] = []): Promise<Service> {
  const [command, argv] = pinned(core, process.execPath, [...shebangFlags(cli), ...nodeFlags, cli, ...args]);
  const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await waitForUrl(child, pattern, what);
  // taskset execs the command, so the child's pid is node's pid.
  return { pid: child.pid!, url, stop: stopper(child) };
}

/** Starts `switchboard simulate` on a free port. */
export function startSimulatorProcess(core: number | undefined, cli = DEFAULT_CLI): Promise<Service> {
  return start(cli, core, ['simulate', '--port', '0'], /simulator listening on (http:\/\/\S+)/, 'simulator');
}

/** Options for the gateway process. */
export interface GatewayOptions {
  core: number | undefined;
  simulatorUrl: string;
  /** Extra node flags for the gateway only, e.g. ["--cpu-prof", "--cpu-prof-dir=/tmp/prof"] (not allowed in NODE_OPTIONS). */
  nodeFlags?: string[];
  /** The switchboard entry to run (default: bin/switchboard.js), e.g. a compiled build. */
  cli?: string;
  /** Turn the request log off (diagnosis only: the real path includes it). */
  noRequestLog?: boolean;
  /** A build from before governance, whose config has no `governance:` block. */
  beforeGovernance?: boolean;
  /** A build from before routing (issue 8), whose config has no strategies or breakers. */
  beforeRouting?: boolean;
  /** A build from before guardrails (issue 11), whose config has no `guardrails:` list. */
  beforeGuardrails?: boolean;
  /**
   * Issue 9's comparison: `quiet` turns tracing and metrics off; `{ otlp }` exports traces (at the
   * default sampling) and metrics to that OTLP endpoint and serves /metrics. Unset: the defaults.
   */
  observability?: 'quiet' | { otlp: string };
}

/** The observability block of each side of issue 9's comparison. */
function observabilityConfig(side: GatewayOptions['observability']): Record<string, unknown> {
  if (side === undefined) return {};
  if (side === 'quiet') return { observability: { traces: { enabled: false }, metrics: { prometheus: false, otlp_interval_ms: 0 } } };
  return { observability: { otlp: { endpoint: side.otlp, protocol: 'http/protobuf' }, metrics: { prometheus: true } } };
}

/** A started gateway, with the storage URL its config names. */
export interface GatewayService extends Service {
  storage: string;
}

/** Two healthy targets each: plain ordered fallback (no breaker, each target once) against least-latency with a breaker and retries, and the smart router. */
function routingModels(): Record<string, unknown>[] {
  const targets = [
    { provider: 'sim', model: UPSTREAM_MODEL },
    { provider: 'sim', model: UPSTREAM_MODEL },
  ];
  return [
    { name: ROUTING_MODELS.fallback, strategy: 'fallback', targets, retries: { max_attempts: 2 }, breaker: false },
    { name: ROUTING_MODELS.resilient, strategy: 'least-latency', targets, retries: { max_attempts: 3 } },
    { name: ROUTING_MODELS.smart, strategy: 'smart', targets },
    { name: CACHED_MODEL, targets: [{ provider: 'sim', model: UPSTREAM_MODEL }], cache: { mode: 'exact' } },
  ];
}

/**
 * Issue 11's guards, scoped to the guarded alias so every other alias is the "no guards" side:
 * the built-in PII detector on the request and the answer (redact) and the injection classifier
 * on the request (block). The bench body holds no PII and is no attack, so both sides answer alike.
 */
export function benchGuardrails(): Record<string, unknown>[] {
  const appliesTo = { aliases: [GUARDED_MODEL] };
  return [
    { name: 'bench-pii', type: 'pii', on: ['input', 'output'], action: 'redact', applies_to: appliesTo },
    { name: 'bench-injection', type: 'prompt_injection', on: ['input'], action: 'block', applies_to: appliesTo },
  ];
}

/** Writes a one-provider config to a temp dir and starts `switchboard serve` with it. */
export async function startGatewayProcess(options: GatewayOptions): Promise<GatewayService> {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-'));
  const config = {
    server: { host: '127.0.0.1', port: 0 },
    storage: `sqlite:${join(dir, 'switchboard.db')}`,
    request_log: { enabled: !options.noRequestLog },
    ...observabilityConfig(options.observability),
    ...(options.beforeGovernance ? {} : { governance: { spill_file: join(dir, 'ledger-spill.jsonl') } }),
    // gpt-4o-mini's list prices, so the governed side's budgets have a price to reserve against.
    providers: [
      { id: 'sim', type: 'openai', api_key: SIM_KEY, base_url: `${options.simulatorUrl}/v1`, prices: { [UPSTREAM_MODEL]: { input: 0.15, output: 0.6 } } },
    ],
    models: [
      { name: BENCH_MODEL, targets: [{ provider: 'sim', model: UPSTREAM_MODEL }] },
      ...(options.beforeRouting ? [] : routingModels()),
      // The same single target as the plain alias, so the guards are the only difference.
      ...(options.beforeGuardrails ? [] : [{ name: GUARDED_MODEL, targets: [{ provider: 'sim', model: UPSTREAM_MODEL }] }]),
    ],
    ...(options.beforeGuardrails ? {} : { guardrails: benchGuardrails() }),
  };
  const file = join(dir, 'config.yaml');
  writeFileSync(file, stringify(config));
  // Also on an exit that skips stop() (an error, a signal).
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  process.once('exit', removeDir);
  const service = await start(
    options.cli ?? DEFAULT_CLI,
    options.core,
    ['serve', '--config', file],
    /gateway listening on (http:\/\/\S+)/,
    'gateway',
    options.nodeFlags,
  );
  return {
    ...service,
    storage: config.storage,
    async stop() {
      await service.stop();
      process.removeListener('exit', removeDir);
      removeDir();
    },
  };
}

/** The CPU list a process may run on, as taskset reports it (for the report). */
export function affinityOf(pid: number): string {
  try {
    return execFileSync('taskset', ['-c', '-p', String(pid)], { encoding: 'utf8' })
      .split(':')
      .pop()!
      .trim();
  } catch {
    return 'unknown';
  }
}
