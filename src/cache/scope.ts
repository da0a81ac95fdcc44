/**
 * Whose cache a request reads and writes. Entries belong to a tenant by construction: the scope
 * string is part of every key, so a request can only ever reach entries written under the same
 * scope. `key` (the default) shares nothing beyond one virtual key, `project` and `team` widen it
 * within one team, and only `global: true` (config, hence an owner) shares across teams. The
 * namespace header narrows a scope further; it can never widen one.
 */
import type { CallerIdentity } from '../pipeline/context.js';
import type { CacheSettings } from './settings.js';

/**
 * The scope string of a caller. A caller without a key (open mode, the admin key) has its own
 * scope per authentication method, never a tenant's. A key without a project under `project`
 * scope falls back to the key: narrower, never wider.
 */
export function scopeOf(identity: CallerIdentity | undefined, settings: CacheSettings, namespace: string | undefined): string {
  const base = settings.global ? 'global' : tenantScope(identity, settings.scope);
  return namespace === undefined ? base : `${base}/ns:${namespace}`;
}

function tenantScope(identity: CallerIdentity | undefined, scope: CacheSettings['scope']): string {
  if (!identity?.keyId) return `caller:${identity?.method ?? 'anonymous'}`;
  const team = identity.team ?? '';
  if (scope === 'team' && identity.team) return `team:${team}`;
  if (scope === 'project' && identity.project) return `team:${team}/project:${identity.project}`;
  return `team:${team}/key:${identity.keyId}`;
}

/** The team a scope string belongs to, for purges and statistics (undefined: global or keyless callers). */
export function teamOfScope(scope: string): string | undefined {
  const match = /^team:([^/]*)/.exec(scope);
  return match ? match[1] : undefined;
}
