/**
 * The whole-request deadline (server.request_deadline_ms). One sweep per plan checks the requests
 * in flight, instead of a timer armed and cleared for every request. A request is aborted between
 * its deadline and one sweep interval (a quarter of the deadline, at most a second) later.
 */
import { GatewayError } from '../core/errors.js';
import { type InFlightEntry, InFlightList } from '../core/in-flight-list.js';
import type { RequestContext } from './context.js';

/** A request's place in the watch; hand it back to `remove` when the request ends. */
export type DeadlineEntry = InFlightEntry<RequestContext<unknown, unknown>>;

/** Aborts requests that outlive the deadline. */
export class DeadlineWatch {
  /** In arrival order, so a sweep stops at the first request still within its deadline. */
  private readonly inFlight = new InFlightList<RequestContext<unknown, unknown>>();
  private readonly sweepMs: number;
  private timer: NodeJS.Timeout | undefined;

  constructor(readonly deadlineMs: number) {
    this.sweepMs = Math.max(5, Math.min(1_000, Math.floor(deadlineMs / 4)));
  }

  /** Requests being watched. */
  get size(): number {
    return this.inFlight.size;
  }

  /** Starts watching a request. */
  add(ctx: RequestContext<unknown, unknown>): DeadlineEntry {
    if (!this.timer) {
      this.timer = setInterval(() => this.sweep(), this.sweepMs);
      this.timer.unref();
    }
    return this.inFlight.add(ctx);
  }

  /** Stops watching a request (it finished). */
  remove(entry: DeadlineEntry): void {
    this.inFlight.remove(entry);
  }

  private sweep(): void {
    const now = performance.now();
    for (let entry = this.inFlight.first; entry && now - entry.value.startedAt >= this.deadlineMs; entry = this.inFlight.first) {
      this.inFlight.remove(entry);
      entry.value.abort(new GatewayError('deadline_exceeded', 504, `The request did not finish within ${this.deadlineMs} ms (server.request_deadline_ms).`));
    }
    // Idle: no timer left running, so an idle gateway uses no CPU.
    if (this.inFlight.size === 0) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }
}
