/**
 * Open-loop load at a fixed rate. Each request's latency counts from the moment it was scheduled,
 * not from when it was actually sent, so a stall in the system under test shows up in the tail
 * instead of silently slowing the generator down (coordinated omission).
 */
import { openPool, type Timing, timedRequest } from './probe.js';
import type { Target } from './workload.js';

/** What a fixed-rate run measured; latencies in milliseconds. */
export interface FixedRateResult {
  timings: Timing[];
  errors: number;
  /** How late the generator itself sent each request after its scheduled time (its own jitter). */
  sendLagMs: number[];
  /** Requests actually completed per second. */
  achievedRate: number;
}

/** Sends `rate` requests per second for `seconds`, with up to `connections` in flight. */
export async function fixedRate(target: Target, rate: number, seconds: number, connections = 64): Promise<FixedRateResult> {
  const pool = openPool(target, connections);
  const total = Math.round(rate * seconds);
  const intervalMs = 1000 / rate;
  const pending: Array<Promise<Timing>> = [];
  const sendLagMs: number[] = [];
  const begin = performance.now() + 5;
  let next = 0;
  await new Promise<void>((finished) => {
    const tick = () => {
      const now = performance.now();
      // Timers fire with ~1 ms granularity: send everything that is due, each timed from its own slot.
      while (next < total && begin + next * intervalMs <= now) {
        const scheduled = begin + next * intervalMs;
        sendLagMs.push(now - scheduled);
        pending.push(timedRequest(pool, target, scheduled));
        next++;
      }
      if (next >= total) return finished();
      setTimeout(tick, Math.max(0, begin + next * intervalMs - performance.now()));
    };
    tick();
  });
  const timings = await Promise.all(pending);
  const elapsed = (performance.now() - begin) / 1000;
  await pool.close();
  const good = timings.filter((t) => t.ok);
  return { timings: good, errors: timings.length - good.length, sendLagMs, achievedRate: good.length / elapsed };
}
