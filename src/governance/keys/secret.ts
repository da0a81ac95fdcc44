/**
 * Virtual key secrets: `sk-sb-` and 43 base64url characters (256 random bits). Only the SHA-256
 * of a secret is stored; a salted slow hash would add nothing for a random 256-bit secret and would
 * cost every request. Hashes are compared by map lookup on the digest, never on the secret.
 */
import { hash, randomBytes } from 'node:crypto';

/** Every virtual key starts with this, so leaked keys are recognisable (secret scanners, logs). */
export const KEY_PREFIX = 'sk-sb-';
/** Characters of a secret kept for display. */
const DISPLAY_LENGTH = KEY_PREFIX.length + 6;

/** A new secret with its hash and display prefix; the secret is shown once and never stored. */
export function newKeySecret(): { secret: string; hash: string; prefix: string } {
  const secret = KEY_PREFIX + randomBytes(32).toString('base64url');
  return { secret, hash: hashKey(secret), prefix: secret.slice(0, DISPLAY_LENGTH) };
}

/** The stored form of a secret: SHA-256, hex. */
export function hashKey(secret: string): string {
  // The one-shot form: a Hash object per request cost several µs more.
  return hash('sha256', secret, 'hex');
}

/** Whether a presented credential claims to be a virtual key (open mode passes other keys through untouched). */
export function looksLikeVirtualKey(presented: string): boolean {
  return presented.startsWith(KEY_PREFIX);
}
