/**
 * Per-simulator fault state: the request tally, `fail_times` (the first N requests of an id fail)
 * and `chaos` (a share of requests fail with a fault drawn from a mix). Draws are reproducible:
 * a request with an id draws from a hash of (seed, id, how many times that id came), so the same
 * seed gives every request the same fate whatever order concurrent requests arrive in; requests
 * without an id draw from a seeded generator in arrival order.
 */
import { DEFAULT_CHAOS_MIX, type Scenario } from './scenario.js';
import { DEFAULT_TALLY_CAPACITY, RequestTally } from './tally.js';

/** Options of a simulator's fault state. */
export interface SimStateOptions {
  /** Seed of chaos draws when a request names none (chaos_seed); default: the start time. */
  seed?: number;
  /** Ids the tally keeps. */
  tallyCapacity?: number;
}

const MAX_SEEDED_STREAMS = 64;

/** mulberry32: a small, fast 32-bit generator; quality is ample for picking faults. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform draw in [0, 1) fixed by (seed, id, nth): FNV-1a over the id, then murmur3's finaliser. */
export function unitHash(seed: number, id: string, nth: number): number {
  let h = (2166136261 ^ (seed >>> 0)) >>> 0;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  h = Math.imul(h ^ (nth >>> 0), 16777619);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/** The fault state of one simulator. */
export class SimState {
  /** Requests received by scenario id. */
  readonly tally: RequestTally;
  /** The seed used when a request names none. */
  readonly seed: number;
  private readonly streams = new Map<number, () => number>();
  private readonly injectedCounts = new Map<string, number>();

  constructor(options: SimStateOptions = {}) {
    this.seed = (options.seed ?? Date.now()) >>> 0;
    this.tally = new RequestTally(options.tallyCapacity ?? DEFAULT_TALLY_CAPACITY);
  }

  /**
   * Decides this request's fault, once, before anything is rendered: counts its id, clears the
   * fault of an id past its fail_times, and rolls chaos. Mutates `scenario`.
   */
  settle(scenario: Scenario): void {
    const { id, chaos } = scenario;
    // Fast path: nothing to count or roll (the benchmark's requests carry no scenario at all).
    if (id === undefined && chaos === undefined) return;
    const nth = id === undefined ? 0 : this.tally.hit(id);
    if (scenario.failTimes !== undefined && id !== undefined && nth > scenario.failTimes) scenario.fault = undefined;
    if (chaos === undefined || chaos <= 0) return;
    const seed = scenario.chaosSeed === undefined ? this.seed : scenario.chaosSeed >>> 0;
    const draw = id === undefined ? this.stream(seed)() : unitHash(seed, id, nth);
    if (draw >= chaos) return;
    const mix = scenario.chaosMix ?? DEFAULT_CHAOS_MIX;
    // The same draw, rescaled below `chaos`, picks the fault: one draw decides both.
    const fault = mix[Math.min(mix.length - 1, Math.floor((draw / chaos) * mix.length))]!;
    scenario.fault = fault;
    this.injectedCounts.set(fault, (this.injectedCounts.get(fault) ?? 0) + 1);
  }

  /** How many faults chaos injected, by fault. */
  injected(): Record<string, number> {
    return Object.fromEntries(this.injectedCounts);
  }

  /** Forgets the tally and the injected counts (the seeds' positions stay). */
  reset(): void {
    this.tally.clear();
    this.injectedCounts.clear();
  }

  private stream(seed: number): () => number {
    let next = this.streams.get(seed);
    if (!next) {
      // Seeds come from request headers: keep a few streams, never one per hostile seed.
      if (this.streams.size >= MAX_SEEDED_STREAMS) this.streams.clear();
      next = mulberry32(seed);
      this.streams.set(seed, next);
    }
    return next;
  }
}
