/**
 * The request log on PostgreSQL end to end: a gateway started with `storage: postgres://…` (its
 * own schema through `options=-c search_path=…`) writes every request's row in batches, shutdown
 * flushes the queue, and `switchboard logs` reads them back.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage, type Storage } from '../../src/storage/open.js';
import type { RequestLogRow } from '../../src/storage/request-log/columns.js';
import { requestLogStore } from '../../src/storage/request-log/store.js';
import { createTestSchema, type TestSchema } from '../../src/testing/postgres.js';
import { startStack, type TestStack } from '../../src/testing/stack.js';
import { postJson } from '../bad-input/http.js';

const run = promisify(execFile);
const SIM_KEY = 'sk-sim-never-logged';
let schema: TestSchema;
let stack: TestStack;
let reader: Storage;
let stackClosed = false;

beforeAll(async () => {
  schema = await createTestSchema('pg_request_log');
  stack = await startStack({
    providers: [{ id: 'sim', type: 'openai', api_key: SIM_KEY, base_url: '${SIM}/v1' }],
    models: [{ name: 'priced', targets: [{ provider: 'sim', model: 'gpt-4o-mini' }] }],
    extra: { storage: schema.url },
  });
  reader = await openStorage(schema.url);
});
afterAll(async () => {
  if (!stackClosed) await stack?.close();
  await reader?.close();
  await schema?.drop();
});

async function rowsById(): Promise<Map<string, RequestLogRow>> {
  const rows = await requestLogStore(reader).recent(1000);
  return new Map(rows.map((row) => [row.id, row]));
}

describe('request log on PostgreSQL', () => {
  it('writes one row per request, streamed, not streamed and failed, with tokens, cost and timings', async () => {
    const chat = `${stack.url}/v1/chat/completions`;
    const plain = await postJson(chat, { model: 'priced', messages: [{ role: 'user', content: 'first' }] });
    const streamed = await postJson(chat, { model: 'priced', stream: true, messages: [{ role: 'user', content: 'second' }] });
    const unknown = await postJson(chat, { model: 'nope', messages: [{ role: 'user', content: 'third' }] });
    expect([plain.status, streamed.status, unknown.status]).toEqual([200, 200, 404]);
    await stack.gateway.requestLog.flush();

    const rows = await rowsById();
    const plainRow = rows.get(plain.headers['x-request-id']!);
    expect(plainRow).toMatchObject({ operation: 'chat', ingress: 'openai', stream: 0, model_requested: 'priced', provider: 'sim', status: 200, attempts: 1 });
    const usage = (plain.json as { usage: { prompt_tokens: number; completion_tokens: number } }).usage;
    expect(plainRow!.input_tokens).toBe(usage.prompt_tokens);
    expect(plainRow!.output_tokens).toBe(usage.completion_tokens);
    expect(plainRow!.cost_usd).toBeCloseTo(Number(plain.headers['x-switchboard-cost-usd']), 8);
    expect(typeof plainRow!.time).toBe('number');
    expect(plainRow!.total_ms).toBeGreaterThan(0);

    const streamedRow = rows.get(streamed.headers['x-request-id']!);
    expect(streamedRow).toMatchObject({ stream: 1, status: 200, finish_reason: 'stop' });
    expect(streamedRow!.ttft_ms).toBeGreaterThan(0);

    expect(rows.get(unknown.headers['x-request-id']!)).toMatchObject({ status: 404, error_code: 'model_not_found', provider: null });
    expect(JSON.stringify([...rows.values()])).not.toContain(SIM_KEY);
  });

  it('is read by switchboard logs from the same config', async () => {
    await stack.gateway.requestLog.flush();
    const { stdout } = await run(process.execPath, ['bin/switchboard.js', 'logs', '--config', join(stack.dir, 'config.yaml'), '--tail', '2', '--json']);
    const rows = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as RequestLogRow);
    expect(rows).toHaveLength(2);
    expect(rows.map((row) => row.model_requested)).toContain('nope');
  });

  it('writes what is still queued when the gateway shuts down', async () => {
    const res = await postJson(`${stack.url}/v1/chat/completions`, { model: 'priced', messages: [{ role: 'user', content: 'last' }] });
    expect(res.status).toBe(200);
    stackClosed = true;
    await stack.close();
    expect((await rowsById()).get(res.headers['x-request-id']!)).toMatchObject({ status: 200, model_requested: 'priced' });
  });
});
