/** The error a shared counter store raises when it cannot answer: governance decides to fail open or closed on it. */

/** The counter store (Redis) could not be reached or did not answer in time; nothing is known about the counters. */
export class CounterStoreUnavailableError extends Error {
  /** Stable code for logs and the 503 answer. */
  readonly code = 'counter_store_unavailable';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CounterStoreUnavailableError';
  }
}

/** Whether an error is a CounterStoreUnavailableError (also across module copies, by name and code). */
export function isCounterStoreUnavailable(err: unknown): err is CounterStoreUnavailableError {
  if (err instanceof CounterStoreUnavailableError) return true;
  const e = err as { name?: unknown; code?: unknown } | null;
  return e !== null && typeof e === 'object' && e.name === 'CounterStoreUnavailableError' && e.code === 'counter_store_unavailable';
}
