/** The error a shared counter store (Redis) raises when it cannot be reached or does not answer in time. */
export class CounterStoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CounterStoreUnavailableError';
  }
}
