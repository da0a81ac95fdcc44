/**
 * What only the Redis CounterStore must show: one round trip per admission and per settlement
 * (counted with MONITOR), limits exact across two replicas sharing one Redis, a prompt typed error
 * while Redis is away, and recovery without a new store when it returns. Uses Redis on
 * 127.0.0.1:6379 under a prefix of this file's own, and a redis-server of its own for the outage.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { AdmitInput, CounterStore } from '../../governance/counters/contract.js';
import { CounterStoreUnavailableError, isCounterStoreUnavailable } from '../../governance/counters/errors.js';
import { connectRedis, describeRedisUrl, redisReady } from './connect.js';
import { openRedisCounterStore, RedisCounterStore } from './counter-store.js';
import { deleteRedisPrefix } from '../../testing/redis-prefix.js';

const URL = 'redis://127.0.0.1:6379';
const PREFIX = `sbtest:ctr-redis:${process.pid}:${Date.now()}:`;
const T0 = Math.floor(1_800_000_000_000 / 60_000) * 60_000 + 10_000;
const DAY = 86_400_000;

const admin = new Redis(URL);
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  await deleteRedisPrefix(admin, PREFIX);
  admin.disconnect();
});

/** A store on its own connection, keys under PREFIX + sub. */
async function replica(sub: string): Promise<{ store: RedisCounterStore; client: Redis }> {
  const client = connectRedis(URL, { keyPrefix: `${PREFIX}${sub}:` });
  expect(await redisReady(client, 5_000)).toBe(true);
  const store = new RedisCounterStore(client, { now: () => T0, ownsClient: true });
  cleanups.push(() => store.close());
  return { store, client };
}

let seq = 0;
function request(over: Partial<AdmitInput> = {}): AdmitInput {
  return {
    reservationId: `q${seq++}`,
    now: T0,
    reservationTtlMs: 60_000,
    rates: [
      { id: 'key:k1:rpm', kind: 'rpm', limit: 1_000, amount: 1 },
      { id: 'key:k1:tpm', kind: 'tpm', limit: 1_000_000, amount: 500 },
      { id: 'key:k1:conc', kind: 'concurrency', limit: 1_000, amount: 1 },
    ],
    budgets: [
      { id: 'key:k1:day', limitUsd: 100, limitTokens: null, reserveUsd: 0.01, reserveTokens: 0, periodEndsAt: T0 + DAY },
      { id: 'team:t1:month', limitUsd: 1_000, limitTokens: 10_000_000, reserveUsd: 0.01, reserveTokens: 600, periodEndsAt: T0 + 30 * DAY },
    ],
    ...over,
  };
}

function settleOf(input: AdmitInput) {
  return {
    reservationId: input.reservationId,
    now: T0,
    rates: [
      { id: 'key:k1:tpm', kind: 'tpm' as const, delta: -100 },
      { id: 'key:k1:conc', kind: 'concurrency' as const, delta: 0 },
    ],
    budgets: input.budgets.map((b) => ({ id: b.id, actualUsd: 0.004, actualTokens: 400, periodEndsAt: b.periodEndsAt })),
  };
}

async function seedAll(store: CounterStore, input: AdmitInput): Promise<void> {
  for (const b of input.budgets) await store.seed(b.id, 0, 0, b.periodEndsAt);
}

/** A TCP port nothing listens on (just released by us). */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

describe('RedisCounterStore round trips', () => {
  it('admits in exactly one command and settles in exactly one, however many counters apply', async () => {
    const { store, client } = await replica('rt');
    await seedAll(store, request());
    // The first script call on a connection sends EVAL with the script text; later ones EVALSHA.
    const warm = request();
    expect((await store.admit(warm)).ok).toBe(true);
    await store.settle(settleOf(warm));

    const source = `${client.stream.localAddress}:${client.stream.localPort}`;
    const monitor = await admin.duplicate().monitor();
    cleanups.push(() => monitor.disconnect());
    const seen: Array<{ args: string[]; source: string }> = [];
    const marker = `sbtest-marker-${process.pid}-${seq}`;
    const sawMarker = new Promise<void>((resolve) => {
      monitor.on('monitor', (_time: string, args: string[], from: string) => {
        seen.push({ args, source: from });
        if (args[0]?.toLowerCase() === 'echo' && args[1] === marker) resolve();
      });
    });

    const N = 25;
    const inputs = Array.from({ length: N }, () => request());
    const admitted = await Promise.all(inputs.map((i) => store.admit(i)));
    expect(admitted.every((a) => a.ok)).toBe(true);
    await Promise.all(inputs.map((i) => store.settle(settleOf(i))));
    // MONITOR reports commands in the order Redis ran them: once the marker shows, all of ours have.
    const other = admin.duplicate();
    cleanups.push(() => other.disconnect());
    await other.echo(marker);
    await sawMarker;

    const ours = seen.filter((c) => c.source === source);
    expect(ours).toHaveLength(2 * N);
    expect(ours.every((c) => c.args[0]!.toLowerCase() === 'evalsha')).toBe(true);
    // Every key of both scripts is under this store's prefix, and the scripts did run commands there.
    for (const c of ours) {
      const numKeys = Number(c.args[2]);
      expect(numKeys).toBeGreaterThan(0);
      for (const key of c.args.slice(3, 3 + numKeys)) expect(key.startsWith(`${PREFIX}rt:`)).toBe(true);
    }
    expect(seen.some((c) => c.source === 'lua' && c.args.some((a) => a.startsWith(`${PREFIX}rt:bg:`)))).toBe(true);
  });
});

describe('RedisCounterStore across replicas', () => {
  it('two replicas on one Redis share the counters: an rpm limit of 100 admits exactly 100 of 150', async () => {
    const a = await replica('two');
    const b = await replica('two');
    const input = () => request({ rates: [{ id: 'key:shared:rpm', kind: 'rpm', limit: 100, amount: 1 }], budgets: [] });
    const results = await Promise.all(Array.from({ length: 150 }, (_, i) => (i % 2 === 0 ? a : b).store.admit(input())));
    expect(results.filter((r) => r.ok)).toHaveLength(100);
  });

  it('two replicas seeding and admitting at once keep a budget exact: the first seed wins, 40 of 100 fit', async () => {
    const a = await replica('two-budget');
    const b = await replica('two-budget');
    await Promise.all([a.store.seed('team:shared', 0.2, 0, T0 + DAY), b.store.seed('team:shared', 0.5, 0, T0 + DAY)]);
    const input = () =>
      request({ rates: [], budgets: [{ id: 'team:shared', limitUsd: 1, limitTokens: null, reserveUsd: 0.02, reserveTokens: 0, periodEndsAt: T0 + DAY }] });
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? a : b).store.admit(input())));
    const admitted = results.filter((r) => r.ok).length;
    const refusal = results.find((r) => !r.ok);
    if (!refusal || refusal.ok || refusal.refused !== 'budget') throw new Error(`expected a budget refusal, got ${JSON.stringify(refusal)}`);
    // Whichever seed came first holds: 0.8 of room fits 40 reservations of 0.02, 0.5 fits 25.
    const spent = refusal.state.spentUsd;
    expect([0.2, 0.5]).toContain(spent);
    expect(admitted).toBe(spent === 0.2 ? 40 : 25);
  });
});

describe('RedisCounterStore when Redis is away', () => {
  it('rejects promptly with CounterStoreUnavailableError where nothing listens, and never names the password', async () => {
    const port = await freePort();
    const url = `redis://switchboard:hunter2-secret@127.0.0.1:${port}/0`;
    const messages: string[] = [];
    const store = openRedisCounterStore(url, { keyPrefix: `${PREFIX}down:`, onError: (m) => messages.push(m) });
    cleanups.push(() => store.close());
    const admit = store.admit(request());
    await expect(admit).rejects.toBeInstanceOf(CounterStoreUnavailableError);
    const err = await admit.then(
      () => new Error('admitted'),
      (e: unknown) => e as Error,
    );
    expect(isCounterStoreUnavailable(err)).toBe(true);
    expect(err.message).toContain(`redis://switchboard@127.0.0.1:${port}/0`);
    expect(err.message).not.toContain('hunter2');
    await expect(store.settle(settleOf(request()))).rejects.toBeInstanceOf(CounterStoreUnavailableError);
    await expect(store.seed('b', 0, 0, null)).rejects.toBeInstanceOf(CounterStoreUnavailableError);
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (messages.length > 0) {
          clearInterval(poll);
          resolve();
        }
      }, 10);
    });
    expect(messages.join('\n')).toContain('ECONNREFUSED');
    expect(messages.join('\n')).not.toContain('hunter2');
  });

  it('recovers by itself when Redis comes back (state is gone: budgets ask to be seeded again)', async () => {
    const port = await freePort();
    let server = await startRedis(port);
    cleanups.push(() => stopRedis(server));
    const store = openRedisCounterStore(`redis://127.0.0.1:${port}`, { keyPrefix: 'sbtest:', maxReconnectDelayMs: 100 });
    cleanups.push(() => store.close());
    const client = (store as unknown as { client: Redis }).client;
    expect(await redisReady(client, 5_000)).toBe(true);
    const input = request();
    await seedAll(store, input);
    expect((await store.admit(input)).ok).toBe(true);

    const closed = once(client, 'close');
    await stopRedis(server);
    await closed;
    await expect(store.admit(request())).rejects.toBeInstanceOf(CounterStoreUnavailableError);
    await expect(store.settle(settleOf(input))).rejects.toBeInstanceOf(CounterStoreUnavailableError);

    server = await startRedis(port);
    expect(await redisReady(client, 10_000)).toBe(true);
    const again = request();
    expect(await store.admit(again)).toEqual({ ok: false, refused: 'unseeded', indexes: [0, 1] });
    await seedAll(store, again);
    const admitted = await store.admit(again);
    expect(admitted.ok && admitted.rates[0]!.remaining).toBe(999);
  });
});

describe('Redis URLs', () => {
  it('are described without password or query', () => {
    expect(describeRedisUrl('redis://user:pw@cache.internal:6380/2?password=x')).toBe('redis://user@cache.internal:6380/2');
    expect(describeRedisUrl('rediss://:pw@cache.internal')).toBe('rediss://cache.internal');
    expect(describeRedisUrl('http://user:pw@x')).toBe('the redis URL');
  });

  it('that are not redis URLs are refused without echoing them', () => {
    expect(() => connectRedis('http://user:pw-secret@x')).toThrow(/not a redis/);
    expect(() => connectRedis('http://user:pw-secret@x')).not.toThrow(/pw-secret/);
  });
});

/** Starts a throwaway redis-server (no persistence) on `port` and resolves once it accepts connections. */
async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Ready to accept connections')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${out}`)));
  });
  return child;
}

async function stopRedis(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}
