/**
 * A private redis-server child process for outage tests: started on a given port without
 * persistence, killed hard (SIGKILL, as a crash or a network cut looks to a client), and started
 * again on the same port. Its data is gone after a kill, as after a real crash without persistence.
 */
import { type ChildProcess, spawn } from 'node:child_process';

/** A running redis-server. */
export interface RedisServer {
  port: number;
  url: string;
  process: ChildProcess;
}

/** Starts redis-server on 127.0.0.1:port and resolves once it accepts connections. */
export function startRedisServer(port: number, timeoutMs = 10_000): Promise<RedisServer> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`redis-server did not start in ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        // Keep draining its output so a chatty server never blocks on a full pipe.
        child.stdout!.resume();
        resolve({ port, url: `redis://127.0.0.1:${port}`, process: child });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code} before it was ready:\n${output}`));
    });
  });
}

/** Kills the server with SIGKILL and waits for the process to be gone. */
export async function killRedisServer(server: RedisServer): Promise<void> {
  if (server.process.exitCode !== null || server.process.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => server.process.once('exit', () => resolve()));
  server.process.kill('SIGKILL');
  await exited;
}
