/**
 * Several gateway processes on one config, as a deployment runs them behind a load balancer:
 * each is `switchboard serve --port 0` in its own process, sharing whatever the config names
 * (PostgreSQL, Redis). Production code never imports this.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = new URL('../..', import.meta.url).pathname;

/** A running replica. */
export interface Replica {
  url: string;
  process: ChildProcess;
}

/** Starts one replica and waits for its "listening on" line. */
export function startReplica(configFile: string, timeoutMs = 30_000): Promise<Replica> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/switchboard.js'), 'serve', '--config', configFile, '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`replica did not start in ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /gateway listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        resolve({ url: match[1]!, process: child });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`replica exited with ${code} before listening:\n${output}`));
    });
  });
}

/** Stops a replica gracefully (SIGTERM: it flushes its queues), then waits for it to exit. */
export async function stopReplica(replica: Replica): Promise<void> {
  if (replica.process.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => replica.process.once('exit', () => resolve()));
  replica.process.kill('SIGTERM');
  const timer = setTimeout(() => replica.process.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
