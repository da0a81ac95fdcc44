/**
 * Issue 7, hard caps with `clamp_max_tokens: true`: a request whose max_tokens the remaining
 * budget cannot hold is admitted with the largest max_tokens that still fits (the simulator then
 * stops at that many tokens, finish_reason `length`), and refused 402 budget_exceeded only when
 * not even one output token fits. Every output token costs $0.001 (input is free), so the
 * arithmetic is exact: a budget of $0.015 holds 15 tokens, however it is split.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type TestStack } from '../../src/testing/stack.js';
import { adminCall, chat, createKey, PRICED_MODELS, pricedProvider, sseData, USD_PER_TOKEN, waitFor } from './helpers.js';

const ADMIN_KEY = `admin-${randomBytes(12).toString('hex')}`;

let stack: TestStack;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'switchboard-clamp-'));
  stack = await startStack({
    providers: [pricedProvider()],
    models: PRICED_MODELS,
    extra: { admin_key: ADMIN_KEY, governance: { ledger_flush_ms: 50, spill_file: join(dir, 'spill.jsonl') } },
  });
});

afterAll(async () => {
  await stack?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A clamping key whose budget holds `tokens` output tokens in total. */
function clampingKey(tokens: number, clamp = true) {
  return createKey(stack.url, ADMIN_KEY, { budget: { usd: tokens * USD_PER_TOKEN, period: 'total', clamp_max_tokens: clamp } });
}

async function expectServed(key: string, maxTokens: number, expected: number): Promise<void> {
  const answer = await chat(stack.url, key, { maxTokens });
  expect(answer.status, answer.text).toBe(200);
  expect(answer.json.usage.completion_tokens).toBe(expected);
  expect(answer.json.choices[0].finish_reason).toBe('length');
}

async function expectRefused(key: string, maxTokens: number): Promise<void> {
  const answer = await chat(stack.url, key, { maxTokens });
  expect(answer.status, answer.text).toBe(402);
  expect(answer.json.error.code).toBe('budget_exceeded');
}

/** The key's booked spend once `requests` rows are in the ledger. */
async function booked(keyId: string, requests: number): Promise<{ usd: number; output_tokens: number }> {
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  return waitFor(`${requests} ledger rows`, async () => {
    const spend = await adminCall(stack.url, ADMIN_KEY, 'GET', `/spend?group_by=key&from=${day(-2)}&to=${day(2)}`);
    const row = (spend.json.data as Array<{ key_id: string; usd: number; output_tokens: number; requests: number }>).find((r) => r.key_id === keyId);
    return row && row.requests === requests ? row : undefined;
  });
}

describe('clamp_max_tokens', () => {
  it('lowers max_tokens to what the budget still holds, then refuses when not one token fits', async () => {
    const { id, key } = await clampingKey(15);
    await expectServed(key, 10, 10);
    // 5 tokens are left: max_tokens 10 is clamped to 5.
    await expectServed(key, 10, 5);
    await expectRefused(key, 10);
    await expectRefused(key, 1);
    const spend = await booked(id, 2);
    expect(spend.output_tokens).toBe(15);
    expect(spend.usd).toBeCloseTo(15 * USD_PER_TOKEN, 12);
  });

  it('admits a request clamped to a single token when exactly one fits', async () => {
    const { id, key } = await clampingKey(11);
    await expectServed(key, 10, 10);
    await expectServed(key, 10, 1);
    await expectRefused(key, 10);
    const spend = await booked(id, 2);
    expect(spend.output_tokens).toBe(11);
    expect(spend.usd).toBeCloseTo(11 * USD_PER_TOKEN, 12);
  });

  it('leaves a request that fits alone, and clamps streamed requests the same way', async () => {
    const { key } = await clampingKey(12);
    await expectServed(key, 4, 4);
    const streamed = await chat(stack.url, key, { maxTokens: 20, stream: true, extra: { stream_options: { include_usage: true } } });
    expect(streamed.status, streamed.text).toBe(200);
    const chunks = sseData(streamed.text);
    const text = chunks.filter((c) => c.choices?.[0]?.delta?.content).map((c) => c.choices[0].delta.content as string);
    expect(text.join('').trim().split(/\s+/)).toHaveLength(8);
    expect(chunks.find((c) => c.choices?.[0]?.finish_reason)?.choices[0].finish_reason).toBe('length');
    expect(chunks.find((c) => c.usage)?.usage.completion_tokens).toBe(8);
    await expectRefused(key, 1);
  });

  it('refuses instead of clamping when the budget does not ask for it', async () => {
    const { key } = await clampingKey(15, false);
    await expectServed(key, 10, 10);
    await expectRefused(key, 10);
    await expectServed(key, 5, 5);
    await expectRefused(key, 1);
  });
});
