/** A RequestLogSink that queues records in memory and hands them to a writer in batches. */
import type { RequestLogSink, RequestRecord } from './request-record.js';
import { RingQueue } from './ring-queue.js';

/** Writes one batch durably; called off the request path. */
export type BatchWriter = (batch: RequestRecord[]) => void | Promise<void>;

/** Options for the batching sink. */
export interface BatchingOptions {
  flushIntervalMs: number;
  maxBatch: number;
  /** Queue bound: beyond it the oldest records are dropped and counted, so memory stays flat. */
  maxQueued?: number;
  /**
   * Records per write call. A batch is written in slices with a turn of the event loop between
   * them, so a synchronous writer (SQLite) never stalls requests for more than one slice.
   */
  sliceSize?: number;
  onError?(err: unknown): void;
  /** After each flush, with the total of records dropped so far. */
  onFlushed?(dropped: number): void;
}

/** A sink that also says how many records it holds and how many it had to drop. */
export interface BatchingSink extends RequestLogSink {
  /** Records dropped because the queue was full (the writer could not keep up). */
  dropped(): number;
  /** Records waiting to be written. */
  queued(): number;
}

/** Creates the sink. Records are written every flushIntervalMs or when maxBatch are queued. */
export function createBatchingSink(write: BatchWriter, options: BatchingOptions): BatchingSink {
  const queue = new RingQueue<RequestRecord>(options.maxQueued ?? 100_000);
  let dropped = 0;
  let drainScheduled = false;
  let writing: Promise<void> = Promise.resolve();
  const sliceSize = options.sliceSize ?? 64;
  const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

  const drain = (): Promise<void> => {
    if (queue.length === 0) return writing;
    const batch = queue.drain();
    writing = writing.then(async () => {
      options.onFlushed?.(dropped);
      for (let start = 0; start < batch.length; start += sliceSize) {
        if (start > 0) await nextTurn();
        try {
          await write(batch.slice(start, start + sliceSize));
        } catch (err) {
          options.onError?.(err);
        }
      }
    });
    return writing;
  };
  const timer = setInterval(() => void drain(), options.flushIntervalMs);
  timer.unref();

  return {
    record(entry) {
      if (queue.push(entry)) dropped++;
      // One drain per burst, not one per record past the threshold.
      if (queue.length >= options.maxBatch && !drainScheduled) {
        drainScheduled = true;
        setImmediate(() => {
          drainScheduled = false;
          void drain();
        });
      }
    },
    flush: () => drain(),
    async close() {
      clearInterval(timer);
      await drain();
    },
    dropped: () => dropped,
    queued: () => queue.length,
  };
}
