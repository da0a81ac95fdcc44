import { describe, expect, it } from 'vitest';
import { headroomOf, parseDuration, parseRateLimits, parseReset, UNDATED_HEADROOM_MS } from './rate-limit-headers.js';

const T0 = Date.parse('2026-03-01T12:00:00Z');

describe('parseDuration', () => {
  it('reads Go-style durations as OpenAI and Groq send them', () => {
    expect(parseDuration('1s')).toBe(1_000);
    expect(parseDuration('6m0s')).toBe(360_000);
    expect(parseDuration('120ms')).toBe(120);
    expect(parseDuration('12ms')).toBe(12);
    expect(parseDuration('0s')).toBe(0);
    expect(parseDuration('2m59.56s')).toBeCloseTo(179_560, 6);
    expect(parseDuration('7.66s')).toBeCloseTo(7_660, 6);
    expect(parseDuration('1h2m3s')).toBe(3_723_000);
    expect(parseDuration('1500us')).toBeCloseTo(1.5, 6);
    expect(parseDuration('250µs')).toBeCloseTo(0.25, 6);
  });

  it('refuses what is not a duration', () => {
    for (const text of ['', '1', 's', '1x', '1s ', ' 1s', '1s2', '-1s', 'abc', '1.2.3s', `${'1s'.repeat(40)}`])
      expect(parseDuration(text), text).toBeUndefined();
  });
});

describe('parseReset', () => {
  it('takes RFC 3339 times as they are, durations and bare seconds from the response time', () => {
    expect(parseReset('2026-03-01T12:00:30Z', 0)).toBe(T0 + 30_000);
    expect(parseReset('2026-03-01T13:00:30+01:00', 0)).toBe(T0 + 30_000);
    expect(parseReset('6m0s', T0)).toBe(T0 + 360_000);
    expect(parseReset('20', T0)).toBe(T0 + 20_000);
    expect(parseReset('0.5', T0)).toBe(T0 + 500);
    expect(parseReset('soon', T0)).toBeUndefined();
    expect(parseReset('2026-13-45T99:00:00Z', T0)).toBeUndefined();
  });
});

describe('parseRateLimits', () => {
  it('reads the OpenAI family (limit, remaining, reset for requests and tokens)', () => {
    const dims = parseRateLimits(
      {
        'x-ratelimit-limit-requests': '60',
        'x-ratelimit-remaining-requests': '59',
        'x-ratelimit-reset-requests': '1s',
        'x-ratelimit-limit-tokens': '150000',
        'x-ratelimit-remaining-tokens': '149984',
        'x-ratelimit-reset-tokens': '6m0s',
        'x-ratelimit-limit-tokens_usage_based': '1',
        'x-ratelimit-remaining-tokens_usage_based': '0',
      },
      T0,
    );
    expect(dims).toEqual([
      { name: 'requests', limit: 60, remaining: 59, resetAt: T0 + 1_000 },
      { name: 'tokens', limit: 150_000, remaining: 149_984, resetAt: T0 + 360_000 },
    ]);
  });

  it('reads the Anthropic family (requests, tokens, input and output tokens; RFC 3339 resets)', () => {
    const dims = parseRateLimits(
      {
        'anthropic-ratelimit-requests-limit': '1000',
        'anthropic-ratelimit-requests-remaining': '999',
        'anthropic-ratelimit-requests-reset': '2026-03-01T12:00:01Z',
        'anthropic-ratelimit-tokens-limit': '96000',
        'anthropic-ratelimit-tokens-remaining': '48000',
        'anthropic-ratelimit-tokens-reset': '2026-03-01T12:00:02Z',
        'anthropic-ratelimit-input-tokens-limit': '80000',
        'anthropic-ratelimit-input-tokens-remaining': '80000',
        'anthropic-ratelimit-input-tokens-reset': '2026-03-01T12:00:03Z',
        'anthropic-ratelimit-output-tokens-limit': '16000',
        'anthropic-ratelimit-output-tokens-remaining': '4000',
        'anthropic-ratelimit-output-tokens-reset': '2026-03-01T12:00:04Z',
      },
      0,
    );
    expect(dims).toEqual([
      { name: 'requests', limit: 1000, remaining: 999, resetAt: T0 + 1_000 },
      { name: 'tokens', limit: 96_000, remaining: 48_000, resetAt: T0 + 2_000 },
      { name: 'input-tokens', limit: 80_000, remaining: 80_000, resetAt: T0 + 3_000 },
      { name: 'output-tokens', limit: 16_000, remaining: 4_000, resetAt: T0 + 4_000 },
    ]);
  });

  it('skips dimensions it cannot use: no limit, negative or unreadable values; keeps one with an unreadable reset, undated', () => {
    const dims = parseRateLimits(
      {
        'x-ratelimit-remaining-requests': '10',
        'x-ratelimit-limit-tokens': '-1',
        'x-ratelimit-remaining-tokens': '-1',
        'anthropic-ratelimit-requests-limit': 'many',
        'anthropic-ratelimit-requests-remaining': '3',
        'anthropic-ratelimit-tokens-limit': '',
        'anthropic-ratelimit-tokens-remaining': '5',
        'anthropic-ratelimit-output-tokens-limit': '100',
        'anthropic-ratelimit-output-tokens-remaining': '10',
        'anthropic-ratelimit-output-tokens-reset': 'whenever',
      },
      T0,
    );
    expect(dims).toEqual([{ name: 'output-tokens', limit: 100, remaining: 10 }]);
    expect(parseRateLimits({ 'content-type': 'application/json' }, T0)).toEqual([]);
  });
});

describe('headroomOf', () => {
  const dims = [
    { name: 'requests', limit: 100, remaining: 80, resetAt: T0 + 1_000 },
    { name: 'tokens', limit: 1_000, remaining: 250, resetAt: T0 + 60_000 },
  ];

  it('is the smallest remaining/limit among current dimensions', () => {
    expect(headroomOf(dims, T0, T0)).toBe(0.25);
  });

  it('drops a dimension past its reset (it has refilled), and is undefined when none is current', () => {
    const reversed = [
      { name: 'requests', limit: 100, remaining: 10, resetAt: T0 + 1_000 },
      { name: 'tokens', limit: 1_000, remaining: 500, resetAt: T0 + 60_000 },
    ];
    expect(headroomOf(reversed, T0, T0 + 999)).toBe(0.1);
    expect(headroomOf(reversed, T0, T0 + 1_000)).toBe(0.5);
    expect(headroomOf(reversed, T0, T0 + 60_000)).toBeUndefined();
    expect(headroomOf([], T0, T0)).toBeUndefined();
  });

  it('believes an undated dimension for a while only, and caps remaining above limit at 1', () => {
    const undated = [{ name: 'requests', limit: 10, remaining: 20 }];
    expect(headroomOf(undated, T0, T0 + UNDATED_HEADROOM_MS - 1)).toBe(1);
    expect(headroomOf(undated, T0, T0 + UNDATED_HEADROOM_MS)).toBeUndefined();
  });
});
