/**
 * Ledger retention (governance.ledger_retention_days): once an hour, request rows older than the
 * retention are deleted; the daily rollups stay, so spend reports keep their history. Every
 * replica may run it: deleting what another replica already deleted costs nothing.
 */
import { type GovernanceLogger, SILENT_LOGGER, safeErrorText } from '../logger.js';
import type { LedgerStore } from '../store-contract.js';

const DAY_MS = 86_400_000;

/** Options of the retention sweep. */
export interface RetentionOptions {
  /** Days request rows are kept; 0 keeps them for ever (no timer at all). */
  retentionDays: number;
  /** Default one hour. */
  intervalMs?: number;
  /** The first sweep, after start; default one minute (a gateway redeployed hourly must still sweep). */
  initialDelayMs?: number;
  now?: () => number;
  logger?: GovernanceLogger;
}

/** A running sweep. */
export interface LedgerRetention {
  /** Sweeps now (skipped, returning 0, while a sweep runs); resolves with rows deleted. */
  sweepNow(): Promise<number>;
  stop(): void;
}

/** Starts the hourly sweep (first run initialDelayMs after start); its timers never hold the process open. */
export function startLedgerRetention(store: Pick<LedgerStore, 'sweep'>, options: RetentionOptions): LedgerRetention {
  const now = options.now ?? Date.now;
  const logger = options.logger ?? SILENT_LOGGER;
  let running = false;
  const sweepNow = async (): Promise<number> => {
    if (options.retentionDays <= 0 || running) return 0;
    running = true;
    try {
      const deleted = await store.sweep(now() - options.retentionDays * DAY_MS);
      if (deleted > 0) logger.info({ deleted, retention_days: options.retentionDays }, 'old ledger rows deleted');
      return deleted;
    } catch (err) {
      logger.warn({ err: safeErrorText(err) }, 'ledger retention sweep failed; retrying at the next interval');
      return 0;
    } finally {
      running = false;
    }
  };
  if (options.retentionDays <= 0) return { sweepNow, stop() {} };
  const first = setTimeout(() => void sweepNow(), options.initialDelayMs ?? 60_000);
  const timer = setInterval(() => void sweepNow(), options.intervalMs ?? 3_600_000);
  first.unref();
  timer.unref();
  return {
    sweepNow,
    stop() {
      clearTimeout(first);
      clearInterval(timer);
    },
  };
}
