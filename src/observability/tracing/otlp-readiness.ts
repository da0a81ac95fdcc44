/**
 * The readiness check of a required OTLP endpoint (`observability.otlp.required`): a TCP connect
 * to its host and port, bounded in time and cached for a few seconds, so a busy /readyz never
 * floods the collector. Its message names host and port only: no path, user info or headers.
 */
import { connect } from 'node:net';
import type { ReadinessCheck } from '../readiness.js';

const PROBE_TIMEOUT_MS = 2000;
const CACHE_MS = 5000;

/** Connects once; resolves to undefined when the port accepts, else why not. */
function probe(host: string, port: number, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const finish = (problem: string | undefined) => {
      socket.destroy();
      resolve(problem);
    };
    socket.setTimeout(timeoutMs, () => finish(`the OTLP endpoint ${host}:${port} did not answer within ${timeoutMs} ms`));
    socket.once('connect', () => finish(undefined));
    socket.once('error', (err: NodeJS.ErrnoException) => finish(`the OTLP endpoint ${host}:${port} is unreachable (${err.code ?? 'error'})`));
  });
}

/** The check for this traces URL; `now` is injectable for tests. */
export function otlpReadiness(url: string, options: { timeoutMs?: number; cacheMs?: number; now?: () => number } = {}): ReadinessCheck {
  const parsed = new URL(url);
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const port = parsed.port ? Number(parsed.port) : parsed.protocol === 'https:' ? 443 : 80;
  const now = options.now ?? Date.now;
  const cacheMs = options.cacheMs ?? CACHE_MS;
  let cached: { at: number; answer: Promise<string | undefined> } | undefined;
  return {
    name: 'otlp',
    check() {
      const at = now();
      if (!cached || at - cached.at >= cacheMs) cached = { at, answer: probe(host, port, options.timeoutMs ?? PROBE_TIMEOUT_MS) };
      return cached.answer;
    },
  };
}
