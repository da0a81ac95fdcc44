/**
 * How many requests each scenario `id` has received, and when: the proof that a gateway never sent
 * a request twice (after its stream started), and that a retry waited for retry-after. Bounded on
 * both axes: at most `capacity` ids (the oldest forgotten first) and the first few arrival times
 * per id, so a client sending endless fresh ids cannot grow the simulator without limit.
 */

/** What the tally knows about one id. */
export interface TallyEntry {
  /** Requests received with this id (since it was last forgotten). */
  count: number;
  /** Arrival times in ms since the epoch (sub-millisecond precision), the first TIMES_KEPT only. */
  times: number[];
}

/** Arrival times kept per id. */
export const TIMES_KEPT = 16;
/** Ids kept when no capacity is given. */
export const DEFAULT_TALLY_CAPACITY = 50_000;

/** Current time in ms since the epoch, with sub-millisecond precision. */
export function preciseNow(): number {
  return performance.timeOrigin + performance.now();
}

/** The tally of requests by id. */
export class RequestTally {
  private readonly entries = new Map<string, TallyEntry>();

  constructor(private readonly capacity = DEFAULT_TALLY_CAPACITY) {}

  /** Counts one request of `id` at `now`; returns how many that id has received, this one included. */
  hit(id: string, now = preciseNow()): number {
    let entry = this.entries.get(id);
    if (!entry) {
      if (this.entries.size >= this.capacity) {
        // Maps iterate in insertion order: the first key is the oldest id.
        const oldest = this.entries.keys().next();
        if (!oldest.done) this.entries.delete(oldest.value);
      }
      entry = { count: 0, times: [] };
      this.entries.set(id, entry);
    }
    entry.count++;
    if (entry.times.length < TIMES_KEPT) entry.times.push(now);
    return entry.count;
  }

  /** What is known about `id` (a copy), or undefined when it was never seen or was forgotten. */
  get(id: string): TallyEntry | undefined {
    const entry = this.entries.get(id);
    return entry ? { count: entry.count, times: [...entry.times] } : undefined;
  }

  /** Ids currently kept. */
  get size(): number {
    return this.entries.size;
  }

  /** Forgets every id. */
  clear(): void {
    this.entries.clear();
  }
}
