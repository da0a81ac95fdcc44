/**
 * One timed request over a keep-alive pool: time to the first SSE data byte, to the first answer
 * text and to the end of the body. Both the direct and the gateway runs use this same client, so its own cost cancels out.
 */
import { Pool } from 'undici';
import { FirstContentScan } from './stream-content.js';
import type { Target } from './workload.js';

/** The timing of one request, in milliseconds from `startMs`. */
export interface Timing {
  ok: boolean;
  /** First body chunk holding "data:" (streams only; NaN otherwise). */
  firstDataMs: number;
  /** First body chunk holding answer text, not the role chunk (Chat Completions streams only; NaN otherwise). */
  firstContentMs: number;
  totalMs: number;
}

const DATA = Buffer.from('data:');

/** A keep-alive connection pool to a target's origin. */
export function openPool(target: Target, connections: number): Pool {
  return new Pool(target.origin, { connections, pipelining: 1, keepAliveTimeout: 60_000 });
}

/** Sends the target's request; times are measured from `startMs` (a performance.now() value). */
export async function timedRequest(pool: Pool, target: Target, startMs: number): Promise<Timing> {
  try {
    const response = await pool.request({ method: 'POST', path: target.path, headers: target.headers, body: target.body });
    let firstDataMs = Number.NaN;
    let firstContentMs = Number.NaN;
    const content = target.mode === 'stream' ? new FirstContentScan() : undefined;
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      if (Number.isNaN(firstDataMs) && target.mode === 'stream' && chunk.includes(DATA)) firstDataMs = performance.now() - startMs;
      // Scanned only until found, so the client's cost is a few chunks per request on every route alike.
      if (content && Number.isNaN(firstContentMs) && content.hasContent(chunk)) firstContentMs = performance.now() - startMs;
    }
    return { ok: response.statusCode === 200, firstDataMs, firstContentMs, totalMs: performance.now() - startMs };
  } catch {
    return { ok: false, firstDataMs: Number.NaN, firstContentMs: Number.NaN, totalMs: performance.now() - startMs };
  }
}
