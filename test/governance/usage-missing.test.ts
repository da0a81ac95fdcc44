/**
 * Issue 7, no request is free because usage was missing: Azure OpenAI before api-version
 * 2024-09-01 cannot stream usage (stream_options is refused there, so the gateway does not ask,
 * and the simulator's Azure flavor sends no usage chunk). Such a stream is still booked, on the
 * gateway's own conservative count, and marked estimated in the ledger and the request log, and
 * it counts against the key's budget.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/storage/sqlite/open.js';
import { startStack, type TestStack } from '../../src/testing/stack.js';
import { chat, createKey, OUTPUT_PRICE_PER_M, sseData, USD_PER_TOKEN } from './helpers.js';

const ADMIN_KEY = `admin-${randomBytes(12).toString('hex')}`;
const MAX_TOKENS = 12;

let stack: TestStack;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'switchboard-usage-missing-'));
  stack = await startStack({
    providers: [
      {
        id: 'azure-old',
        type: 'azure-openai',
        api_key: 'azure-key',
        base_url: '${SIM}/azure',
        api_version: '2024-06-01',
        prices: { 'gpt-4o-mini': { input: 0, cached_input: 0, cache_write: 0, output: OUTPUT_PRICE_PER_M } },
      },
    ],
    models: [{ name: 'no-stream-usage', targets: [{ provider: 'azure-old', model: 'gpt-4o-mini' }] }],
    extra: { admin_key: ADMIN_KEY, governance: { ledger_flush_ms: 50, spill_file: join(dir, 'spill.jsonl') } },
  });
});

afterAll(async () => {
  await stack?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Booked {
  ledger: { usd: number; input_tokens: number; output_tokens: number; estimated: number } | undefined;
  log: { usage_estimated: number | null; output_tokens: number | null } | undefined;
}

/** The request's ledger and request-log rows, once both queues are written. */
async function bookedRows(requestId: string): Promise<Booked> {
  await stack.gateway.governanceRuntime.ledger.flush();
  await stack.gateway.requestLog.flush();
  const db = openSqlite(`sqlite:${stack.dir}/switchboard.db`);
  try {
    return {
      ledger: db.prepare('SELECT usd, input_tokens, output_tokens, estimated FROM spend_ledger WHERE request_id = ?').get(requestId) as Booked['ledger'],
      log: db.prepare('SELECT usage_estimated, output_tokens FROM request_log WHERE id = ?').get(requestId) as Booked['log'],
    };
  } finally {
    db.close();
  }
}

describe('a stream without usage', () => {
  it('is booked on the gateway count, marked estimated, and charged to the budget', async () => {
    // A budget for 1,000 output tokens: the estimate must show up in it.
    const { key } = await createKey(stack.url, ADMIN_KEY, { budget: { usd: 1000 * USD_PER_TOKEN, period: 'total' } });
    const answer = await chat(stack.url, key, { model: 'no-stream-usage', maxTokens: MAX_TOKENS, stream: true });
    expect(answer.status, answer.text).toBe(200);
    const chunks = sseData(answer.text);
    // The upstream said nothing of usage: no chunk carries it.
    expect(chunks.some((c) => c.usage)).toBe(false);
    const streamedTokens = chunks.filter((c) => c.choices?.[0]?.delta?.content).length;
    expect(streamedTokens).toBe(MAX_TOKENS);

    const { ledger, log } = await bookedRows(answer.headers.get('x-request-id')!);
    expect(ledger).toBeDefined();
    expect(ledger!.estimated).toBe(1);
    expect(ledger!.usd).toBeGreaterThan(0);
    expect(ledger!.output_tokens).toBeGreaterThanOrEqual(streamedTokens);
    expect(ledger!.input_tokens).toBeGreaterThan(0);
    expect(ledger!.usd).toBeCloseTo(ledger!.output_tokens * USD_PER_TOKEN, 12);
    expect(log).toBeDefined();
    expect(log!.usage_estimated).toBe(1);
    expect(log!.output_tokens).toBe(ledger!.output_tokens);
  });

  it('counts the estimated spend against the budget', async () => {
    // Room for fewer output tokens than one estimated stream books (each byte of output counts as a token).
    const { key } = await createKey(stack.url, ADMIN_KEY, { budget: { usd: 2 * MAX_TOKENS * USD_PER_TOKEN, period: 'total' } });
    const first = await chat(stack.url, key, { model: 'no-stream-usage', maxTokens: MAX_TOKENS, stream: true });
    expect(first.status, first.text).toBe(200);
    const { ledger } = await bookedRows(first.headers.get('x-request-id')!);
    // Booked more than MAX_TOKENS (bytes of text), so a second reservation of MAX_TOKENS no longer fits.
    expect(ledger!.output_tokens).toBeGreaterThan(MAX_TOKENS);
    const second = await chat(stack.url, key, { model: 'no-stream-usage', maxTokens: MAX_TOKENS, stream: true });
    expect(second.status, second.text).toBe(402);
    expect(second.json.error.code).toBe('budget_exceeded');
  });
});
