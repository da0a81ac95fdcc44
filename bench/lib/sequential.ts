/** Concurrency 1: one request at a time over one keep-alive connection, for a fixed duration. */
import { openPool, type Timing, timedRequest } from './probe.js';
import type { Target } from './workload.js';

/** What a sequential run measured; latencies in milliseconds. */
export interface SequentialResult {
  timings: Timing[];
  errors: number;
}

/** Sends requests back to back for `seconds` (at most `maxRequests`). */
export async function sequential(target: Target, seconds: number, maxRequests = 20_000): Promise<SequentialResult> {
  const pool = openPool(target, 1);
  const timings: Timing[] = [];
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end && timings.length + errors < maxRequests) {
    const timing = await timedRequest(pool, target, performance.now());
    if (timing.ok) timings.push(timing);
    else errors++;
  }
  await pool.close();
  return { timings, errors };
}
