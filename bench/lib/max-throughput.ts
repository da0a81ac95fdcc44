/**
 * Closed-loop saturation load: N keep-alive connections, each sending its next request as soon as
 * the previous answer is read. Uses wrk when installed (C, so it leaves more of the shared core
 * to the simulator), otherwise autocannon (an npm devDependency), each in a child process.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pinned } from './processes.js';
import type { Target } from './workload.js';

/** The outcome of one saturation run. */
export interface ThroughputResult {
  /** Requests answered with 2xx. */
  completed: number;
  /** Non-2xx answers, socket errors and timeouts. */
  errors: number;
  seconds: number;
  rps: number;
}

/** Which tool generates the closed-loop load. */
export interface LoadTool {
  name: string;
  run(target: Target, connections: number, seconds: number, core: number | undefined): Promise<ThroughputResult>;
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${command} failed: ${err.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

function luaString(text: string): string {
  return JSON.stringify(text); // JSON string escapes are valid Lua string escapes for this ASCII body.
}

const wrk: LoadTool = {
  name: 'wrk',
  async run(target, connections, seconds, core) {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-wrk-'));
    const script = join(dir, 'post.lua');
    const headerLines = Object.entries(target.headers).map(([k, v]) => `wrk.headers[${luaString(k)}] = ${luaString(v)}`);
    writeFileSync(script, ['wrk.method = "POST"', `wrk.body = ${luaString(target.body)}`, ...headerLines].join('\n'));
    try {
      const args = ['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '10s', '-s', script, target.url];
      const out = await run(...pinned(core, 'wrk', args));
      const done = /(\d+) requests in ([\d.]+)(m?s)/.exec(out);
      if (!done) throw new Error(`unexpected wrk output:\n${out}`);
      const total = Number(done[1]);
      const secs = Number(done[2]) / (done[3] === 'ms' ? 1000 : 1);
      const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
      const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
      const socketErrors = socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
      const completed = total - non2xx;
      return { completed, errors: non2xx + socketErrors, seconds: secs, rps: completed / secs };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

const autocannon: LoadTool = {
  name: 'autocannon',
  async run(target, connections, seconds, core) {
    const cli = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
    const headers = Object.entries(target.headers).flatMap(([k, v]) => ['-H', `${k}=${v}`]);
    const args = [cli, '--json', '-c', String(connections), '-d', String(seconds), '-m', 'POST', ...headers, '-b', target.body, target.url];
    const out = await run(...pinned(core, process.execPath, args));
    const result = JSON.parse(out.trim().split('\n').pop()!) as { '2xx': number; non2xx: number; errors: number; timeouts: number; duration: number };
    const completed = result['2xx'];
    return { completed, errors: result.non2xx + result.errors + result.timeouts, seconds: result.duration, rps: completed / result.duration };
  },
};

/** wrk when it is on the PATH (or `prefer` is 'autocannon'), else autocannon. */
export function pickLoadTool(prefer?: string): LoadTool {
  if (prefer === 'autocannon') return autocannon;
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return wrk;
  } catch (err) {
    // wrk --version exits 1 after printing its banner; only a missing binary means "absent".
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return autocannon;
    return wrk;
  }
}

/** A one-line description of the tool's version, for the report. */
export function toolVersion(tool: LoadTool): string {
  if (tool.name === 'autocannon') {
    const pkg = createRequire(import.meta.url)('autocannon/package.json') as { version: string };
    return `autocannon ${pkg.version}`;
  }
  try {
    return execFileSync('wrk', ['--version'], { encoding: 'utf8' }).split('\n')[0]!.trim();
  } catch (err) {
    const out = String((err as { stdout?: unknown }).stdout ?? '');
    return out.split('\n')[0]!.trim().split(' [')[0] || 'wrk';
  }
}
