/**
 * nginx as the reference proxy: a plain reverse proxy to the simulator (upstream keepalive pool,
 * HTTP/1.1, no response buffering so SSE passes through), one worker, pinned to the gateway's core.
 * Found like wrk: used when installed (on the PATH or in an sbin directory), otherwise skipped
 * with a note; the bench never installs it itself.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pinned, type Service } from './processes.js';

/** What the bench prints when nginx is absent. */
export const NGINX_MISSING = 'nginx not installed: apt-get install nginx';

/** A running nginx: `pid` is the master's; `pids` are the master's and its worker's, whose CPU times add up to nginx's. */
export interface NginxService extends Service {
  pids: number[];
  version: string;
}

/** Where Debian and source builds put nginx; /usr/sbin is often missing from a non-root PATH. */
const CANDIDATES = ['nginx', '/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/local/nginx/sbin/nginx'];

/** `nginx -v` prints its version on stderr; undefined when the binary is missing. */
function versionOf(bin: string): string | undefined {
  const result = spawnSync(bin, ['-v'], { encoding: 'utf8' });
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') return undefined;
  return /nginx version: (\S+)/.exec(`${result.stderr}${result.stdout}`)?.[1] ?? 'nginx';
}

/** The nginx binary and its version (e.g. "nginx/1.22.1"), or undefined when it is not installed. */
export function findNginx(): { bin: string; version: string } | undefined {
  for (const bin of CANDIDATES) {
    const version = versionOf(bin);
    if (version) return { bin, version };
  }
  return undefined;
}

function config(dir: string, port: number, upstream: string): string {
  return `# Written by bench/lib/nginx.ts: a plain reverse proxy to the simulator.
${
  // As root nginx would run its worker as "nobody", which cannot enter this 0700 temp dir.
  process.getuid?.() === 0 ? 'user root;' : ''
}
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  keepalive_requests 1000000;
  upstream simulator {
    server ${upstream};
    keepalive 128;
    keepalive_requests 1000000;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://simulator;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
    }
  }
}
`;
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

/** The pids of a process's children (the nginx worker of a master). */
function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    // Kernels without CONFIG_PROC_CHILDREN: find the processes whose parent is pid.
    const found: number[] = [];
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) found.push(Number(entry));
      } catch {
        // exited meanwhile
      }
    }
    return found;
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

/** Sends SIGKILL to those of the pids that are still nginx processes (never to a reused pid). */
function kill(pids: number[]): void {
  for (const pid of pids) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'nginx') process.kill(pid, 'SIGKILL');
    } catch {
      // already exited
    }
  }
}

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/** Waits until the master listens and has forked its worker; rejects with the error log if nginx exits. */
async function ready(child: ChildProcess, port: number, errors: () => string): Promise<number[]> {
  const deadline = performance.now() + 10_000;
  while (performance.now() < deadline) {
    if (exited(child)) throw new Error(`nginx exited with code ${child.exitCode}:\n${errors()}`);
    const workers = childrenOf(child.pid!);
    if (workers.length > 0 && (await canConnect(port))) return workers;
    await new Promise((done) => setTimeout(done, 50));
  }
  throw new Error(`nginx did not start in 10 s:\n${errors()}`);
}

/** Kills what is left of an nginx if the bench exits without stopping it (an error, a signal, process.exit). */
function killOnExit(child: ChildProcess, dir: string): () => void {
  const hook = () => {
    if (!exited(child)) kill([...childrenOf(child.pid!), child.pid!]);
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', hook);
  return () => process.removeListener('exit', hook);
}

/** Writes the config to a temp dir and starts `nginx -c FILE -g 'daemon off;'` as a child, proxying to `upstreamUrl`. */
export async function startNginx(bin: string, version: string, core: number | undefined, upstreamUrl: string): Promise<NginxService> {
  const upstream = new URL(upstreamUrl).host;
  for (let attempt = 1; ; attempt++) {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-nginx-'));
    const port = await freePort();
    const file = join(dir, 'nginx.conf');
    writeFileSync(file, config(dir, port, upstream));
    // -p keeps relative paths in the temp dir; -e (nginx ≥ 1.19.5) keeps even startup errors out of /var/log.
    const [major = 0, minor = 0, patch = 0] = (/(\d+)\.(\d+)\.(\d+)/.exec(version)?.slice(1) ?? []).map(Number);
    const errorFlag = major * 1e6 + minor * 1e3 + patch >= 1_019_005 ? ['-e', join(dir, 'error.log')] : [];
    const child = spawn(...pinned(core, bin, ['-p', `${dir}/`, ...errorFlag, '-c', file, '-g', 'daemon off;']), { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const forget = killOnExit(child, dir);
    const errors = () => stderr + (existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8') : '');
    let workers: number[];
    try {
      workers = await ready(child, port, errors);
    } catch (err) {
      if (!exited(child)) kill([...childrenOf(child.pid!), child.pid!]);
      forget();
      rmSync(dir, { recursive: true, force: true });
      // The free port may have been taken between probing it and nginx binding it.
      if (attempt < 3 && /Address already in use/.test(String(err))) continue;
      throw err;
    }
    const stop = () =>
      new Promise<void>((done) => {
        const finish = () => {
          clearTimeout(timer);
          kill(workers); // a worker outlives a master that died abruptly
          forget();
          rmSync(dir, { recursive: true, force: true });
          done();
        };
        const timer = setTimeout(() => kill([child.pid!, ...workers]), 10_000);
        if (exited(child)) return finish();
        child.once('exit', finish);
        child.kill('SIGTERM'); // fast shutdown: the master stops its worker and exits
      });
    // taskset execs nginx, so the child's pid is the master's.
    return { pid: child.pid!, pids: [child.pid!, ...workers], url: `http://127.0.0.1:${port}`, version, stop };
  }
}
