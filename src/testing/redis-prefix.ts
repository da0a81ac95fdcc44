/** Test cleanup for the real Redis: every key under a prefix, by SCAN (never KEYS), in batches. */
import type { Redis } from 'ioredis';

/** Deletes every key that starts with `prefix`. */
export async function deleteRedisPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}
