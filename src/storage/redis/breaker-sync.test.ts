/**
 * Breakers shared through the real Redis on 127.0.0.1:6379, under a prefix of this run's own: an
 * open on one replica is seen by another, and so is a close; a replica started later sees the
 * breakers already open; a replica never hears itself; and with Redis unreachable the breakers
 * go on locally without a throw.
 */
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Target } from '../../config/compile.js';
import type { Logger } from '../../pipeline/services.js';
import type { BreakerChange } from '../../routing/breaker-sync.js';
import { CircuitBreakers } from '../../routing/breakers.js';
import type { ResolvedBreaker } from '../../config/model-group.js';
import { openRedisBreakerSync, type RedisBreakerSync } from './breaker-sync.js';
import { deleteRedisPrefix } from '../../testing/redis-prefix.js';

const URL = 'redis://127.0.0.1:6379';
const PREFIX = `sbtest:breakers:${process.pid}:${Date.now()}:`;
const S: ResolvedBreaker = { consecutiveFailures: 2, errorRate: 0.5, minRequests: 10, windowMs: 10_000, cooldownMs: 60_000 };
const A = { key: 'openai/gpt-4o' } as Target;
const B = { key: 'claude/claude-sonnet-4-6' } as Target;

const admin = new Redis(URL);
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  await deleteRedisPrefix(admin, PREFIX);
  admin.disconnect();
});

interface Logged {
  fields: object;
  message: string;
}

function logger(into: Logged[] = []): Logger {
  const log = (fields: object, message: string) => into.push({ fields, message });
  return { error: log, warn: log, info: log };
}

/** A replica: breakers with a Redis sync under `prefix`, started. */
async function replica(prefix: string, url = URL, logged: Logged[] = []): Promise<{ breakers: CircuitBreakers; sync: RedisBreakerSync }> {
  const sync = openRedisBreakerSync(url, { prefix, logger: logger(logged), readyTimeoutMs: 2_000 });
  const breakers = new CircuitBreakers({ sync });
  cleanups.push(() => breakers.close());
  await breakers.start();
  return { breakers, sync };
}

/** Waits until `condition` holds (messages cross Redis asynchronously); fails after 5 s. */
async function eventually(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function openLocally(breakers: CircuitBreakers, target: Target): void {
  for (let i = 0; i < S.consecutiveFailures; i++) breakers.record(target, S, true, Date.now());
}

describe('RedisBreakerSync', () => {
  it('an open on one replica opens the breaker on another until the same time; a close closes it there too', async () => {
    const prefix = `${PREFIX}a:`;
    const one = await replica(prefix);
    const two = await replica(prefix);
    openLocally(one.breakers, A);
    expect(one.breakers.check(A, S, Date.now())).toBe('open');
    await eventually(() => two.breakers.check(A, S, Date.now()) === 'open', 'replica two sees the open breaker');
    const until = Number(await admin.get(`${prefix}breaker:${A.key}`));
    expect(until).toBeGreaterThan(Date.now());
    expect(until).toBeLessThanOrEqual(Date.now() + S.cooldownMs);
    const now = Date.now();
    expect(two.breakers.openForMs(A, now)).toBe(until - now);
    expect(await admin.pttl(`${prefix}breaker:${A.key}`)).toBeGreaterThan(0);
    const remote = two.breakers.snapshot().find((s) => s.key === A.key)!;
    expect(remote).toMatchObject({ state: 'open', remote: true });
    expect(two.breakers.check(B, S, Date.now())).toBe('closed');

    // Replica one's cool-down ends; its probe succeeds and closes the breaker everywhere.
    const later = Date.now() + S.cooldownMs;
    expect(one.breakers.check(A, S, later)).toBe('probe');
    one.breakers.record(A, S, false, later);
    await eventually(() => two.breakers.check(A, S, Date.now()) === 'closed', 'replica two sees the close');
    expect(await admin.exists(`${prefix}breaker:${A.key}`)).toBe(0);
  });

  it('a replica started later reads the breakers already open', async () => {
    const prefix = `${PREFIX}b:`;
    const one = await replica(prefix);
    openLocally(one.breakers, B);
    // The SET is in Redis once replica one's MULTI has run.
    const key = `${prefix}breaker:${B.key}`;
    const deadline = Date.now() + 5_000;
    while ((await admin.exists(key)) === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    const late = await replica(prefix);
    expect(late.breakers.check(B, S, Date.now())).toBe('open');
    expect(late.breakers.check(A, S, Date.now())).toBe('closed');
  });

  it('ignores its own messages and what another prefix publishes', async () => {
    const prefix = `${PREFIX}c:`;
    const heard = { one: [] as BreakerChange[], two: [] as BreakerChange[], other: [] as BreakerChange[] };
    const start = async (p: string, into: BreakerChange[]) => {
      const sync = openRedisBreakerSync(URL, { prefix: p, logger: logger(), readyTimeoutMs: 2_000 });
      cleanups.push(() => sync.close());
      await sync.start((c) => into.push(c));
      return sync;
    };
    const one = await start(prefix, heard.one);
    const two = await start(prefix, heard.two);
    await start(`${PREFIX}c-other:`, heard.other);
    const until = Date.now() + 30_000;
    one.publish({ key: A.key, state: 'open', until });
    await eventually(() => heard.two.length === 1, 'two hears one');
    two.publish({ key: B.key, state: 'closed' });
    // Redis delivers one's message to one's own subscriber before two's, so by the time two's
    // arrives, one's own would have too.
    await eventually(() => heard.one.length === 1, 'one hears two');
    expect(heard.one).toEqual([{ key: B.key, state: 'closed' }]);
    expect(heard.two).toEqual([{ key: A.key, state: 'open', until }]);
    expect(heard.other).toEqual([]);
  });

  it('drops messages that are not its own shape', async () => {
    const prefix = `${PREFIX}d:`;
    const heard: BreakerChange[] = [];
    const sync = openRedisBreakerSync(URL, { prefix, logger: logger(), readyTimeoutMs: 2_000 });
    cleanups.push(() => sync.close());
    await sync.start((c) => heard.push(c));
    for (const junk of ['not json', '{}', '{"f":"x","k":"a/b","s":"open"}', '{"f":"x","k":"","s":"closed"}', '{"f":"x","k":"a/b","s":"half"}', 'null'])
      await admin.publish(`${prefix}breakers`, junk);
    await admin.publish(`${prefix}breakers`, JSON.stringify({ f: 'someone', k: 'a/b', s: 'closed' }));
    await eventually(() => heard.length > 0, 'the valid message');
    expect(heard).toEqual([{ key: 'a/b', state: 'closed' }]);
  });

  it('with Redis unreachable, starts, publishes and keeps the breakers working locally, saying so once', async () => {
    const logged: Logged[] = [];
    // Port 1 on loopback: nothing listens, the connection is refused.
    const sync = openRedisBreakerSync('redis://127.0.0.1:1', { prefix: `${PREFIX}e:`, logger: logger(logged), readyTimeoutMs: 200 });
    const breakers = new CircuitBreakers({ sync });
    cleanups.push(() => breakers.close());
    await breakers.start();
    for (let round = 0; round < 3; round++) {
      openLocally(breakers, A);
      expect(breakers.check(A, S, Date.now())).toBe('open');
      expect(breakers.check(A, S, Date.now() + S.cooldownMs)).toBe('probe');
      breakers.record(A, S, false, Date.now() + S.cooldownMs);
      expect(breakers.check(A, S, Date.now())).toBe('closed');
    }
    await eventually(() => logged.some((l) => l.message.includes('failed')), 'the publish failure is logged');
    expect(logged.filter((l) => (l.fields as { operation?: string }).operation === 'publish')).toHaveLength(1);
    expect(JSON.stringify(logged)).not.toMatch(/password/i);
  });
});
