/**
 * Circuit breakers shared across replicas through Redis. A replica whose breaker opens runs, in
 * one MULTI, `SET P breaker:{key} UNTIL PX (UNTIL - now)` and `PUBLISH P breakers {message}`;
 * a close runs `DEL` and the same PUBLISH. Every replica subscribes to `P breakers` on a
 * connection of its own (a subscribed connection can run nothing else) and, on start and after
 * every reconnect, SCANs `P breaker:*` for the breakers opened while it was not listening.
 *
 * Key layout, under the prefix P (governance.redis_prefix, default `sb:`):
 *   P breaker:{targetKey}   string   the cool-down's end, ms since the epoch; expires then
 *   P breakers              channel  {"f":replicaId,"k":targetKey,"s":"open"|"closed","u":until}
 *
 * Redis trouble never fails a request: publishing is fire and forget, failures are logged once
 * per outage, and the breakers go on locally until Redis answers again.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../../pipeline/services.js';
import type { BreakerChange, BreakerSync } from '../../routing/breaker-sync.js';
import { connectRedis, describeRedisUrl, redisReady } from './connect.js';

/** How the sync is set up. */
export interface RedisBreakerSyncOptions {
  /** governance.redis_prefix: the channel and keys are under it. */
  prefix: string;
  logger: Logger;
  /** Names the server in logs, without its password (describeRedisUrl). */
  target?: string;
  /** How long start waits for Redis before going on without it (ms); default 3000. */
  readyTimeoutMs?: number;
  /** Tells this replica's own messages apart (default: a random id). */
  replicaId?: string;
  /** The wall clock (tests). */
  now?: () => number;
}

/** Target keys longer than this are not shared (direct calls name their model; Redis keys stay small). */
const MAX_SHARED_KEY = 512;
const SCAN_COUNT = 500;

interface Message {
  f: string;
  k: string;
  s: 'open' | 'closed';
  u?: number;
}

function parseMessage(text: string): Message | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const m = value as Record<string, unknown>;
  if (typeof m.f !== 'string' || typeof m.k !== 'string' || m.k.length === 0 || m.k.length > MAX_SHARED_KEY) return undefined;
  if (m.s === 'closed') return { f: m.f, k: m.k, s: 'closed' };
  if (m.s === 'open' && typeof m.u === 'number' && Number.isFinite(m.u)) return { f: m.f, k: m.k, s: 'open', u: m.u };
  return undefined;
}

/** Glob-escapes a SCAN pattern's literal part. */
function globLiteral(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}

/** The Redis BreakerSync; `client` runs commands, `subscriber` only listens. */
export class RedisBreakerSync implements BreakerSync {
  private readonly channel: string;
  private readonly keyPrefix: string;
  private readonly id: string;
  private readonly logger: Logger;
  private readonly target: string;
  private readonly readyTimeoutMs: number;
  private readonly now: () => number;
  private apply?: (change: BreakerChange) => void;
  private resyncing?: Promise<void>;
  private closed = false;
  /** Operations failing right now (logged once until they work again). */
  private readonly failing = new Set<string>();

  constructor(
    private readonly client: Redis,
    private readonly subscriber: Redis,
    options: RedisBreakerSyncOptions,
  ) {
    this.channel = `${options.prefix}breakers`;
    this.keyPrefix = `${options.prefix}breaker:`;
    this.id = options.replicaId ?? randomUUID();
    this.logger = options.logger;
    this.target = options.target ?? 'redis';
    this.readyTimeoutMs = options.readyTimeoutMs ?? 3_000;
    this.now = options.now ?? Date.now;
  }

  publish(change: BreakerChange): void {
    if (this.closed || change.key.length > MAX_SHARED_KEY) return;
    const key = this.keyPrefix + change.key;
    const now = this.now();
    const until = change.until;
    // An open whose cool-down is already over has nothing to tell.
    if (change.state === 'open' && (until === undefined || !(until > now))) return;
    try {
      const multi = this.client.multi();
      if (change.state === 'open') multi.set(key, String(until), 'PX', Math.ceil(until! - now));
      else multi.del(key);
      const message: Message = change.state === 'open' ? { f: this.id, k: change.key, s: 'open', u: until } : { f: this.id, k: change.key, s: 'closed' };
      multi.publish(this.channel, JSON.stringify(message));
      multi.exec().then(
        () => this.recovered('publish'),
        (err: unknown) => this.failed('publish', err),
      );
    } catch (err) {
      this.failed('publish', err);
    }
  }

  async start(apply: (change: BreakerChange) => void): Promise<void> {
    this.apply = apply;
    this.subscriber.on('message', (channel: string, text: string) => {
      if (channel === this.channel) this.receive(text);
    });
    // Every (re)connect: subscribe again and read what was opened meanwhile.
    this.subscriber.on('ready', () => void this.resync());
    if (this.subscriber.status === 'ready') await this.resync();
    else if (await redisReady(this.subscriber, this.readyTimeoutMs)) await this.resyncing;
    else this.logger.warn({ redis: this.target }, 'redis is not answering yet: circuit breakers stay local to this replica until it does');
  }

  async close(): Promise<void> {
    this.closed = true;
    this.subscriber.removeAllListeners('message');
    this.subscriber.removeAllListeners('ready');
    await Promise.all([quit(this.subscriber), quit(this.client)]);
  }

  private receive(text: string): void {
    const m = parseMessage(text);
    if (m === undefined || m.f === this.id || this.closed) return;
    this.deliver(m.s === 'open' ? { key: m.k, state: 'open', until: m.u } : { key: m.k, state: 'closed' });
  }

  private deliver(change: BreakerChange): void {
    try {
      this.apply?.(change);
    } catch (err) {
      this.logger.warn({ err, key: change.key }, 'applying a shared breaker change failed');
    }
  }

  /** Subscribes (once per connection) and applies every open breaker stored in Redis. */
  private resync(): Promise<void> {
    this.resyncing ??= this.subscribeAndScan().finally(() => {
      this.resyncing = undefined;
    });
    return this.resyncing;
  }

  private async subscribeAndScan(): Promise<void> {
    try {
      await this.subscriber.subscribe(this.channel);
      if (!(await redisReady(this.client, this.readyTimeoutMs))) throw new Error('the command connection is not ready');
      const pattern = `${globLiteral(this.keyPrefix)}*`;
      let cursor = '0';
      do {
        const [next, keys] = await this.client.scan(cursor, 'MATCH', pattern, 'COUNT', SCAN_COUNT);
        cursor = next;
        if (keys.length === 0) continue;
        const values = await this.client.mget(...keys);
        const now = this.now();
        keys.forEach((key, i) => {
          const until = Number(values[i]);
          if (Number.isFinite(until) && until > now && !this.closed) this.deliver({ key: key.slice(this.keyPrefix.length), state: 'open', until });
        });
      } while (cursor !== '0');
      this.recovered('resync');
    } catch (err) {
      this.failed('resync', err);
    }
  }

  private failed(operation: string, err: unknown): void {
    if (this.closed || this.failing.has(operation)) return;
    this.failing.add(operation);
    const message = err instanceof Error ? err.message : String(err);
    this.logger.warn({ redis: this.target, operation, message }, 'sharing circuit breakers through redis failed; they go on locally');
  }

  private recovered(operation: string): void {
    this.failing.delete(operation);
  }
}

async function quit(client: Redis): Promise<void> {
  try {
    await client.quit();
  } catch {
    // Not connected: nothing to say goodbye to.
    client.disconnect();
  }
}

/** Connects the two connections the sync needs (keys named in full, so no client key prefix) and builds it. */
export function openRedisBreakerSync(url: string, options: Omit<RedisBreakerSyncOptions, 'target'>): RedisBreakerSync {
  const target = describeRedisUrl(url);
  const onError = (message: string) => options.logger.warn({ redis: target, message }, 'redis unreachable (circuit breaker sharing)');
  const client = connectRedis(url, { keyPrefix: '', onError });
  const subscriber = connectRedis(url, { keyPrefix: '', onError });
  return new RedisBreakerSync(client, subscriber, { ...options, target });
}
