/**
 * Test harness: starts the provider simulator and a gateway in-process, with a config written to
 * a temporary file, exactly as `switchboard serve` would load it. Production code never imports this.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { type RunningGateway, type StartOptions, startGateway } from '../app/gateway.js';
import { type RunningSimulator, startSimulator } from '../simulator/server.js';

/** A running simulator + gateway pair. */
export interface TestStack {
  gateway: RunningGateway;
  simulator: RunningSimulator;
  /** Gateway base URL, e.g. http://127.0.0.1:PORT */
  url: string;
  /** The temporary folder holding config and SQLite file. */
  dir: string;
  close(): Promise<void>;
}

/** Config fragments; `${SIM}` in any string is replaced with the simulator's URL. */
export interface StackConfig {
  providers: Array<Record<string, unknown>>;
  /** Model aliases as the config writes them (targets, strategy, retries, fallbacks, ...). */
  models?: Array<{ name: string; targets: Array<Record<string, unknown> & { provider: string; model: string }> } & Record<string, unknown>>;
  extra?: Record<string, unknown>;
  /** Hooks added after the built-in ones (e.g. an authenticate hook that sets the caller's project). */
  extraHooks?: StartOptions['extraHooks'];
}

function substitute(value: unknown, sim: string): unknown {
  if (typeof value === 'string') return value.replaceAll('${SIM}', sim);
  if (Array.isArray(value)) return value.map((v) => substitute(v, sim));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, sim)]));
  return value;
}

/** Starts a simulator and a gateway on free loopback ports. */
export async function startStack(config: StackConfig): Promise<TestStack> {
  const simulator = await startSimulator({ port: 0 });
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-test-'));
  const file = join(dir, 'config.yaml');
  const body = substitute(
    {
      server: { host: '127.0.0.1', port: 0 },
      storage: `sqlite:${join(dir, 'switchboard.db')}`,
      request_log: { enabled: true, flush_interval_ms: 50, max_batch: 100 },
      images: { allow_private_addresses: true },
      providers: config.providers,
      models: config.models ?? [],
      ...config.extra,
    },
    simulator.url,
  );
  writeFileSync(file, stringify(body));
  const gateway = await startGateway({ configFile: file, env: {}, extraHooks: config.extraHooks });
  return {
    gateway,
    simulator,
    url: gateway.url,
    dir,
    async close() {
      await gateway.close();
      await simulator.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
