import { describe, expect, it } from 'vitest';
import type { Target } from '../config/compile.js';
import type { BreakerChange, BreakerSync } from './breaker-sync.js';
import { CircuitBreakers, MIN_PROBE_LEASE_MS } from './breakers.js';
import { DEFAULT_BREAKER, type ResolvedBreaker } from '../config/model-group.js';

const T0 = 1_800_000_000_000;
const A = { key: 'openai/gpt-4o' } as Target;
const B = { key: 'claude/claude-sonnet-4-6' } as Target;
const S: ResolvedBreaker = { consecutiveFailures: 3, errorRate: 0.5, minRequests: 10, windowMs: 10_000, cooldownMs: 5_000 };

function fail(breakers: CircuitBreakers, target: Target, times: number, now: number, settings = S): void {
  for (let i = 0; i < times; i++) breakers.record(target, settings, true, now);
}

describe('CircuitBreakers', () => {
  it('stays closed for targets it has never heard of, and for successes', () => {
    const b = new CircuitBreakers();
    expect(b.check(A, S, T0)).toBe('closed');
    for (let i = 0; i < 100; i++) b.record(A, S, false, T0 + i);
    expect(b.check(A, S, T0 + 100)).toBe('closed');
    expect(b.openForMs(A, T0 + 100)).toBe(0);
  });

  it('opens after consecutiveFailures in a row, and a success in between starts the count over', () => {
    const b = new CircuitBreakers();
    fail(b, A, 2, T0);
    b.record(A, S, false, T0);
    fail(b, A, 2, T0);
    expect(b.check(A, S, T0)).toBe('closed');
    fail(b, A, 1, T0);
    expect(b.check(A, S, T0)).toBe('open');
    expect(b.openForMs(A, T0 + 1_000)).toBe(4_000);
    // Per key: another target is untouched.
    expect(b.check(B, S, T0)).toBe('closed');
  });

  it('opens on the error rate once the window holds minRequests outcomes, not before', () => {
    const b = new CircuitBreakers();
    const s = { ...S, consecutiveFailures: 1_000 };
    // Alternate: never two failures in a row, error rate 50%.
    for (let i = 0; i < 9; i++) b.record(A, s, i % 2 === 0, T0 + i);
    expect(b.check(A, s, T0 + 9)).toBe('closed');
    b.record(A, s, false, T0 + 9); // 10 outcomes, 5 failures: 50% but the last was a success
    expect(b.check(A, s, T0 + 9)).toBe('closed');
    b.record(A, s, true, T0 + 10); // 11 outcomes, 6 failures
    expect(b.check(A, s, T0 + 10)).toBe('open');
  });

  it('forgets outcomes older than the window', () => {
    const b = new CircuitBreakers();
    const s = { ...S, consecutiveFailures: 1_000 };
    for (let i = 0; i < 8; i++) b.record(A, s, true, T0);
    // A full window later the eight failures are gone: two more do not reach minRequests.
    b.record(A, s, false, T0 + 10_000);
    b.record(A, s, true, T0 + 10_000);
    b.record(A, s, true, T0 + 10_001);
    expect(b.check(A, s, T0 + 10_001)).toBe('closed');
    expect(b.snapshot(T0 + 10_001)[0]).toMatchObject({ samples: 3, errorRate: 2 / 3 });
    // Half a window later the old ones are still gone and the new ones still count.
    expect(b.snapshot(T0 + 15_000)[0]).toMatchObject({ samples: 3 });
    expect(b.snapshot(T0 + 21_000)[0]).toMatchObject({ samples: 0, errorRate: 0 });
  });

  it('after the cool-down lets exactly one caller probe; a probe success closes it and resets the counters', () => {
    const b = new CircuitBreakers();
    fail(b, A, 3, T0);
    expect(b.check(A, S, T0 + 4_999)).toBe('open');
    expect(b.check(A, S, T0 + 5_000)).toBe('probe');
    expect(b.check(A, S, T0 + 5_001)).toBe('open');
    expect(b.check(A, S, T0 + 5_002)).toBe('open');
    b.record(A, S, false, T0 + 5_100);
    expect(b.check(A, S, T0 + 5_101)).toBe('closed');
    expect(b.snapshot(T0 + 5_101)[0]).toMatchObject({ state: 'closed', consecutiveFailures: 0, samples: 0, openedAt: null });
    // Counters reset: two failures do not reopen it.
    fail(b, A, 2, T0 + 5_200);
    expect(b.check(A, S, T0 + 5_200)).toBe('closed');
  });

  it('a probe failure opens it for another cool-down', () => {
    const b = new CircuitBreakers();
    fail(b, A, 3, T0);
    expect(b.check(A, S, T0 + 5_000)).toBe('probe');
    b.record(A, S, true, T0 + 6_000);
    expect(b.check(A, S, T0 + 6_001)).toBe('open');
    expect(b.openForMs(A, T0 + 6_000)).toBe(5_000);
    expect(b.check(A, S, T0 + 11_000)).toBe('probe');
  });

  it('a probe that never reports does not wedge it: after the lease another caller probes', () => {
    const b = new CircuitBreakers();
    fail(b, A, 3, T0);
    expect(b.check(A, S, T0 + 5_000)).toBe('probe');
    const lease = Math.max(S.cooldownMs, MIN_PROBE_LEASE_MS);
    expect(b.check(A, S, T0 + 5_000 + lease - 1)).toBe('open');
    expect(b.openForMs(A, T0 + 5_000 + lease - 1)).toBe(1);
    expect(b.check(A, S, T0 + 5_000 + lease)).toBe('probe');
    expect(b.check(A, S, T0 + 5_000 + lease + 1)).toBe('open');
  });

  it('ignores outcomes of requests that were in flight when it opened', () => {
    const b = new CircuitBreakers();
    fail(b, A, 3, T0);
    b.record(A, S, false, T0 + 10);
    fail(b, A, 5, T0 + 20);
    expect(b.check(A, S, T0 + 30)).toBe('open');
    expect(b.openForMs(A, T0)).toBe(5_000);
  });

  it("uses each alias's thresholds for the shared target: the strictest opens it for all", () => {
    const b = new CircuitBreakers();
    const strict = { ...S, consecutiveFailures: 2 };
    fail(b, A, 1, T0, S);
    fail(b, A, 1, T0, strict);
    expect(b.check(A, S, T0)).toBe('open');
  });

  it('tells onChange and the sync about local opens and closes only', () => {
    const heard: BreakerChange[] = [];
    const published: BreakerChange[] = [];
    const sync: BreakerSync = { publish: (c) => published.push(c), start: async () => {}, close: async () => {} };
    const b = new CircuitBreakers({
      sync,
      onChange: (c) => {
        heard.push(c);
        throw new Error('a broken listener changes nothing');
      },
    });
    fail(b, A, 3, T0);
    expect(b.check(A, S, T0 + 5_000)).toBe('probe');
    b.record(A, S, false, T0 + 5_000);
    b.applyRemote({ key: B.key, state: 'open', until: T0 + 60_000 }, T0);
    b.applyRemote({ key: B.key, state: 'closed' }, T0 + 1);
    const expected = [
      { key: A.key, state: 'open', until: T0 + 5_000 },
      { key: A.key, state: 'closed' },
    ];
    expect(heard).toEqual(expected);
    expect(published).toEqual(expected);
  });

  it('a remote open forces it open until `until`; a later local cool-down end or a remote close win', () => {
    const b = new CircuitBreakers();
    b.applyRemote({ key: A.key, state: 'open', until: T0 + 20_000 }, T0);
    expect(b.check(A, S, T0 + 19_999)).toBe('open');
    expect(b.snapshot(T0)[0]).toMatchObject({ state: 'open', remote: true, retryInMs: 20_000, openedAt: T0 });
    // An earlier end does not shorten it; an already past one is ignored.
    b.applyRemote({ key: A.key, state: 'open', until: T0 + 10_000 }, T0 + 1);
    b.applyRemote({ key: B.key, state: 'open', until: T0 }, T0 + 1);
    expect(b.openForMs(A, T0)).toBe(20_000);
    expect(b.check(B, S, T0 + 1)).toBe('closed');
    expect(b.check(A, S, T0 + 20_000)).toBe('probe');
    b.applyRemote({ key: A.key, state: 'closed' }, T0 + 20_001);
    expect(b.check(A, S, T0 + 20_002)).toBe('closed');
  });

  it('snapshots every tracked key with its state', () => {
    const b = new CircuitBreakers();
    fail(b, A, 3, T0);
    b.record(B, DEFAULT_BREAKER, true, T0);
    b.record(B, DEFAULT_BREAKER, false, T0);
    const byKey = Object.fromEntries(b.snapshot(T0 + 1_000).map((s) => [s.key, s]));
    expect(byKey[A.key]).toEqual({
      key: A.key,
      state: 'open',
      consecutiveFailures: 3,
      errorRate: 1,
      samples: 3,
      openedAt: T0,
      retryInMs: 4_000,
      remote: false,
    });
    expect(byKey[B.key]).toEqual({
      key: B.key,
      state: 'closed',
      consecutiveFailures: 0,
      errorRate: 0.5,
      samples: 2,
      openedAt: null,
      retryInMs: 0,
      remote: false,
    });
    expect(b.snapshot(T0 + 5_000).find((s) => s.key === A.key)).toMatchObject({ state: 'half_open', retryInMs: 0 });
  });

  it('tracks a bounded number of keys, and keeps open breakers when it starts over', () => {
    const b = new CircuitBreakers({ maxKeys: 100 });
    fail(b, A, 3, T0);
    for (let i = 0; i < 1_000; i++) b.record({ key: `direct/model-${i}` } as Target, S, false, T0);
    expect(b.size).toBeLessThanOrEqual(100);
    expect(b.check(A, S, T0 + 1)).toBe('open');
  });
});
