/** Reads a cache entry back from its JSON in Redis, refusing anything that is not one (never throws). */
import type { CacheEntry } from '../../cache/entry.js';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The entry, or undefined when the text is not JSON of an entry (another writer's value, a torn write). */
export function parseCacheEntry(raw: string): CacheEntry | undefined {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!isObject(value)) return undefined;
  const { response, scope, alias, createdAt, expiresAt } = value;
  if (typeof scope !== 'string' || typeof alias !== 'string' || typeof createdAt !== 'number' || typeof expiresAt !== 'number') return undefined;
  if (!isObject(response) || typeof response.text !== 'string' || typeof response.id !== 'string' || typeof response.model !== 'string') return undefined;
  if (!Array.isArray(response.toolCalls) || !isObject(response.usage)) return undefined;
  return value as unknown as CacheEntry;
}
