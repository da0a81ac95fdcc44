/** Whether a stored entry matches a purge filter: the one rule every store applies. */
import type { CacheEntry } from './entry.js';
import type { PurgeFilter } from './store-contract.js';

function within(scope: string, prefix: string): boolean {
  return scope === prefix || scope.startsWith(`${prefix}/`);
}

/** True when every field the filter gives matches the entry. */
export function matchesPurge(entry: Pick<CacheEntry, 'scope' | 'createdAt'>, filter: PurgeFilter): boolean {
  if (filter.team !== undefined && !within(entry.scope, `team:${filter.team}`)) return false;
  if (filter.scope !== undefined && !within(entry.scope, filter.scope)) return false;
  if (filter.namespace !== undefined && !entry.scope.endsWith(`/ns:${filter.namespace}`)) return false;
  if (filter.createdBefore !== undefined && entry.createdAt >= filter.createdBefore) return false;
  return true;
}
