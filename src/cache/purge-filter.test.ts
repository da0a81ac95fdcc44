/** Which entries a purge removes. */
import { describe, expect, it } from 'vitest';
import { matchesPurge } from './purge-filter.js';

const entry = (scope: string, createdAt = 100) => ({ scope, createdAt });

describe('matchesPurge', () => {
  it('an empty filter matches everything', () => {
    expect(matchesPurge(entry('global'), {})).toBe(true);
  });

  it('a team matches its scopes and nothing of a team whose id merely starts the same', () => {
    expect(matchesPurge(entry('team:t1'), { team: 't1' })).toBe(true);
    expect(matchesPurge(entry('team:t1/key:k'), { team: 't1' })).toBe(true);
    expect(matchesPurge(entry('team:t1/project:p/ns:x'), { team: 't1' })).toBe(true);
    expect(matchesPurge(entry('team:t10/key:k'), { team: 't1' })).toBe(false);
    expect(matchesPurge(entry('global'), { team: 't1' })).toBe(false);
  });

  it('a scope matches itself and what is under it', () => {
    expect(matchesPurge(entry('team:t1/key:k'), { scope: 'team:t1/key:k' })).toBe(true);
    expect(matchesPurge(entry('team:t1/key:k/ns:a'), { scope: 'team:t1/key:k' })).toBe(true);
    expect(matchesPurge(entry('team:t1/key:k2'), { scope: 'team:t1/key:k' })).toBe(false);
  });

  it('a namespace matches entries written under it only', () => {
    expect(matchesPurge(entry('team:t1/ns:a'), { namespace: 'a' })).toBe(true);
    expect(matchesPurge(entry('team:t1/ns:ba'), { namespace: 'a' })).toBe(false);
    expect(matchesPurge(entry('team:t1'), { namespace: 'a' })).toBe(false);
  });

  it('createdBefore is strict, and every field given must match', () => {
    expect(matchesPurge(entry('global', 99), { createdBefore: 100 })).toBe(true);
    expect(matchesPurge(entry('global', 100), { createdBefore: 100 })).toBe(false);
    expect(matchesPurge(entry('team:t1/ns:a', 50), { team: 't1', namespace: 'a', createdBefore: 100 })).toBe(true);
    expect(matchesPurge(entry('team:t1/ns:a', 50), { team: 't2', namespace: 'a', createdBefore: 100 })).toBe(false);
  });
});
