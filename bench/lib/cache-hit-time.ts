/**
 * Issue 10's "an exact hit answers in less time than the gateway's own overhead on a miss", read
 * server-side: the request log's `gateway_ms` (the gateway's own time: the whole request on a hit,
 * the total minus upstream time on a miss) of every cache hit and every plain miss the bench sent,
 * from the gateway's own SQLite file at the end of the run. Client-side latencies add the same
 * loopback hop and load-generator time to both, which is why the server's own clock is the fair one.
 */
import Database from 'better-sqlite3';
import { GOALS } from './measurements.js';
import { BENCH_MODEL, CACHED_MODEL } from './processes.js';
import type { Row } from './report.js';
import { quantiles } from './stats.js';

/** p50 of gateway_ms for exact hits and for uncached calls, per mode. */
export interface HitTimes {
  plain: { hit: number; miss: number; hits: number; misses: number };
  stream: { hit: number; miss: number; hits: number; misses: number };
}

/** Reads the figures from the gateway's request log (`storage` is its `sqlite:PATH`); undefined when it cannot. */
export function readHitTimes(storage: string): HitTimes | undefined {
  if (!storage.startsWith('sqlite:')) return undefined;
  const db = new Database(storage.slice('sqlite:'.length), { readonly: true, fileMustExist: true });
  try {
    const times = (model: string, cache: 'hit' | null, stream: 0 | 1) =>
      (
        db
          .prepare(
            `select gateway_ms as ms from request_log where model_requested = ? and stream = ? and status = 200 and ${cache === null ? 'cache is null' : 'cache = ?'}`,
          )
          .all(...(cache === null ? [model, stream] : [model, stream, cache])) as { ms: number }[]
      ).map((row) => row.ms);
    const side = (stream: 0 | 1) => {
      const hit = times(CACHED_MODEL, 'hit', stream);
      const miss = times(BENCH_MODEL, null, stream);
      return { hit: quantiles(hit).p50, miss: quantiles(miss).p50, hits: hit.length, misses: miss.length };
    };
    return { plain: side(0), stream: side(1) };
  } finally {
    db.close();
  }
}

/** The rows: a hit's own gateway time ÷ a miss's, per mode. */
export function hitTimeRows(times: HitTimes | undefined): Row[] {
  if (!times) return [];
  return (['plain', 'stream'] as const).map((mode) => ({
    metric: `Exact cache hit's gateway time ÷ an uncached call's gateway overhead (request log gateway_ms p50, ${times[mode].hits.toLocaleString('en-US')} hits and ${times[mode].misses.toLocaleString('en-US')} misses), ${mode === 'plain' ? 'non-streamed' : 'streamed'}`,
    unit: '×' as const,
    gateway: [times[mode].hit / times[mode].miss],
    goal: { text: `< ${GOALS.hitVsMissOverhead}×`, met: (s: { gateway: number }) => s.gateway < GOALS.hitVsMissOverhead },
  }));
}
