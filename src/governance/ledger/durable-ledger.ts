/**
 * The spend ledger's write path: record() queues a settled request's row and returns; rows are
 * written in batches every flushIntervalMs (or at maxBatch). When the database cannot be reached
 * the batch stays queued and is retried with capped backoff; past bufferMax rows in memory, new
 * rows go to the spill file, which is replayed (and removed) once writes succeed again, and at
 * start when a previous run left one. LedgerStore.write ignores a request_id it already has, so
 * writing a row twice (a retry whose answer was lost, a replay cut short) never counts it twice:
 * at-least-once delivery is exactly-once accounting. No spend is lost short of losing the disk.
 */
import { type GovernanceLogger, SILENT_LOGGER, safeErrorText } from '../logger.js';
import type { LedgerEntry } from '../store-contract.js';
import { SpillFile } from './spill-file.js';

/** Options of the durable ledger. */
export interface DurableLedgerOptions {
  /** LedgerStore.write, or anything with its contract (idempotent on request_id). */
  write: (entries: readonly LedgerEntry[]) => Promise<void>;
  /** governance.spill_file. */
  spillFile: string;
  /** governance.ledger_buffer_max: rows kept in memory before spilling. */
  bufferMax: number;
  /** Default 1000. */
  flushIntervalMs?: number;
  /** Rows per write; default 500. */
  maxBatch?: number;
  /** Backoff after a failed write: base doubling to max; defaults 250 ms and 30 s. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** A write that has not answered by then counts as failed (it may still land: harmless). Default 30 s. */
  writeTimeoutMs?: number;
  logger?: GovernanceLogger;
}

/** What /healthz shows of the ledger. */
export interface LedgerStats {
  /** Rows in memory waiting to be written. */
  queued: number;
  /** Rows in the spill file waiting to be replayed. */
  spilled: number;
  /** The last write error while writes are failing; absent once one succeeds. */
  lastError?: string;
}

/** Resolves on the next turn of the event loop, after pending I/O callbacks. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A bounded FIFO of rows: take from the front after the write succeeds, push at the back. */
class RowQueue {
  private items: LedgerEntry[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(entry: LedgerEntry): void {
    this.items.push(entry);
  }

  peek(max: number): LedgerEntry[] {
    return this.items.slice(this.head, this.head + max);
  }

  drop(count: number): void {
    this.head += count;
    // Compact once the consumed prefix dominates, so memory follows what is queued.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }

  takeAll(): LedgerEntry[] {
    const all = this.items.slice(this.head);
    this.items = [];
    this.head = 0;
    return all;
  }
}

/** Buffers, batches, retries, spills and replays ledger rows in front of LedgerStore.write. */
export class DurableLedger {
  private readonly write: DurableLedgerOptions['write'];
  private readonly spill: SpillFile;
  private readonly bufferMax: number;
  private readonly maxBatch: number;
  private readonly retryBaseMs: number;
  private readonly retryMaxMs: number;
  private readonly writeTimeoutMs: number;
  private readonly logger: GovernanceLogger;
  private readonly memory = new RowQueue();
  private readonly timer: NodeJS.Timeout;
  private retryTimer: NodeJS.Timeout | undefined;
  private pumping: Promise<void> | undefined;
  private kickScheduled = false;
  private failures = 0;
  private lastError: string | undefined;
  private closing = false;
  private closed = false;
  private idleWaiters: Array<() => void> = [];

  constructor(options: DurableLedgerOptions) {
    this.write = options.write;
    this.bufferMax = options.bufferMax;
    this.maxBatch = options.maxBatch ?? 500;
    this.retryBaseMs = options.retryBaseMs ?? 250;
    this.retryMaxMs = options.retryMaxMs ?? 30_000;
    this.writeTimeoutMs = options.writeTimeoutMs ?? 30_000;
    this.logger = options.logger ?? SILENT_LOGGER;
    this.spill = new SpillFile(options.spillFile, this.logger, (refused) => {
      for (const entry of refused) this.memory.push(entry);
    });
    this.timer = setInterval(() => this.kick(), options.flushIntervalMs ?? 1_000);
    this.timer.unref();
    // A spill file left by a previous run (a crash, or a shutdown while the database was away).
    void this.spill.scan().then(
      (found) => {
        if (found > 0) this.logger.warn({ rows: found, file: this.spill.path }, 'replaying ledger rows spilled by a previous run');
        this.kick();
      },
      (err: unknown) => this.logger.error({ err: safeErrorText(err) }, 'cannot scan the ledger spill file'),
    );
  }

  /** Queues one settled request's row; never blocks on I/O, never throws. */
  record(entry: LedgerEntry): void {
    try {
      if (this.closed) {
        // After close() nothing writes the queue any more: straight to disk, synchronously.
        this.spill.appendSync([entry]);
        return;
      }
      if (this.memory.length >= this.bufferMax && this.spill.writable()) this.spill.append(entry);
      else this.memory.push(entry);
      if (this.memory.length >= this.maxBatch) this.scheduleKick();
    } catch (err) {
      this.logger.error({ request_id: entry?.request_id, err: safeErrorText(err) }, 'ledger row could not be queued');
    }
  }

  /** Rows waiting in memory and on disk, and the last write error while writes fail. */
  stats(): LedgerStats {
    const stats: LedgerStats = { queued: this.memory.length, spilled: this.spill.size() };
    if (this.lastError !== undefined) stats.lastError = this.lastError;
    return stats;
  }

  /**
   * Writes what is queued now (and replays the spill), resolving when nothing is left. While the
   * database stays away it keeps waiting through the retries; bound it with a timeout if needed.
   */
  flush(): Promise<void> {
    // After close() nothing writes any more: what is left waits in the spill file for the next start.
    if (this.closing || this.isDrained()) return Promise.resolve();
    const done = new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    if (this.retryTimer === undefined) this.kick();
    return done;
  }

  /**
   * Stops the timer, gives queued rows up to timeoutMs to reach the database, and spills whatever
   * did not (rows are then replayed by the next start). Rows recorded afterwards go to the spill file.
   */
  async close(timeoutMs = 5_000): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    clearInterval(this.timer);
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const deadline = Date.now() + timeoutMs;
    let timedOut = false;
    if (this.pumping) timedOut = !(await within(this.pumping, deadline));
    // One last try for what is left (the pump may have been waiting out a backoff).
    while (!timedOut && this.memory.length > 0 && Date.now() < deadline) {
      const batch = this.memory.peek(this.maxBatch);
      if (!(await this.tryWrite(batch, Math.max(1, Math.min(this.writeTimeoutMs, deadline - Date.now()))))) break;
      this.memory.drop(batch.length);
    }
    this.closed = true;
    const rest = this.memory.takeAll();
    for (const entry of rest) this.spill.append(entry);
    await this.spill.close();
    if (rest.length > 0) this.logger.warn({ rows: rest.length, file: this.spill.path }, 'ledger rows spilled at shutdown; the next start writes them');
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private scheduleKick(): void {
    if (this.kickScheduled) return;
    this.kickScheduled = true;
    // Off the caller's turn: a synchronous store (SQLite) must not write inside record().
    setImmediate(() => {
      this.kickScheduled = false;
      this.kick();
    });
  }

  /** Starts a pump unless one runs or a retry is pending. */
  private kick(): void {
    if (this.pumping !== undefined || this.retryTimer !== undefined || this.closing) return;
    if (this.memory.length === 0 && !this.spill.hasData()) {
      this.notifyIdle();
      return;
    }
    this.pumping = this.pump()
      .catch((err: unknown) => {
        // pump() handles write errors itself; this is a file error during replay: back off the same way.
        this.failed(err);
        this.scheduleRetry();
      })
      .finally(() => {
        this.pumping = undefined;
        this.notifyIdle();
      });
  }

  /** Writes memory first (fresh rows), then replays the spill, until both are empty or a write fails. */
  private async pump(): Promise<void> {
    for (;;) {
      if (this.memory.length > 0) {
        const batch = this.memory.peek(this.maxBatch);
        if (!(await this.tryWrite(batch, this.writeTimeoutMs))) return this.scheduleRetry();
        // close() may have taken the queue while the write was out; then it is not ours to trim.
        if (this.closed) return;
        this.memory.drop(batch.length);
        // A synchronous store (SQLite) writes on the event loop: let requests run between batches,
        // so a second's worth of rows never stalls them all at once.
        if (this.memory.length > 0) await nextTurn();
        continue;
      }
      if (this.closing || !this.spill.hasData()) return;
      const batch = await this.spill.read(this.maxBatch);
      if (batch === null) return;
      if (batch.entries.length > 0 && !(await this.tryWrite(batch.entries, this.writeTimeoutMs))) {
        await this.spill.abort();
        return this.scheduleRetry();
      }
      await this.spill.commit(batch);
      if (batch.last) this.logger.info({ remaining: this.spill.size() }, 'ledger spill file replayed');
    }
  }

  /** One write with a timeout; records the outcome. */
  private async tryWrite(batch: readonly LedgerEntry[], timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`ledger write did not finish within ${timeoutMs} ms`)), timeoutMs);
      });
      await Promise.race([this.write(batch), timeout]);
      if (this.failures > 0) this.logger.info({ failures: this.failures }, 'ledger writes succeed again');
      this.failures = 0;
      this.lastError = undefined;
      return true;
    } catch (err) {
      this.failed(err);
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  private failed(err: unknown): void {
    this.lastError = safeErrorText(err);
    // The first failure of an outage is worth a line; every retry after it is not.
    if (this.failures === 0) this.logger.error({ err: this.lastError, queued: this.memory.length }, 'ledger write failed; rows kept and retried');
    this.failures++;
  }

  private scheduleRetry(): void {
    if (this.closing) return;
    const ceiling = Math.min(this.retryMaxMs, this.retryBaseMs * 2 ** Math.min(this.failures - 1, 30));
    const delay = ceiling / 2 + Math.random() * (ceiling / 2);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.kick();
    }, delay);
    this.retryTimer.unref();
  }

  private isDrained(): boolean {
    return this.memory.length === 0 && this.spill.size() === 0 && !this.spill.hasData() && this.pumping === undefined;
  }

  private notifyIdle(): void {
    if (this.idleWaiters.length === 0 || !this.isDrained()) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}

/** Whether the promise settled before the deadline. */
async function within(promise: Promise<unknown>, deadline: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<false>((resolve) => (timer = setTimeout(resolve, Math.max(0, deadline - Date.now()), false)));
  const settled = promise.then(
    () => true,
    () => true,
  );
  const result = await Promise.race([settled, expired]);
  clearTimeout(timer);
  return result;
}
