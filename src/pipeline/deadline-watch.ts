/**
 * The whole-request deadline (server.request_deadline_ms). One sweep per plan checks the requests
 * in flight, instead of a timer armed and cleared for every request: adding to and removing from
 * a Set costs less than a timer on the hot path. A request is aborted between its deadline and one
 * sweep interval (a quarter of the deadline, at most a second) later.
 */
import { GatewayError } from '../core/errors.js';
import type { RequestContext } from './context.js';

/** Aborts requests that outlive the deadline. */
export class DeadlineWatch {
  private readonly inFlight = new Set<RequestContext<unknown, unknown>>();
  private readonly sweepMs: number;
  private timer: NodeJS.Timeout | undefined;

  constructor(readonly deadlineMs: number) {
    this.sweepMs = Math.max(5, Math.min(1_000, Math.floor(deadlineMs / 4)));
  }

  /** Starts watching a request. */
  add(ctx: RequestContext<unknown, unknown>): void {
    this.inFlight.add(ctx);
    if (!this.timer) {
      this.timer = setInterval(() => this.sweep(), this.sweepMs);
      this.timer.unref();
    }
  }

  /** Stops watching a request (it finished). */
  delete(ctx: RequestContext<unknown, unknown>): void {
    this.inFlight.delete(ctx);
  }

  private sweep(): void {
    const now = performance.now();
    for (const ctx of this.inFlight) {
      if (now - ctx.startedAt < this.deadlineMs) continue;
      this.inFlight.delete(ctx);
      ctx.abort(new GatewayError('deadline_exceeded', 504, `The request did not finish within ${this.deadlineMs} ms (server.request_deadline_ms).`));
    }
    // Idle: no timer left running, so an idle gateway uses no CPU.
    if (this.inFlight.size === 0) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }
}
