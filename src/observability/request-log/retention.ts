/**
 * Request-log retention (request_log.retention_days): a sweep deletes rows older than the
 * retention, in bounded chunks (the store's), once shortly after start and then hourly, one sweep
 * at a time, on timers that never hold the process open. Errors are logged and retried at the next
 * interval. The daily spend rollups live elsewhere and are never touched. Every replica may run it:
 * deleting what another replica already deleted costs nothing.
 */
import type { Logger } from '../../pipeline/services.js';

const DAY_MS = 86_400_000;

/** What the sweep needs of the store. */
export interface RequestLogSweeper {
  /** Deletes rows older than `before` (ms since the epoch), in chunks; resolves with the count. */
  sweep(before: number): Promise<number>;
}

/** Options of the sweep. */
export interface RequestLogRetentionOptions {
  /** Days rows are kept; 0 keeps them for ever (no timer at all). */
  retentionDays: number;
  logger: Pick<Logger, 'info' | 'warn'>;
  /** Default one hour. */
  intervalMs?: number;
  /** Default one minute: a gateway restarted more often than hourly still sweeps. */
  initialDelayMs?: number;
  now?: () => number;
}

/** A running sweep. */
export interface RequestLogRetention {
  /** Sweeps now (0 without waiting while a sweep runs); resolves with the rows deleted. */
  sweepNow(): Promise<number>;
  /** Stops the timers and waits for a running sweep to end. */
  stop(): Promise<void>;
}

/** Starts the sweep. */
export function startRequestLogRetention(store: RequestLogSweeper, options: RequestLogRetentionOptions): RequestLogRetention {
  const now = options.now ?? Date.now;
  const { logger, retentionDays } = options;
  let running: Promise<number> | undefined;
  const sweepNow = (): Promise<number> => {
    if (retentionDays <= 0 || running) return Promise.resolve(0);
    const sweep = (async () => {
      try {
        const deleted = await store.sweep(now() - retentionDays * DAY_MS);
        if (deleted > 0) logger.info({ deleted, retention_days: retentionDays }, 'old request log rows deleted');
        return deleted;
      } catch (err) {
        logger.warn({ err: (err as Error)?.message ?? String(err) }, 'request log retention sweep failed; retrying at the next interval');
        return 0;
      } finally {
        running = undefined;
      }
    })();
    running = sweep;
    return sweep;
  };
  if (retentionDays <= 0) return { sweepNow, stop: async () => {} };
  const first = setTimeout(() => void sweepNow(), options.initialDelayMs ?? 60_000);
  const timer = setInterval(() => void sweepNow(), options.intervalMs ?? 3_600_000);
  first.unref();
  timer.unref();
  return {
    sweepNow,
    async stop() {
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}
