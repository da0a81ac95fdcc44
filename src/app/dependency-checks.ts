/**
 * The /readyz probes of the gateway's own dependencies: the database (a `select 1`, on SQLite
 * or PostgreSQL) and, when `redis:` is set, Redis (a PING on a connection of its own, so a
 * probe never queues behind counter traffic). The server limits each probe's time and reuses
 * its answer briefly (observability/readiness.ts).
 */
import { sql } from 'kysely';
import type { Config } from '../config/schema.js';
import type { ReadinessCheck } from '../observability/readiness.js';
import type { Storage } from '../storage/open.js';
import { connectRedis, describeRedisUrl } from '../storage/redis/connect.js';

/** The dependency probes and what closes them. */
export interface DependencyChecks {
  checks: ReadinessCheck[];
  close(): Promise<void>;
}

/** A probe of the database: one trivial query. */
export function storageCheck(storage: Pick<Storage, 'db'>): ReadinessCheck {
  return {
    name: 'storage',
    async check() {
      try {
        await sql`select 1`.execute(storage.db);
        return undefined;
      } catch (err) {
        return `unreachable: ${(err as Error).message}`;
      }
    },
  };
}

/** A probe of Redis at `url`: PING on its own connection; the reason names the last connection error, never the password. */
export function redisCheck(url: string): { check: ReadinessCheck; close(): Promise<void> } {
  const target = describeRedisUrl(url);
  let lastError: string | undefined;
  const client = connectRedis(url, {
    commandTimeoutMs: 1_000,
    onError: (message) => {
      // connectRedis prefixes its messages with the target; /readyz names the check already.
      const prefix = `redis ${target}: `;
      lastError = message.startsWith(prefix) ? message.slice(prefix.length) : message;
    },
  });
  client.on('ready', () => {
    lastError = undefined;
  });
  return {
    check: {
      name: 'redis',
      async check() {
        if (client.status !== 'ready') return `unreachable: ${lastError ?? `connection ${client.status}`}`;
        try {
          await client.ping();
          return undefined;
        } catch (err) {
          return `unreachable: ${(err as Error).message}`;
        }
      },
    },
    async close() {
      client.disconnect();
    },
  };
}

/** The probes this config needs: storage always, Redis when configured. */
export function dependencyChecks(config: Config, storage: Storage): DependencyChecks {
  const checks: ReadinessCheck[] = [storageCheck(storage)];
  let closeRedis = async () => {};
  if (config.redis) {
    const redis = redisCheck(config.redis);
    checks.push(redis.check);
    closeRedis = redis.close;
  }
  return { checks, close: () => closeRedis() };
}
