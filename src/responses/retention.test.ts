import { describe, expect, it } from 'vitest';
import { responseExpiresAt } from './retention.js';

describe('responseExpiresAt', () => {
  it('adds whole days, and keeps forever at 0', () => {
    expect(responseExpiresAt(1_000, 30)).toBe(1_000 + 30 * 86_400_000);
    expect(responseExpiresAt(1_000, 0)).toBeNull();
  });
});
