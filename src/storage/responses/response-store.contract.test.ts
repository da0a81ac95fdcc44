/**
 * The ResponseStore contract, run against every implementation: memory, SQLite in a temp dir, and
 * PostgreSQL on 127.0.0.1:5432 (database `test`, a schema of its own, dropped after).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ResponseStore, StoredResponse } from '../../responses/store-contract.js';
import { createTestSchema, type TestSchema } from '../../testing/postgres.js';
import { MemoryResponseStore } from '../memory/response-store.js';
import { openStorage, type Storage } from '../open.js';
import { SqliteResponseStore } from '../sqlite/response-store.js';
import { SqlResponseStore } from './sql-response-store.js';

const T0 = 1_800_000_000_000;
/** The stores' clock: tests move it. */
let clock = T0;
const now = () => clock;

interface Harness {
  /** A store over empty tables; sweepBatch is honoured by the SQL stores. */
  fresh(sweepBatch?: number): Promise<ResponseStore>;
  close(): Promise<void>;
}

function memoryHarness(): Harness {
  return { fresh: async () => new MemoryResponseStore({ now }), close: async () => {} };
}

function sqlHarness(open: () => Promise<{ storage: Storage; cleanup(): Promise<void> }>, prepared = false): Harness {
  let opened: { storage: Storage; cleanup(): Promise<void> } | undefined;
  return {
    async fresh(sweepBatch) {
      opened ??= await open();
      await opened.storage.db.deleteFrom('responses').execute();
      // The gateway's SQLite store: prepared statements on the same file the migrations made.
      if (prepared) return new SqliteResponseStore(opened.storage.sqlite!, { now, sweepBatch });
      return new SqlResponseStore(opened.storage.db, { now, sweepBatch });
    },
    async close() {
      await opened?.storage.close();
      await opened?.cleanup();
    },
  };
}

const openTempSqlite = async () => {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-responses-'));
  return { storage: await openStorage(`sqlite:${join(dir, 'responses.db')}`), cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
};
const sqliteHarness = () => sqlHarness(openTempSqlite);
const sqlitePreparedHarness = () => sqlHarness(openTempSqlite, true);

const postgresHarness = () =>
  sqlHarness(async () => {
    const schema: TestSchema = await createTestSchema('response_store');
    return { storage: await openStorage(schema.url), cleanup: () => schema.drop() };
  });

function stored(overrides: Partial<StoredResponse> = {}): StoredResponse {
  return {
    id: 'resp_abc123',
    tenant: 'default',
    createdAt: T0,
    expiresAt: null,
    model: 'gpt-4o',
    input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hello' }] }],
    response: { id: 'resp_abc123', object: 'response', status: 'completed', output: [] },
    ...overrides,
  };
}

describe.each([
  ['memory', memoryHarness],
  ['sqlite (Kysely)', sqliteHarness],
  ['sqlite (prepared statements, what the gateway uses)', sqlitePreparedHarness],
  ['postgres', postgresHarness],
] as const)('ResponseStore contract: %s', (_name, makeHarness) => {
  const harness = makeHarness();
  let store: ResponseStore;

  beforeAll(async () => {
    store = await harness.fresh();
  });
  beforeEach(async () => {
    clock = T0;
    store = await harness.fresh();
  });
  afterAll(() => harness.close());

  it('round-trips input and response as JSON, unicode, nesting and nulls included', async () => {
    const record = stored({
      previousResponseId: 'resp_prev1',
      input: [
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Grüße 👋 "quoted" \\ back\nslash' }] },
        { type: 'function_call_output', call_id: 'call_1', output: '{"ok":true}' },
      ],
      response: {
        id: 'resp_abc123',
        object: 'response',
        usage: { input_tokens: 12, output_tokens: 3.5 },
        metadata: null,
        output: [{ a: [1, [2, { b: false }]] }],
      },
    });
    await store.put(record);
    expect(await store.get('default', 'resp_abc123')).toEqual(record);
  });

  it('leaves previousResponseId out when there was none', async () => {
    await store.put(stored());
    const got = await store.get('default', 'resp_abc123');
    expect(got).toBeDefined();
    expect('previousResponseId' in got!).toBe(false);
  });

  it('returns copies: changing a record after put or get does not change what is stored', async () => {
    const record = stored();
    await store.put(record);
    (record.response as { status: string }).status = 'mutated';
    const got = await store.get('default', 'resp_abc123');
    expect(got!.response.status).toBe('completed');
    got!.input.push({ type: 'extra' });
    expect((await store.get('default', 'resp_abc123'))!.input).toHaveLength(1);
  });

  it('put replaces the record with the same tenant and id', async () => {
    await store.put(stored());
    await store.put(stored({ model: 'sonnet', response: { id: 'resp_abc123', status: 'incomplete' } }));
    const got = await store.get('default', 'resp_abc123');
    expect(got!.model).toBe('sonnet');
    expect(got!.response).toEqual({ id: 'resp_abc123', status: 'incomplete' });
  });

  it('never shows a response to another tenant, nor lets it delete one', async () => {
    await store.put(stored({ tenant: 'project:a' }));
    expect(await store.get('project:b', 'resp_abc123')).toBeUndefined();
    expect(await store.get('default', 'resp_abc123')).toBeUndefined();
    expect(await store.delete('project:b', 'resp_abc123')).toBe(false);
    expect(await store.get('project:a', 'resp_abc123')).toBeDefined();
  });

  it('keeps the same id in two tenants as two records', async () => {
    await store.put(stored({ tenant: 'project:a', model: 'a-model' }));
    await store.put(stored({ tenant: 'project:b', model: 'b-model' }));
    expect((await store.get('project:a', 'resp_abc123'))!.model).toBe('a-model');
    expect((await store.get('project:b', 'resp_abc123'))!.model).toBe('b-model');
    expect(await store.delete('project:a', 'resp_abc123')).toBe(true);
    expect(await store.get('project:a', 'resp_abc123')).toBeUndefined();
    expect((await store.get('project:b', 'resp_abc123'))!.model).toBe('b-model');
  });

  it('treats tenants and ids as data, never as query syntax', async () => {
    const hostile = "x' OR '1'='1";
    await store.put(stored({ tenant: 'project:a' }));
    expect(await store.get(hostile, 'resp_abc123')).toBeUndefined();
    expect(await store.get('project:a', hostile)).toBeUndefined();
    expect(await store.delete(hostile, hostile)).toBe(false);
    await store.put(stored({ tenant: hostile, id: '%_*' }));
    expect((await store.get(hostile, '%_*'))!.tenant).toBe(hostile);
    expect(await store.get(hostile, 'resp_abc123')).toBeUndefined();
  });

  it('honours expiresAt on read: visible up to and at it, gone after', async () => {
    await store.put(stored({ expiresAt: T0 + 1000 }));
    clock = T0 + 1000;
    expect(await store.get('default', 'resp_abc123')).toBeDefined();
    clock = T0 + 1001;
    expect(await store.get('default', 'resp_abc123')).toBeUndefined();
  });

  it('keeps a response with expiresAt null until it is deleted', async () => {
    await store.put(stored({ expiresAt: null }));
    clock = T0 + 100 * 365 * 86_400_000;
    expect(await store.get('default', 'resp_abc123')).toBeDefined();
    expect(await store.sweep(clock)).toBe(0);
    expect(await store.delete('default', 'resp_abc123')).toBe(true);
    expect(await store.get('default', 'resp_abc123')).toBeUndefined();
  });

  it('delete says whether there was something to delete', async () => {
    await store.put(stored());
    expect(await store.delete('default', 'resp_abc123')).toBe(true);
    expect(await store.delete('default', 'resp_abc123')).toBe(false);
    expect(await store.delete('default', 'resp_never')).toBe(false);
  });

  it('delete of an expired response answers false (nothing the tenant could see)', async () => {
    await store.put(stored({ expiresAt: T0 + 10 }));
    clock = T0 + 11;
    expect(await store.delete('default', 'resp_abc123')).toBe(false);
    clock = T0;
    expect(await store.get('default', 'resp_abc123')).toBeUndefined();
  });

  it('sweep deletes only what expired before `now`, across tenants, and counts it', async () => {
    await store.put(stored({ id: 'resp_old1', expiresAt: T0 - 1 }));
    await store.put(stored({ id: 'resp_old2', tenant: 'project:x', expiresAt: T0 - 500 }));
    await store.put(stored({ id: 'resp_edge', expiresAt: T0 }));
    await store.put(stored({ id: 'resp_new', expiresAt: T0 + 1 }));
    await store.put(stored({ id: 'resp_keep', expiresAt: null }));
    expect(await store.sweep(T0)).toBe(2);
    clock = T0 - 1000;
    expect(await store.get('default', 'resp_old1')).toBeUndefined();
    expect(await store.get('project:x', 'resp_old2')).toBeUndefined();
    expect(await store.get('default', 'resp_edge')).toBeDefined();
    expect(await store.get('default', 'resp_new')).toBeDefined();
    expect(await store.get('default', 'resp_keep')).toBeDefined();
    expect(await store.sweep(T0)).toBe(0);
  });

  it('sweep deletes everything expired even past its batch size', async () => {
    store = await harness.fresh(3);
    for (let i = 0; i < 8; i++) await store.put(stored({ id: `resp_x${i}`, tenant: `t${i % 3}`, expiresAt: T0 - i - 1 }));
    await store.put(stored({ id: 'resp_live', expiresAt: T0 + 60_000 }));
    expect(await store.sweep(T0)).toBe(8);
    expect(await store.get('default', 'resp_live')).toBeDefined();
  });
});
