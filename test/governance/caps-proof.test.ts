/**
 * The proof of issue 7 (`npm run test:caps`): three gateway processes share PostgreSQL and Redis,
 * with the provider simulator behind them, and
 * - 500 concurrent requests, streamed and not, against a key whose budget fits only some: settled
 *   spend never passes the cap (overshoot exactly $0), the number admitted is exactly what the cap
 *   allows, and what is left afterwards is less than one request's reservation;
 * - an RPM limit of 100 across the replicas admits exactly 100 in its minute;
 * - a key revoked on one replica is refused by the others within a second;
 * - streamed requests are booked exactly like non-streamed ones.
 * Prices are set so a request's reservation equals its actual cost (input free, output capped by
 * max_tokens, which the simulator always fills), so "exactly what the cap allows" is a number.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../src/simulator/server.js';
import { openStorage, type Storage } from '../../src/storage/open.js';
import { createTestSchema, type TestSchema } from '../../src/testing/postgres.js';
import { type Replica, startReplica, stopReplica } from '../../src/testing/replicas.js';

const ADMIN_KEY = `admin-${randomBytes(12).toString('hex')}`;
const PREFIX = `sbtest:caps:${randomBytes(4).toString('hex')}:`;
/** $1,000 per million output tokens: $0.001 per token; max_tokens 10 makes every request $0.01. */
const OUTPUT_PRICE_PER_M = 1000;
const MAX_TOKENS = 10;
const REQUEST_USD = (MAX_TOKENS * OUTPUT_PRICE_PER_M) / 1e6;
const LONG_PROMPT = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');

let simulator: RunningSimulator;
let schema: TestSchema;
let dir: string;
const replicas: Replica[] = [];
let storage: Storage;

async function admin(method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> & { id: string } }> {
  const response = await fetch(`${replicas[0]!.url}/admin/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_KEY}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> & { id: string } };
}

async function chat(replica: Replica, key: string, stream: boolean): Promise<{ status: number; id: string | null; text: string; headers: Headers }> {
  const response = await fetch(`${replica.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'capped', max_tokens: MAX_TOKENS, stream, messages: [{ role: 'user', content: LONG_PROMPT }] }),
  });
  return { status: response.status, id: response.headers.get('x-request-id'), text: await response.text(), headers: response.headers };
}

async function newKey(body: Record<string, unknown>): Promise<{ id: string; key: string }> {
  const team = await admin('POST', '/teams', { name: `team-${randomBytes(4).toString('hex')}` });
  expect(team.status).toBe(201);
  const created = await admin('POST', '/keys', { team_id: team.json.id, name: 'proof', ...body });
  expect(created.status).toBe(201);
  return created.json as unknown as { id: string; key: string };
}

/** Waits until every replica has the key in its snapshot (they poll every 250 ms). */
async function untilKnownEverywhere(key: string): Promise<void> {
  for (const replica of replicas) {
    for (let i = 0; ; i++) {
      const response = await fetch(`${replica.url}/v1/models`, { headers: { authorization: `Bearer ${key}` } });
      if (response.status === 200) break;
      if (i > 40) throw new Error(`replica ${replica.url} never learned the key`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

beforeAll(async () => {
  simulator = await startSimulator({ port: 0 });
  schema = await createTestSchema('caps_proof');
  dir = mkdtempSync(join(tmpdir(), 'switchboard-caps-'));
  // One config per replica: each keeps its own ledger spill file, as replicas on one machine must.
  const files = [0, 1, 2].map((i) => {
    const file = join(dir, `config-${i}.yaml`);
    writeFileSync(
      file,
      stringify({
        server: { host: '127.0.0.1', port: 0 },
        storage: schema.url,
        redis: 'redis://127.0.0.1:6379',
        admin_key: ADMIN_KEY,
        // The proof is about concurrency, not Redis latency: a test machine loaded by parallel suites
        // can stall a command past the 250 ms default, which fails closed (503) as it should.
        governance: { redis_prefix: PREFIX, redis_command_timeout_ms: 5_000, ledger_flush_ms: 50, spill_file: join(dir, `spill-${i}.jsonl`) },
        request_log: { enabled: true, flush_interval_ms: 50, max_batch: 500 },
        providers: [
          {
            id: 'sim',
            type: 'openai',
            api_key: 'sk-sim',
            base_url: `${simulator.url}/v1`,
            prices: { 'gpt-4o-mini': { input: 0, cached_input: 0, cache_write: 0, output: OUTPUT_PRICE_PER_M } },
          },
        ],
        models: [{ name: 'capped', targets: [{ provider: 'sim', model: 'gpt-4o-mini' }] }],
      }),
    );
    return file;
  });
  // The first start migrates the schema; the others then find it ready.
  replicas.push(await startReplica(files[0]!));
  replicas.push(...(await Promise.all([startReplica(files[1]!), startReplica(files[2]!)])));
  storage = await openStorage(schema.url);
}, 120_000);

afterAll(async () => {
  await Promise.all(replicas.map(stopReplica));
  await storage?.close();
  await schema?.drop();
  await simulator?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  const redis = new Redis('redis://127.0.0.1:6379');
  const keys = await redis.keys(`${PREFIX}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

async function ledgerRows(keyId: string, expected: number) {
  for (let i = 0; ; i++) {
    const rows = await sql<{ request_id: string; usd: number; output_tokens: string | number; estimated: number; stream: number }>`
      select l.request_id, l.usd, l.output_tokens, l.estimated, r.stream
      from spend_ledger l left join request_log r on r.id = l.request_id
      where l.key_id = ${keyId}`.execute(storage.db);
    if (rows.rows.length >= expected && rows.rows.every((row) => row.stream !== null)) return rows.rows;
    if (i > 100) return rows.rows;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('hard caps across three replicas sharing PostgreSQL and Redis', () => {
  it('admits exactly what a $1.00 budget allows out of 500 concurrent requests, and never overshoots', async () => {
    const cap = 1;
    const allowed = Math.round(cap / REQUEST_USD);
    const { id, key } = await newKey({ budget: { usd: cap, period: 'total' } });
    await untilKnownEverywhere(key);

    const results = await Promise.all(Array.from({ length: 500 }, (_, i) => chat(replicas[i % 3]!, key, i % 2 === 0)));
    const admitted = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status === 402);
    expect(admitted.length + refused.length).toBe(500);
    expect(admitted.length).toBe(allowed);
    expect(JSON.parse(refused[0]!.text).error.code).toBe('budget_exceeded');

    const rows = await ledgerRows(id, allowed);
    expect(rows).toHaveLength(allowed);
    const spent = rows.reduce((sum, row) => sum + Number(row.usd), 0);
    expect(spent).toBeLessThanOrEqual(cap + 1e-9);
    // What is left is less than one request's reservation: nothing was refused that would have fit.
    expect(cap - spent).toBeLessThan(REQUEST_USD);
    const more = await chat(replicas[1]!, key, false);
    expect(more.status).toBe(402);

    // Streamed and non-streamed requests are booked alike: same tokens, same cost, none estimated.
    const streamed = rows.filter((row) => Number(row.stream) === 1);
    const plain = rows.filter((row) => Number(row.stream) === 0);
    expect(streamed.length).toBeGreaterThan(0);
    expect(plain.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(Number(row.output_tokens)).toBe(MAX_TOKENS);
      expect(Number(row.usd)).toBeCloseTo(REQUEST_USD, 12);
      expect(Number(row.estimated)).toBe(0);
    }
  });

  it('admits exactly 100 of 150 concurrent requests against an RPM limit of 100 across the replicas', async () => {
    const { key } = await newKey({ limits: { rpm: 100 } });
    await untilKnownEverywhere(key);
    // Windows are calendar minutes: the burst must not straddle one, so start it early in a minute.
    const seconds = new Date().getUTCSeconds();
    if (seconds >= 40) await new Promise((resolve) => setTimeout(resolve, (60 - seconds) * 1000 + 100));
    const results = await Promise.all(Array.from({ length: 150 }, (_, i) => chat(replicas[i % 3]!, key, i % 2 === 0)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(100);
    const limited = results.filter((r) => r.status === 429);
    expect(limited).toHaveLength(50);
    expect(Number(limited[0]!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited[0]!.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(JSON.parse(limited[0]!.text).error.code).toBe('rate_limited');
  }, 90_000);

  it('refuses a key revoked on one replica on the others within a second', async () => {
    const { id, key } = await newKey({});
    await untilKnownEverywhere(key);
    expect((await chat(replicas[2]!, key, false)).status).toBe(200);
    const revoked = await admin('DELETE', `/keys/${id}`);
    expect(revoked.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    for (const replica of replicas) {
      const after = await chat(replica, key, false);
      expect(after.status).toBe(401);
    }
  });
});
