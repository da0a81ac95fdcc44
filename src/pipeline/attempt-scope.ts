/**
 * One attempt's cancellation when it needs more than the request's signal: the interceptor's own
 * signal (a hedge that lost) and the target's total timeout. Made only then, so a plain attempt
 * costs no controller, listener or timer; AbortSignal.any is avoided for the same reason (it
 * allocates more and, on Node 20, keeps its sources alive longer).
 */
import { GatewayError } from '../core/errors.js';

/** The error an attempt cancelled by its interceptor's signal fails with when the signal gives none. */
export function attemptCancelled(providerId: string): GatewayError {
  return new GatewayError('client_closed', 499, 'The attempt was cancelled.', { provider: providerId });
}

/**
 * Aborts when the request's signal does (with its reason), when the interceptor's does (with its
 * reason if a GatewayError, else attemptCancelled) or when totalMs pass (upstream_timeout naming
 * timeouts.total_ms). Drops its listeners and timer once aborted or disposed.
 */
export class AttemptScope {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  /** What aborted it, once something did. */
  endedBy: 'request' | 'owner' | 'total_timeout' | undefined;
  private readonly onRequestAbort = () => this.abort('request', this.request.reason);
  private readonly onOwnAbort = () => {
    const reason = this.own?.reason;
    this.abort('owner', reason instanceof GatewayError ? reason : attemptCancelled(this.providerId));
  };

  constructor(
    private readonly request: AbortSignal,
    private readonly own: AbortSignal | undefined,
    totalMs: number,
    private readonly providerId: string,
  ) {
    if (request.aborted) this.onRequestAbort();
    else if (own?.aborted) this.onOwnAbort();
    if (this.controller.signal.aborted) return;
    request.addEventListener('abort', this.onRequestAbort, { once: true });
    own?.addEventListener('abort', this.onOwnAbort, { once: true });
    if (totalMs > 0) {
      this.timer = setTimeout(
        () =>
          this.abort(
            'total_timeout',
            new GatewayError('upstream_timeout', 504, `Provider '${providerId}' did not finish within ${totalMs} ms (timeouts.total_ms).`, {
              provider: providerId,
            }),
          ),
        totalMs,
      );
    }
  }

  /** Aborted when the attempt must stop; its reason is the GatewayError the attempt fails with. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** The attempt is over: no listener or timer outlives it. */
  dispose(): void {
    this.request.removeEventListener('abort', this.onRequestAbort);
    this.own?.removeEventListener('abort', this.onOwnAbort);
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private abort(by: 'request' | 'owner' | 'total_timeout', reason: unknown): void {
    this.endedBy = by;
    this.dispose();
    this.controller.abort(reason);
  }
}
