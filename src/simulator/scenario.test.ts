/** Scenario parsing: the fault keys of the chaos harness, and how a header and a directive merge. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CHAOS_MIX, isChaosFault, MAX_ID_LENGTH, mergeSpecs, parseScenario } from './scenario.js';

describe('parseScenario', () => {
  it('gives the defaults for no scenario at all', () => {
    expect(parseScenario(undefined)).toEqual({ latencyMs: 0, ttftMs: 0, tokenMs: 0, cachedTokens: 0 });
    expect(parseScenario('')).toEqual({ latencyMs: 0, ttftMs: 0, tokenMs: 0, cachedTokens: 0 });
  });

  it('reads chaos, its mix and its seed', () => {
    expect(parseScenario('chaos=0.3 chaos_mix=429,500,529,hang,cut0 chaos_seed=42')).toMatchObject({
      chaos: 0.3,
      chaosMix: ['429', '500', '529', 'hang', 'cut0'],
      chaosSeed: 42,
    });
    expect(parseScenario('chaos=1').chaos).toBe(1);
    expect(parseScenario('chaos=0').chaos).toBe(0);
  });

  it('ignores a chaos rate outside 0..1 or not a number, and a seed that is not an integer', () => {
    for (const bad of ['chaos=1.5', 'chaos=-0.1', 'chaos=x', 'chaos=']) expect(parseScenario(bad).chaos).toBeUndefined();
    for (const bad of ['chaos_seed=1.5', 'chaos_seed=x', 'chaos_seed=']) expect(parseScenario(bad).chaosSeed).toBeUndefined();
  });

  it('keeps only injectable faults in chaos_mix, and no mix at all when none is', () => {
    expect(parseScenario('chaos_mix=429,teapot,,503,context_window').chaosMix).toEqual(['429', '503', 'context_window']);
    expect(parseScenario('chaos_mix=200,nope').chaosMix).toBeUndefined();
  });

  it('reads fail_times with id', () => {
    expect(parseScenario('fault=429 retry_after=1 fail_times=1 id=abc')).toMatchObject({ fault: '429', retryAfter: 1, failTimes: 1, id: 'abc' });
    expect(parseScenario('fail_times=-1').failTimes).toBeUndefined();
    expect(parseScenario('fail_times=2.5').failTimes).toBeUndefined();
  });

  it('refuses ids that are too long or hold other characters (they key a bounded map)', () => {
    expect(parseScenario(`id=${'a'.repeat(MAX_ID_LENGTH)}`).id).toHaveLength(MAX_ID_LENGTH);
    expect(parseScenario(`id=${'a'.repeat(MAX_ID_LENGTH + 1)}`).id).toBeUndefined();
    expect(parseScenario('id=a/b').id).toBeUndefined();
    expect(parseScenario('id=').id).toBeUndefined();
    expect(parseScenario('id=run-1.req:7_x').id).toBe('run-1.req:7_x');
  });

  it('lets a later pair override an earlier one', () => {
    expect(parseScenario('fault=500 fault=429').fault).toBe('429');
  });
});

describe('isChaosFault', () => {
  it('accepts error statuses and the named faults, nothing else', () => {
    for (const fault of [...DEFAULT_CHAOS_MIX, '400', '503', '599', 'reset', 'cut', 'context_window', 'content_filter']) expect(isChaosFault(fault)).toBe(true);
    for (const fault of ['200', '399', '600', '4.5', 'midstream_429', 'failed', '']) expect(isChaosFault(fault)).toBe(false);
  });
});

describe('mergeSpecs', () => {
  it('uses whichever is given alone', () => {
    expect(mergeSpecs(undefined, undefined)).toBeUndefined();
    expect(mergeSpecs(' id=a', undefined)).toBe(' id=a');
    expect(mergeSpecs(undefined, 'chaos=0.3')).toBe('chaos=0.3');
  });

  it("merges both, the header winning a key both set, so a provider's chaos keeps each request's id", () => {
    const merged = parseScenario(mergeSpecs(' id=req-1 fault=500 reply=hi', 'chaos=0.3 fault=429'));
    expect(merged).toMatchObject({ id: 'req-1', chaos: 0.3, fault: '429', reply: 'hi' });
  });
});
