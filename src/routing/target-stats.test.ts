import { describe, expect, it } from 'vitest';
import type { Target } from '../config/compile.js';
import { GatewayError } from '../core/errors.js';
import type { AttemptRecord } from '../pipeline/context.js';
import { RunningTargetStats } from './target-stats.js';

const T0 = Date.parse('2026-03-01T12:00:00Z');
const A = { key: 'openai/gpt-4o' } as Target;
const B = { key: 'claude/claude-sonnet-4-6' } as Target;

function attempt(durationMs: number, extra: Partial<AttemptRecord> = {}): AttemptRecord {
  return { providerId: 'openai', providerType: 'openai', model: 'gpt-4o', durationMs, startedAt: 0, ...extra };
}

describe('RunningTargetStats', () => {
  it('counts attempts in flight per target, never below zero', () => {
    const s = new RunningTargetStats();
    s.begin(A);
    s.begin(A);
    s.begin(B);
    expect(s.inFlight(A)).toBe(2);
    s.end(A, attempt(10), T0);
    expect(s.inFlight(A)).toBe(1);
    expect(s.inFlight(B)).toBe(1);
    s.end(A, attempt(10), T0);
    s.end(A, attempt(10), T0);
    expect(s.inFlight(A)).toBe(0);
    expect(s.inFlight({ key: 'never/seen' } as Target)).toBe(0);
  });

  it('keeps a moving average of successful attempts’ time to the response head', () => {
    const s = new RunningTargetStats({ alpha: 0.5 });
    expect(s.latencyMs(A)).toBeUndefined();
    s.end(A, attempt(100), T0);
    expect(s.latencyMs(A)).toBe(100);
    s.end(A, attempt(200), T0);
    expect(s.latencyMs(A)).toBe(150);
    // A fast failure is not a sample; a timeout counts at the time it took; a cancelled attempt does not.
    s.end(A, attempt(1, { error: new GatewayError('upstream_error', 500, 'boom') }), T0);
    expect(s.latencyMs(A)).toBe(150);
    s.end(A, attempt(350, { error: new GatewayError('upstream_timeout', 504, 'slow') }), T0);
    expect(s.latencyMs(A)).toBe(250);
    s.end(A, attempt(5, { cancelled: true }), T0);
    expect(s.latencyMs(A)).toBe(250);
  });

  it('prefers time to first token once streams report it', () => {
    const s = new RunningTargetStats({ alpha: 0.5 });
    s.end(A, attempt(900), T0);
    s.firstToken(A, 300);
    expect(s.latencyMs(A)).toBe(300);
    s.firstToken(A, 100);
    expect(s.latencyMs(A)).toBe(200);
    s.end(A, attempt(5_000), T0);
    expect(s.latencyMs(A)).toBe(200);
  });

  it('reads headroom from the latest successful attempt’s headers, lazily, and forgets it after the reset', () => {
    const s = new RunningTargetStats();
    expect(s.headroom(A, T0)).toBeUndefined();
    const headers = {
      'x-ratelimit-limit-requests': '100',
      'x-ratelimit-remaining-requests': '40',
      'x-ratelimit-reset-requests': '10s',
      'x-ratelimit-limit-tokens': '1000',
      'x-ratelimit-remaining-tokens': '900',
      'x-ratelimit-reset-tokens': '1m0s',
    };
    s.end(A, attempt(10, { headers }), T0);
    expect(s.headroom(A, T0 + 1)).toBe(0.4);
    expect(s.headroom(A, T0 + 10_000)).toBe(0.9);
    expect(s.headroom(A, T0 + 60_000)).toBeUndefined();
    // A failed attempt's headers (not a 429) leave the last good ones in place.
    s.end(A, attempt(10, { headers: {}, error: new GatewayError('upstream_error', 500, 'boom') }), T0);
    expect(s.headroom(A, T0 + 1)).toBe(0.4);
    // A 429's headers replace them: they say the limit is spent.
    s.end(
      A,
      attempt(10, {
        headers: { 'x-ratelimit-limit-requests': '100', 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '5s' },
        error: new GatewayError('upstream_rate_limited', 429, 'slow down'),
      }),
      T0 + 1_000,
    );
    expect(s.headroom(A, T0 + 1_001)).toBe(0);
    // A success without rate-limit headers: headroom unknown.
    s.end(A, attempt(10, { headers: { 'content-type': 'application/json' } }), T0 + 2_000);
    expect(s.headroom(A, T0 + 2_001)).toBeUndefined();
  });

  it('parses the headers only when asked, and once per response', () => {
    const s = new RunningTargetStats();
    let reads = 0;
    const headers = new Proxy({ 'anthropic-ratelimit-requests-limit': '50', 'anthropic-ratelimit-requests-remaining': '25' } as Record<string, string>, {
      get(target, name) {
        reads++;
        return Reflect.get(target, name);
      },
    });
    for (let i = 0; i < 100; i++) s.end(A, attempt(10, { headers }), T0);
    expect(reads).toBe(0);
    expect(s.headroom(A, T0)).toBe(0.5);
    const once = reads;
    expect(once).toBeGreaterThan(0);
    expect(s.headroom(A, T0 + 1)).toBe(0.5);
    expect(reads).toBe(once);
  });

  it('snapshots every tracked target', () => {
    const s = new RunningTargetStats({ alpha: 0.5 });
    s.begin(A);
    s.end(B, attempt(120, { headers: { 'x-ratelimit-limit-tokens': '10', 'x-ratelimit-remaining-tokens': '5' } }), T0);
    const byKey = Object.fromEntries(s.snapshot(T0).map((x) => [x.key, x]));
    expect(byKey[A.key]).toEqual({ key: A.key, latencyMs: null, inFlight: 1, headroom: null });
    expect(byKey[B.key]).toEqual({ key: B.key, latencyMs: 120, inFlight: 0, headroom: 0.5 });
  });

  it('tracks a bounded number of keys, keeping those with attempts in flight', () => {
    const s = new RunningTargetStats({ maxKeys: 100 });
    s.begin(A);
    for (let i = 0; i < 1_000; i++) s.end({ key: `direct/model-${i}` } as Target, attempt(10), T0);
    expect(s.size).toBeLessThanOrEqual(100);
    expect(s.inFlight(A)).toBe(1);
  });

  it('refuses a smoothing factor outside (0, 1]', () => {
    expect(() => new RunningTargetStats({ alpha: 0 })).toThrow(RangeError);
    expect(() => new RunningTargetStats({ alpha: 1.5 })).toThrow(RangeError);
  });
});
