/**
 * Where the Redis cache store keeps things (every key under the client's prefix, which the wiring
 * sets to `<governance.redis_prefix>cache:`), the script that writes one entry with its indexes in
 * one round trip, and the binary form of a question's vector.
 */
import { endianness } from 'node:os';

/** The JSON of one entry (PX TTL). */
export const entryKey = (key: string): string => `e:${key}`;
/** Sorted set of one scope's entry keys, scored by createdAt: what purges read instead of KEYS. */
export const scopeIndexKey = (scope: string): string => `s:${scope}`;
/** Sorted set of the scopes under one root (`team:T`, `global`, `caller:M`), scored by last write. */
export const rootIndexKey = (root: string): string => `r:${root}`;
/** Sorted set of every root, scored by last write: what a purge without team or scope reads. */
export const ROOTS_KEY = 'roots';
/** The longest entry lifetime (createdAt to expiresAt) ever written: index members older than it are dead. */
export const LIFETIME_KEY = 'lifetime';
/** Stream of one semantic partition's vectors: fields k (entry key), v (float32 bytes), x (expiresAt). */
export const vectorStreamKey = (partition: string): string => `v:${partition}`;

/** Slack for clocks of different replicas when pruning index members by age. */
export const CLOCK_SLACK_MS = 60_000;

/** The first segment of a scope: `team:T` for every scope of team T, else `global` or `caller:METHOD`. */
export function rootOf(scope: string): string {
  const slash = scope.indexOf('/');
  return slash === -1 ? scope : scope.slice(0, slash);
}

/**
 * Writes an entry and indexes it. KEYS: entry, scope index, root index, roots, lifetime[, vectors].
 * ARGV: json, px, createdAt, key, scope, root, now, lifetime, slack[, vector, expiresAt, maxVectors].
 * Index members created longer ago than the longest lifetime ever written are pruned on each write,
 * so the indexes hold live entries (plus replaced or purged stragglers) whatever the TTLs.
 */
export const PUT_LUA = `
local now = tonumber(ARGV[7])
local lifetime = tonumber(ARGV[8])
local longest = tonumber(redis.call('GET', KEYS[5]) or '0')
if lifetime > longest then longest = lifetime end
local window = longest + tonumber(ARGV[9])
redis.call('SET', KEYS[5], longest, 'PX', window * 2)
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
local cutoff = '(' .. (now - window)
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', cutoff)
redis.call('PEXPIRE', KEYS[2], window)
redis.call('ZADD', KEYS[3], now, ARGV[5])
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', cutoff)
redis.call('PEXPIRE', KEYS[3], window)
redis.call('ZADD', KEYS[4], now, ARGV[6])
redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', cutoff)
redis.call('PEXPIRE', KEYS[4], window)
if KEYS[6] then
  redis.call('XADD', KEYS[6], 'MAXLEN', '~', ARGV[12], '*', 'k', ARGV[4], 'v', ARGV[10], 'x', ARGV[11])
  redis.call('PEXPIRE', KEYS[6], window)
end
return 1
`;

const LITTLE_ENDIAN = endianness() === 'LE';

/** The vector as little-endian float32 bytes (exact: every replica searches the same numbers). */
export function encodeVector(vector: Float32Array): Buffer {
  if (LITTLE_ENDIAN) return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
  const out = Buffer.alloc(vector.length * 4);
  for (let i = 0; i < vector.length; i++) out.writeFloatLE(vector[i]!, i * 4);
  return out;
}

/** The vector back from its bytes (copied: a reply's buffer may be unaligned); undefined when they are not whole float32s. */
export function decodeVector(bytes: Buffer): Float32Array | undefined {
  if (bytes.length === 0 || bytes.length % 4 !== 0) return undefined;
  const out = new Float32Array(bytes.length / 4);
  if (LITTLE_ENDIAN) new Uint8Array(out.buffer).set(bytes);
  else for (let i = 0; i < out.length; i++) out[i] = bytes.readFloatLE(i * 4);
  return out;
}
