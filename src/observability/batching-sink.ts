/** A RequestLogSink that queues records in memory and hands them to a writer in batches. */
import type { RequestLogSink, RequestRecord } from './request-record.js';

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
}

/** Creates the sink. Records are written every flushIntervalMs or when maxBatch are queued. */
export function createBatchingSink(write: BatchWriter, options: BatchingOptions): RequestLogSink & { dropped(): number } {
  let queue: RequestRecord[] = [];
  let dropped = 0;
  let writing: Promise<void> = Promise.resolve();
  const maxQueued = options.maxQueued ?? 100_000;
  const sliceSize = options.sliceSize ?? 64;
  const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

  const drain = (): Promise<void> => {
    if (queue.length === 0) return writing;
    const batch = queue;
    queue = [];
    writing = writing.then(async () => {
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
      if (queue.length >= maxQueued) {
        queue.shift();
        dropped++;
      }
      queue.push(entry);
      if (queue.length >= options.maxBatch) setImmediate(() => void drain());
    },
    flush: () => drain(),
    async close() {
      clearInterval(timer);
      await drain();
    },
    dropped: () => dropped,
  };
}
