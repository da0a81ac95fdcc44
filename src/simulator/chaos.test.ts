/** The simulator's fault state: the tally, fail_times and chaos's reproducible draws. */
import { describe, expect, it } from 'vitest';
import { mulberry32, SimState, unitHash } from './chaos.js';
import { parseScenario } from './scenario.js';
import { RequestTally, TIMES_KEPT } from './tally.js';

/** Settles a fresh parse of `spec` and answers the fault it ends with. */
function settle(state: SimState, spec: string): string | undefined {
  const scenario = parseScenario(spec);
  state.settle(scenario);
  return scenario.fault;
}

describe('RequestTally', () => {
  it('counts requests by id with their arrival times', () => {
    const tally = new RequestTally();
    expect(tally.hit('a', 1000)).toBe(1);
    expect(tally.hit('a', 2500.5)).toBe(2);
    expect(tally.hit('b', 3000)).toBe(1);
    expect(tally.get('a')).toEqual({ count: 2, times: [1000, 2500.5] });
    expect(tally.get('nope')).toBeUndefined();
  });

  it('is bounded: the oldest id is forgotten past capacity, and only the first times are kept', () => {
    const tally = new RequestTally(3);
    for (const id of ['a', 'b', 'c', 'd']) tally.hit(id);
    expect(tally.size).toBe(3);
    expect(tally.get('a')).toBeUndefined();
    expect(tally.get('d')?.count).toBe(1);
    for (let i = 0; i < TIMES_KEPT + 10; i++) tally.hit('b', i);
    expect(tally.get('b')?.count).toBe(TIMES_KEPT + 11);
    expect(tally.get('b')?.times).toHaveLength(TIMES_KEPT);
  });

  it('hands out copies', () => {
    const tally = new RequestTally();
    tally.hit('a', 1);
    tally.get('a')!.times.push(99);
    expect(tally.get('a')!.times).toEqual([1]);
  });
});

describe('SimState.settle', () => {
  it('does nothing without an id or chaos (the fast path): nothing is counted', () => {
    const state = new SimState({ seed: 1 });
    expect(settle(state, 'fault=500 fail_times=0')).toBe('500');
    expect(state.tally.size).toBe(0);
  });

  it('counts every request that names an id', () => {
    const state = new SimState({ seed: 1 });
    settle(state, 'id=x');
    settle(state, 'id=x reply=hi');
    expect(state.tally.get('x')?.count).toBe(2);
  });

  it('fails only the first fail_times requests of an id', () => {
    const state = new SimState({ seed: 1 });
    const spec = 'fault=429 retry_after=1 fail_times=2 id=abc';
    expect([settle(state, spec), settle(state, spec), settle(state, spec), settle(state, spec)]).toEqual(['429', '429', undefined, undefined]);
    // Another id has its own count.
    expect(settle(state, 'fault=429 fail_times=2 id=other')).toBe('429');
  });

  it('keeps fail_times without an id from doing anything (the fault always applies)', () => {
    const state = new SimState({ seed: 1 });
    expect([settle(state, 'fault=500 fail_times=1'), settle(state, 'fault=500 fail_times=1')]).toEqual(['500', '500']);
  });

  it('fails about `chaos` of the requests, with every fault of the mix', () => {
    const state = new SimState({ seed: 7 });
    const faults: Record<string, number> = {};
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      const fault = settle(state, `chaos=0.3 id=r${i}`) ?? 'none';
      faults[fault] = (faults[fault] ?? 0) + 1;
    }
    const failed = n - (faults.none ?? 0);
    expect(failed / n).toBeGreaterThan(0.28);
    expect(failed / n).toBeLessThan(0.32);
    // The default mix, each about a fifth of the failures.
    for (const fault of ['429', '500', '529', 'hang', 'cut0']) {
      expect(faults[fault]! / failed).toBeGreaterThan(0.17);
      expect(faults[fault]! / failed).toBeLessThan(0.23);
    }
    expect(state.injected()).toEqual(Object.fromEntries(Object.entries(faults).filter(([k]) => k !== 'none')));
  });

  it('draws from the given mix only, and never with chaos=0', () => {
    const state = new SimState({ seed: 7 });
    const seen = new Set<string | undefined>();
    for (let i = 0; i < 2000; i++) seen.add(settle(state, `chaos=1 chaos_mix=503,reset id=m${i}`));
    expect(seen).toEqual(new Set(['503', 'reset']));
    for (let i = 0; i < 2000; i++) expect(settle(state, `chaos=0 id=z${i}`)).toBeUndefined();
  });

  it('gives each id the same fate for the same seed, whatever order requests arrive in', () => {
    const ids = Array.from({ length: 500 }, (_, i) => `q${i}`);
    const fates = (order: string[], seed: number) => {
      const state = new SimState({ seed: 99 });
      return new Map(order.map((id) => [id, settle(state, `chaos=0.5 chaos_seed=${seed} id=${id}`)]));
    };
    const forward = fates(ids, 3);
    const backward = fates([...ids].reverse(), 3);
    expect([...backward.entries()].sort()).toEqual([...forward.entries()].sort());
    const other = fates(ids, 4);
    expect(ids.some((id) => other.get(id) !== forward.get(id))).toBe(true);
  });

  it('gives a retry of the same id a fresh draw', () => {
    const state = new SimState({ seed: 5 });
    const fates = Array.from({ length: 64 }, () => settle(state, 'chaos=0.5 id=same'));
    expect(new Set(fates).size).toBeGreaterThan(1);
  });

  it('reproduces the draws of requests without an id from the seed, in arrival order', () => {
    const run = (seed: number) => {
      const state = new SimState();
      return Array.from({ length: 200 }, () => settle(state, `chaos=0.5 chaos_seed=${seed}`));
    };
    expect(run(11)).toEqual(run(11));
    expect(run(11)).not.toEqual(run(12));
  });

  it('uses its own seed when the request names none', () => {
    const run = (seed: number) => {
      const state = new SimState({ seed });
      return Array.from({ length: 200 }, (_, i) => settle(state, `chaos=0.5 id=s${i}`));
    };
    expect(run(21)).toEqual(run(21));
    expect(run(21)).not.toEqual(run(22));
    expect(new SimState({ seed: 21 }).seed).toBe(21);
  });

  it('forgets the tally and the counts on reset', () => {
    const state = new SimState({ seed: 1 });
    settle(state, 'chaos=1 id=a');
    state.reset();
    expect(state.tally.size).toBe(0);
    expect(state.injected()).toEqual({});
  });
});

describe('draws', () => {
  it('are uniform enough in [0, 1)', () => {
    const next = mulberry32(1);
    const buckets: number[] = new Array(10).fill(0);
    let outside = 0;
    for (let i = 0; i < 50_000; i++) {
      for (const v of [next(), unitHash(1, `id${i}`, 1)]) {
        if (v < 0 || v >= 1) outside++;
        else buckets[Math.floor(v * 10)]!++;
      }
    }
    expect(outside).toBe(0);
    for (const count of buckets) expect(Math.abs(count - 10_000)).toBeLessThan(600);
  });
});
