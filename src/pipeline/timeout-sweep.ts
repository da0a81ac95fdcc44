/**
 * Timeouts checked by a periodic sweep instead of a timer armed and cleared for every attempt:
 * one lane per distinct duration (a handful, from config), each with one interval while it holds
 * anything. An item expires between its deadline and one sweep interval (a quarter of the
 * duration, at most a second) later. Used for the first-token bound of streamed attempts.
 */
import { type InFlightEntry, InFlightList } from '../core/in-flight-list.js';

/** Something with a deadline, told once when it passed (unless it left the sweep first). */
export interface Expiring {
  /** The lane it is in: its timeout in ms. */
  readonly timeoutMs: number;
  /** performance.now() past which it expires. */
  readonly deadline: number;
  expire(): void;
}

/** An item's place in the sweep; hand it back to `remove`. */
export type SweepEntry = InFlightEntry<Expiring>;

/** The items of one duration, and the interval that checks them. */
class Lane {
  readonly items = new InFlightList<Expiring>();
  timer: NodeJS.Timeout | undefined;
  readonly intervalMs: number;

  constructor(timeoutMs: number) {
    this.intervalMs = Math.max(5, Math.min(1_000, Math.floor(timeoutMs / 4)));
  }
}

/** Expires items whose deadline passed. */
export class TimeoutSweep {
  private readonly lanes = new Map<number, Lane>();

  /** Items being watched, all lanes together. */
  get size(): number {
    let size = 0;
    for (const lane of this.lanes.values()) size += lane.items.size;
    return size;
  }

  /** Starts watching an item. */
  add(item: Expiring): SweepEntry {
    let lane = this.lanes.get(item.timeoutMs);
    if (!lane) {
      lane = new Lane(item.timeoutMs);
      this.lanes.set(item.timeoutMs, lane);
    }
    if (!lane.timer) {
      const watched = lane;
      lane.timer = setInterval(() => this.sweep(watched), lane.intervalMs);
      lane.timer.unref();
    }
    return lane.items.add(item);
  }

  /** Stops watching an item; removing twice is harmless. */
  remove(entry: SweepEntry): void {
    this.lanes.get(entry.value.timeoutMs)?.items.remove(entry);
  }

  private sweep(lane: Lane): void {
    const now = performance.now();
    // Every item is looked at: items join when their response head arrives, so a lane is not in
    // deadline order. Lanes hold only attempts still waiting for their first token: few.
    for (let entry = lane.items.first; entry; ) {
      const next = entry.next;
      if (entry.value.deadline <= now) {
        lane.items.remove(entry);
        entry.value.expire();
      }
      entry = next;
    }
    // Idle: no interval left running, so an idle gateway uses no CPU.
    if (lane.items.size === 0) {
      clearInterval(lane.timer);
      lane.timer = undefined;
    }
  }
}
