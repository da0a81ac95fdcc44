import { describe, expect, it } from 'vitest';
import { formatReset, setRateHeaders } from './rate-headers.js';

describe('rate-limit headers', () => {
  it('formats resets the way OpenAI does', () => {
    expect(formatReset(250)).toBe('250ms');
    expect(formatReset(12_000)).toBe('12s');
    expect(formatReset(65_000)).toBe('1m5s');
    expect(formatReset(-5)).toBe('0ms');
  });

  it('reports the rpm and tpm counters with the least room', () => {
    const headers: Record<string, string | number> = {};
    setRateHeaders(
      headers,
      [
        { id: 'key:rpm', kind: 'rpm', limit: 100, amount: 1 },
        { id: 'team:rpm', kind: 'rpm', limit: 600, amount: 1 },
        { id: 'key:tpm', kind: 'tpm', limit: 1000, amount: 10 },
        { id: 'key:cc', kind: 'concurrency', limit: 2, amount: 1 },
      ],
      [
        { limit: 100, remaining: 90, resetMs: 30_000 },
        { limit: 600, remaining: 10, resetMs: 30_000 },
        { limit: 1000, remaining: 500, resetMs: 30_000 },
        { limit: 2, remaining: 0, resetMs: 0 },
      ],
    );
    expect(headers).toEqual({
      'x-ratelimit-limit-requests': 600,
      'x-ratelimit-remaining-requests': 10,
      'x-ratelimit-reset-requests': '30s',
      'x-ratelimit-limit-tokens': 1000,
      'x-ratelimit-remaining-tokens': 500,
      'x-ratelimit-reset-tokens': '30s',
    });
  });
});
