/** Whose entries a request reaches: the scope string of each kind of caller and setting. */
import { describe, expect, it } from 'vitest';
import type { CallerIdentity } from '../pipeline/context.js';
import { scopeOf, teamOfScope } from './scope.js';
import type { CacheSettings } from './settings.js';

const settings = (scope: CacheSettings['scope'], global = false): CacheSettings => ({
  mode: 'exact',
  ttlMs: 1000,
  scope,
  global,
  maxEntryBytes: 1000,
  semantic: { threshold: 0.9, embedder: 'builtin', guards: true, maxQuestionChars: 100 },
});

const inProject: CallerIdentity = { method: 'virtual_key', keyId: 'k1', project: 'p1', team: 't1' };
const noProject: CallerIdentity = { method: 'virtual_key', keyId: 'k2', team: 't1' };

describe('scopeOf', () => {
  it('key scope: the key within its team', () => {
    expect(scopeOf(inProject, settings('key'), undefined)).toBe('team:t1/key:k1');
    expect(scopeOf(noProject, settings('key'), undefined)).toBe('team:t1/key:k2');
  });

  it('project scope: the project, or the key when there is none (narrower, never wider)', () => {
    expect(scopeOf(inProject, settings('project'), undefined)).toBe('team:t1/project:p1');
    expect(scopeOf(noProject, settings('project'), undefined)).toBe('team:t1/key:k2');
  });

  it('team scope: the team', () => {
    expect(scopeOf(inProject, settings('team'), undefined)).toBe('team:t1');
    expect(scopeOf(noProject, settings('team'), undefined)).toBe('team:t1');
    expect(scopeOf({ ...inProject, team: 't2' }, settings('team'), undefined)).toBe('team:t2');
  });

  it('callers without a key get a scope per method, never a tenant’s', () => {
    expect(scopeOf({ method: 'admin_key' }, settings('team'), undefined)).toBe('caller:admin_key');
    expect(scopeOf({ method: 'open_mode' }, settings('key'), undefined)).toBe('caller:open_mode');
    expect(scopeOf(undefined, settings('key'), undefined)).toBe('caller:anonymous');
  });

  it('global shares across teams; a namespace narrows any scope', () => {
    expect(scopeOf(inProject, settings('key', true), undefined)).toBe('global');
    expect(scopeOf(noProject, settings('team', true), 'ns1')).toBe('global/ns:ns1');
    expect(scopeOf(inProject, settings('team'), 'a')).toBe('team:t1/ns:a');
    expect(scopeOf(inProject, settings('team'), 'a')).not.toBe(scopeOf(inProject, settings('team'), 'b'));
  });
});

describe('teamOfScope', () => {
  it('names the team of a tenant scope, nothing for global or keyless ones', () => {
    expect(teamOfScope('team:t1/key:k1')).toBe('t1');
    expect(teamOfScope('team:t1')).toBe('t1');
    expect(teamOfScope('team:t1/ns:x')).toBe('t1');
    expect(teamOfScope('global')).toBeUndefined();
    expect(teamOfScope('caller:admin_key')).toBeUndefined();
  });
});
