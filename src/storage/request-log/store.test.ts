/** The request log's store on SQLite (prepared multi-row inserts) and PostgreSQL (Kysely): same rows in, same rows out. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestRecord } from '../../observability/request-record.js';
import { createTestSchema, type TestSchema } from '../../testing/postgres.js';
import { openStorage, type Storage } from '../open.js';
import { pushRequestLogValues, REQUEST_LOG_COLUMNS, toRequestLogRow } from './columns.js';
import { requestLogStore } from './store.js';

let sequence = 0;
function record(overrides: Partial<RequestRecord> = {}): RequestRecord {
  sequence++;
  return {
    id: `req_${String(sequence).padStart(6, '0')}`,
    time: 1_800_000_000_000 + sequence,
    operation: 'chat',
    ingress: 'openai',
    stream: false,
    modelRequested: 'gpt-4o',
    status: 200,
    attempts: 1,
    gatewayMs: 0.25,
    totalMs: 12.5,
    ...overrides,
  };
}

const full = (): RequestRecord =>
  record({
    stream: true,
    provider: 'openai',
    providerType: 'openai',
    modelServed: 'gpt-4o-2024-08-06',
    status: 429,
    errorCode: 'upstream_rate_limited',
    finishReason: 'stop',
    inputTokens: 100,
    outputTokens: 20,
    cachedInputTokens: 50,
    cacheWriteTokens: 7,
    reasoningTokens: 3,
    costUsd: 0.000123,
    attempts: 2,
    upstreamTtfbMs: 200.5,
    ttftMs: 210.25,
  });

describe('request log columns', () => {
  it('the flat values of a record follow the column order of its row', () => {
    for (const r of [record(), full()]) {
      const values: (string | number | null)[] = [];
      pushRequestLogValues(values, r);
      const row = toRequestLogRow(r);
      expect(values).toEqual(REQUEST_LOG_COLUMNS.map((column) => row[column]));
    }
  });
});

const dir = mkdtempSync(join(tmpdir(), 'switchboard-log-store-'));
let schema: TestSchema | undefined;
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await schema?.drop();
});

describe.each([
  ['sqlite', async () => openStorage(`sqlite:${join(dir, 'log.db')}`)],
  [
    'postgres',
    async () => {
      schema = await createTestSchema('request_log_store');
      return openStorage(schema.url);
    },
  ],
] as const)('request log store on %s', (_name, open) => {
  let storage: Storage;
  beforeAll(async () => {
    storage = await open();
  });
  afterAll(() => storage.close());

  it('writes every column and reads the rows back newest first', async () => {
    const store = requestLogStore(storage);
    const rich = full();
    const plain = record();
    await store.write([rich, plain]);
    const rows = await store.recent(2);
    expect(rows).toEqual([toRequestLogRow(plain), toRequestLogRow(rich)]);
  });

  it('writes batches of any size: past 64 rows and between the powers of two', async () => {
    const store = requestLogStore(storage);
    for (const size of [1, 3, 64, 77, 130]) {
      const batch = Array.from({ length: size }, () => record());
      await store.write(batch);
      const rows = await store.recent(size);
      expect(rows.map((row) => row.id)).toEqual(batch.map((r) => r.id).reverse());
    }
  });

  it('keeps the first row when an id comes again (a batch retried)', async () => {
    const store = requestLogStore(storage);
    const first = record({ status: 200 });
    await store.write([first]);
    await store.write([{ ...first, status: 500 }, record()]);
    const rows = await store.recent(2);
    expect(rows[1]).toEqual(toRequestLogRow(first));
  });

  it('writes nothing for an empty batch', async () => {
    const store = requestLogStore(storage);
    const before = await store.recent(1);
    await store.write([]);
    expect(await store.recent(1)).toEqual(before);
  });
});
