/**
 * `npm run soak:otel`: issue 9's memory soak with the trace exporter's endpoint down. Starts the
 * simulator here and a gateway in a child process (tracing on, every request sampled, OTLP
 * endpoint a closed loopback port), drives steady load at a small concurrency for --minutes,
 * samples the child's RSS and heapUsed (after a full GC) every --interval seconds, and prints a
 * table, the heapUsed slope in MB per minute after the first minute (least squares), the spans
 * dropped, and a verdict: flat when the slope is under --max-slope MB/min. Exits 1 otherwise.
 *
 * Options: --minutes N (default 10), --concurrency N (default 4), --interval S (default 10),
 * --max-slope MB (default 1).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { startSimulator } from '../src/simulator/server.js';
import { closedPort } from '../src/testing/closed-port.js';

interface Sample {
  seconds: number;
  rssMb: number;
  heapMb: number;
  requests: number;
}

function numberOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} wants a positive number, got '${value}'`);
  return n;
}

/** Least-squares slope of y over x. */
function slope(points: readonly { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((a, p) => a + p.x, 0) / n;
  const my = points.reduce((a, p) => a + p.y, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.x - mx) * (p.y - my);
    den += (p.x - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

function nextMessage<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: { type: string }) => {
      if (message.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message as T);
    };
    const onExit = (code: number | null) => reject(new Error(`the gateway exited (${code}) before answering '${type}'`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { minutes: { type: 'string' }, concurrency: { type: 'string' }, interval: { type: 'string' }, 'max-slope': { type: 'string' } },
  });
  const minutes = numberOption(values.minutes, 'minutes', 10);
  const concurrency = Math.round(numberOption(values.concurrency, 'concurrency', 4));
  const intervalS = numberOption(values.interval, 'interval', 10);
  const maxSlope = numberOption(values['max-slope'], 'max-slope', 1);

  const simulator = await startSimulator({ port: 0 });
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-soak-'));
  const configFile = join(dir, 'config.yaml');
  const port = await closedPort();
  writeFileSync(
    configFile,
    stringify({
      server: { host: '127.0.0.1', port: 0 },
      storage: `sqlite:${join(dir, 'switchboard.db')}`,
      providers: [{ id: 'sim', type: 'openai', api_key: 'sk-soak', base_url: `${simulator.url}/v1` }],
      models: [{ name: 'fast', targets: [{ provider: 'sim', model: 'gpt-4o-mini' }] }],
      observability: { otlp: { endpoint: `http://127.0.0.1:${port}`, timeout_ms: 2000 }, traces: { sample_ratio: 1 } },
    }),
  );
  const child = fork(new URL('./soak-otel-gateway.ts', import.meta.url).pathname, [configFile], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const { url } = await nextMessage<{ url: string }>(child, 'ready');
  console.log(`soak: ${minutes} min, concurrency ${concurrency}, OTLP endpoint 127.0.0.1:${port} (closed), gateway pid ${child.pid}`);

  let requests = 0;
  let failures = 0;
  let running = true;
  const body = (stream: boolean) => JSON.stringify({ model: 'fast', stream, messages: [{ role: 'user', content: 'Say hello' }] });
  const worker = async (id: number) => {
    for (let i = 0; running; i++) {
      try {
        const res = await fetch(`${url}/v1/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: body((i + id) % 4 === 0),
        });
        await res.text();
        if (res.status === 200) requests++;
        else failures++;
      } catch {
        failures++;
      }
    }
  };
  const started = performance.now();
  const workers = Array.from({ length: concurrency }, (_, id) => worker(id));
  const samples: Sample[] = [];
  const sample = async () => {
    child.send({ type: 'mem' });
    const mem = await nextMessage<{ rss: number; heapUsed: number }>(child, 'mem');
    const entry = { seconds: (performance.now() - started) / 1000, rssMb: mem.rss / 2 ** 20, heapMb: mem.heapUsed / 2 ** 20, requests };
    samples.push(entry);
    console.log(
      `${entry.seconds.toFixed(0).padStart(6)} s  rss ${entry.rssMb.toFixed(1).padStart(7)} MB  heapUsed ${entry.heapMb.toFixed(1).padStart(7)} MB  requests ${entry.requests}`,
    );
  };
  await sample();
  const end = started + minutes * 60_000;
  while (performance.now() < end) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(intervalS * 1000, Math.max(0, end - performance.now()))));
    await sample();
  }
  running = false;
  await Promise.all(workers);
  const health = (await (await fetch(`${url}/healthz`)).json()) as { traces?: { dropped_spans?: number } };
  child.send({ type: 'stop' });
  await new Promise((resolve) => child.once('exit', resolve));
  await simulator.close();
  rmSync(dir, { recursive: true, force: true });

  const steady = samples.filter((s) => s.seconds >= 60).map((s) => ({ x: s.seconds / 60, y: s.heapMb }));
  const rssSteady = samples.filter((s) => s.seconds >= 60).map((s) => ({ x: s.seconds / 60, y: s.rssMb }));
  const heapSlope = slope(steady);
  console.log('\n| elapsed (s) | RSS (MB) | heapUsed (MB) | requests |\n|---:|---:|---:|---:|');
  for (const s of samples) console.log(`| ${s.seconds.toFixed(0)} | ${s.rssMb.toFixed(1)} | ${s.heapMb.toFixed(1)} | ${s.requests} |`);
  console.log(`\nrequests: ${requests} ok, ${failures} failed; spans dropped (endpoint down): ${health.traces?.dropped_spans ?? 'n/a'}`);
  if (steady.length < 2) {
    console.log('verdict: too short to judge (run at least 2 minutes)');
    return 1;
  }
  console.log(`heapUsed slope after the first minute: ${heapSlope.toFixed(3)} MB/min (RSS: ${slope(rssSteady).toFixed(3)} MB/min)`);
  const flat = heapSlope < maxSlope && failures === 0;
  console.log(`verdict: ${flat ? 'flat' : 'GROWING or failing'} (bound ${maxSlope} MB/min, no failed requests)`);
  return flat ? 0 : 1;
}

process.exitCode = await main();
