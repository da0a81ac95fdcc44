/**
 * Issue 7, failure modes: PostgreSQL unreachable, then back. The gateway reaches PostgreSQL
 * through a TCP proxy the test cuts and restores. While it is cut, requests with a cached key go
 * on (the tenancy snapshot is in memory, the counters in process), ledger rows are buffered in
 * memory and, past governance.ledger_buffer_max, spilled to governance.spill_file; when the
 * database is back every row reaches spend_ledger by itself: no spend lost, none counted twice.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage, type Storage } from '../../src/storage/open.js';
import { createTestSchema, type TestSchema } from '../../src/testing/postgres.js';
import { startStack, type TestStack } from '../../src/testing/stack.js';
import { chat, createKey, freePort, PRICED_MODELS, pricedProvider, USD_PER_TOKEN, waitFor } from './helpers.js';
import { TcpProxy } from './tcp-proxy.js';

const ADMIN_KEY = `admin-${randomBytes(12).toString('hex')}`;
const MAX_TOKENS = 10;
const REQUEST_USD = MAX_TOKENS * USD_PER_TOKEN;
const BUFFER_MAX = 3;
const DURING_OUTAGE = 8;

let schema: TestSchema;
let proxy: TcpProxy;
let stack: TestStack;
let storage: Storage;
let dir: string;
let spillFile: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'switchboard-pg-outage-'));
  spillFile = join(dir, 'ledger-spill.jsonl');
  schema = await createTestSchema('pg_outage');
  const direct = new URL(schema.url);
  proxy = new TcpProxy(await freePort(), { host: direct.hostname, port: Number(direct.port || 5432) });
  await proxy.start();
  const proxied = new URL(schema.url);
  proxied.host = `127.0.0.1:${proxy.port}`;
  stack = await startStack({
    providers: [pricedProvider()],
    models: PRICED_MODELS,
    extra: {
      storage: proxied.toString(),
      admin_key: ADMIN_KEY,
      governance: { ledger_flush_ms: 50, ledger_buffer_max: BUFFER_MAX, spill_file: spillFile },
    },
  });
  // The test's own connection, straight to the server.
  storage = await openStorage(schema.url);
}, 60_000);

afterAll(async () => {
  await stack?.close();
  await proxy?.stop();
  await storage?.close();
  await schema?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The key's ledger rows and its daily rollup, read straight from PostgreSQL. */
async function ledgerOf(keyId: string) {
  const rows = await sql<{ request_id: string; usd: number }>`select request_id, usd from spend_ledger where key_id = ${keyId}`.execute(storage.db);
  const daily = await sql<{ requests: string | number; usd: string | number }>`
    select coalesce(sum(requests), 0) as requests, coalesce(sum(usd), 0) as usd from spend_daily where key_id = ${keyId}`.execute(storage.db);
  return { ids: rows.rows.map((r) => r.request_id), requests: Number(daily.rows[0]!.requests), usd: Number(daily.rows[0]!.usd) };
}

async function health(): Promise<{ queued: number; spilled: number; lastError?: string }> {
  const response = await fetch(`${stack.url}/healthz`);
  const body = (await response.json()) as { governance: { ledger: { queued: number; spilled: number; lastError?: string } } };
  return body.governance.ledger;
}

describe('PostgreSQL unreachable, then back', () => {
  it('serves cached keys, buffers and spills ledger rows, and writes every one exactly once when the database returns', async () => {
    const { id, key } = await createKey(stack.url, ADMIN_KEY, { budget: { usd: 100 * REQUEST_USD, period: 'total' } });
    const fresh = await createKey(stack.url, ADMIN_KEY, { budget: { usd: 100 * REQUEST_USD, period: 'total' } });
    const served: string[] = [];
    const first = await chat(stack.url, key, { maxTokens: MAX_TOKENS });
    expect(first.status, first.text).toBe(200);
    served.push(first.headers.get('x-request-id')!);
    await waitFor('the first ledger row', async () => ((await ledgerOf(id)).ids.length === 1 ? true : undefined));

    await proxy.stop();
    const serve = async (count: number) => {
      for (let i = 0; i < count; i++) {
        const answer = await chat(stack.url, key, { maxTokens: MAX_TOKENS, stream: i % 2 === 1 });
        expect(answer.status, answer.text).toBe(200);
        served.push(answer.headers.get('x-request-id')!);
      }
    };
    await serve(DURING_OUTAGE / 2);
    // The gateway has seen the database fail (a ledger write did), and cached keys still work.
    await waitFor('a failed ledger write', async () => ((await health()).lastError !== undefined ? true : undefined));
    await serve(DURING_OUTAGE / 2);
    // A budget never used on this replica has no counter yet, and its spend can only come from the
    // ledger: it fails closed rather than guess.
    const unseeded = await chat(stack.url, fresh.key, { maxTokens: MAX_TOKENS });
    expect(unseeded.status, unseeded.text).toBe(503);
    expect(unseeded.json.error.code).toBe('budget_unavailable');
    // Memory holds BUFFER_MAX rows; the rest went to the spill file.
    const buffered = await waitFor('the ledger to report the outage and spill', async () => {
      const stats = await health();
      return stats.spilled > 0 && (stats.queued > 0 || stats.lastError !== undefined) && existsSync(spillFile) ? stats : undefined;
    });
    expect(buffered.queued).toBeLessThanOrEqual(BUFFER_MAX);
    expect(buffered.queued + buffered.spilled).toBe(DURING_OUTAGE);
    // Nothing reached the database meanwhile.
    expect((await ledgerOf(id)).ids).toHaveLength(1);

    await proxy.start();
    const after = await waitFor(
      'every ledger row in PostgreSQL',
      async () => {
        const ledger = await ledgerOf(id);
        return ledger.ids.length >= served.length ? ledger : undefined;
      },
      45_000,
      100,
    );
    expect(after.ids.sort()).toEqual([...served].sort());
    expect(after.requests).toBe(served.length);
    expect(after.usd).toBeCloseTo(served.length * REQUEST_USD, 9);
    const drained = await waitFor('the ledger queues to drain', async () => {
      const stats = await health();
      return stats.queued === 0 && stats.spilled === 0 && stats.lastError === undefined ? stats : undefined;
    });
    expect(drained).toEqual({ queued: 0, spilled: 0 });
    expect(existsSync(spillFile)).toBe(false);
    const seeded = await chat(stack.url, fresh.key, { maxTokens: MAX_TOKENS });
    expect(seeded.status, seeded.text).toBe(200);
    // Counted once: the rollup still matches the rows after the replay has finished.
    const settled = await ledgerOf(id);
    expect(settled.requests).toBe(served.length);
    expect(settled.ids).toHaveLength(served.length);
  }, 90_000);
});
