/**
 * The canonical form of a template: JSON with object keys sorted at every depth, so the same
 * content hashes the same whichever order a file or a client wrote its keys in.
 */
import { createHash } from 'node:crypto';

/** The value with every object's keys sorted (arrays keep their order; undefined members dropped). */
export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const member = (value as Record<string, unknown>)[key];
      if (member !== undefined) out[key] = sortKeysDeep(member);
    }
    return out;
  }
  return value;
}

/** JSON text with sorted keys. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeysDeep(value));
}

/** sha256 hex of the canonical JSON: a prompt version's content_hash. */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}
