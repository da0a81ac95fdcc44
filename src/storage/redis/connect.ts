/**
 * The Redis connection for shared counters: fails fast instead of queueing while Redis is away (a
 * request must not wait for a reconnect to learn whether it is admitted), reconnects by itself
 * with a capped backoff, and never names the password (errors and logs use describeRedisUrl).
 */
import { Redis } from 'ioredis';

/** How the connection behaves; the defaults suit the request path. */
export interface RedisConnectOptions {
  /** Prefix of every key this client touches. */
  keyPrefix?: string;
  /** A command without an answer after this long is rejected (ms). */
  commandTimeoutMs?: number;
  /** A connection attempt is abandoned after this long (ms); reconnecting goes on. */
  connectTimeoutMs?: number;
  /** Reconnect attempts back off exponentially up to this delay (ms). */
  maxReconnectDelayMs?: number;
  /** Hears connection trouble, once per distinct message until the connection is ready again; the message never holds the password. */
  onError?: (message: string) => void;
}

/** The defaults: 250 ms per command, 2 s to connect, reconnect at most 1 s apart, keys under `sb:`. */
export const REDIS_DEFAULTS = { keyPrefix: 'sb:', commandTimeoutMs: 250, connectTimeoutMs: 2_000, maxReconnectDelayMs: 1_000 } as const;

const REDIS_SCHEME = /^rediss?:\/\//i;

/** Whether a setting names a Redis server (`redis://…` or `rediss://…`). */
export function isRedisUrl(url: string): boolean {
  return REDIS_SCHEME.test(url);
}

/** The URL as it may appear in logs and errors: scheme, user, host, port and database, never the password nor the query. */
export function describeRedisUrl(url: string): string {
  if (!isRedisUrl(url)) return 'the redis URL';
  try {
    const parsed = new URL(url);
    const user = parsed.username ? `${parsed.username}@` : '';
    const host = parsed.port ? `${parsed.hostname}:${parsed.port}` : parsed.hostname;
    const db = parsed.pathname && parsed.pathname !== '/' ? parsed.pathname : '';
    return `${parsed.protocol}//${user}${host}${db}`;
  } catch {
    return `${url.slice(0, url.indexOf(':'))}:// URL (not parseable)`;
  }
}

/** The delay before reconnect attempt `attempt` (1, 2, ...): 50 ms doubling, capped. */
export function reconnectDelay(attempt: number, maxDelayMs: number): number {
  return Math.min(maxDelayMs, 50 * 2 ** Math.min(attempt - 1, 16));
}

/** Creates the client and starts connecting; commands fail fast until it is ready (see redisReady). Throws on a URL that is not redis:// or rediss://. */
export function connectRedis(url: string, options: RedisConnectOptions = {}): Redis {
  const target = describeRedisUrl(url);
  if (!isRedisUrl(url)) throw new Error(`${target} is not a redis:// or rediss:// URL`);
  try {
    new URL(url);
  } catch {
    throw new Error(`${target}: cannot parse the redis URL`);
  }
  const maxDelay = options.maxReconnectDelayMs ?? REDIS_DEFAULTS.maxReconnectDelayMs;
  const client = new Redis(url, {
    keyPrefix: options.keyPrefix ?? REDIS_DEFAULTS.keyPrefix,
    // Fail fast: nothing waits in a queue for a reconnect, and a command is not resent after a
    // reconnect (its caller has already been told it failed; running it late would hold a
    // reservation nobody settles).
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    autoResendUnfulfilledCommands: false,
    commandTimeout: options.commandTimeoutMs ?? REDIS_DEFAULTS.commandTimeoutMs,
    connectTimeout: options.connectTimeoutMs ?? REDIS_DEFAULTS.connectTimeoutMs,
    retryStrategy: (attempt) => reconnectDelay(attempt, maxDelay),
    enableReadyCheck: true,
  });
  // Without a listener ioredis prints every failed attempt to the console; report each distinct
  // message once per outage instead.
  let last: string | undefined;
  client.on('error', (err: Error) => {
    const message = `redis ${target}: ${err.message}`;
    if (message === last) return;
    last = message;
    options.onError?.(message);
  });
  client.on('ready', () => {
    last = undefined;
  });
  return client;
}

/** Resolves true once the client is ready, false after timeoutMs (it keeps trying in the background) or when it was closed. */
export function redisReady(client: Redis, timeoutMs: number): Promise<boolean> {
  if (client.status === 'ready') return Promise.resolve(true);
  if (client.status === 'end') return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (ready: boolean) => {
      clearTimeout(timer);
      client.off('ready', onReady);
      client.off('end', onEnd);
      resolve(ready);
    };
    const onReady = () => done(true);
    const onEnd = () => done(false);
    const timer = setTimeout(() => done(false), timeoutMs);
    client.on('ready', onReady);
    client.on('end', onEnd);
  });
}
