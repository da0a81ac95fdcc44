/**
 * Issue 7, failure modes: Redis unreachable, then back. Two gateways share a private redis-server
 * (killed and restarted by the test): budgets fail closed with 503 budget_unavailable in the
 * caller's own format; rate limits fail open by default and closed when configured; once Redis is
 * back, both work again without a gateway restart, and a budget counter lost with Redis is seeded
 * again from the ledger, so spend booked before the outage still counts.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type TestStack } from '../../src/testing/stack.js';
import { adminCall, chat, createKey, freePort, messages, PRICED_MODELS, pricedProvider, USD_PER_TOKEN, waitFor } from './helpers.js';
import { killRedisServer, type RedisServer, startRedisServer } from './redis-server.js';

const ADMIN_KEY = `admin-${randomBytes(12).toString('hex')}`;
const MAX_TOKENS = 10;
const REQUEST_USD = MAX_TOKENS * USD_PER_TOKEN;

let redis: RedisServer;
let port: number;
let dir: string;
/** rate_limits_on_store_error left at its default (open). */
let open: TestStack;
/** rate_limits_on_store_error: closed. */
let closed: TestStack;

function gatewayConfig(name: string, extra: Record<string, unknown> = {}) {
  return {
    providers: [pricedProvider()],
    models: PRICED_MODELS,
    extra: {
      admin_key: ADMIN_KEY,
      redis: redis.url,
      governance: {
        redis_prefix: `sbtest:outage:${name}:${randomBytes(4).toString('hex')}:`,
        ledger_flush_ms: 50,
        spill_file: join(dir, `spill-${name}.jsonl`),
        ...extra,
      },
    },
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'switchboard-redis-outage-'));
  port = await freePort();
  redis = await startRedisServer(port);
  open = await startStack(gatewayConfig('open'));
  closed = await startStack(gatewayConfig('closed', { rate_limits_on_store_error: 'closed' }));
});

afterAll(async () => {
  await open?.close();
  await closed?.close();
  if (redis) await killRedisServer(redis);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The key's settled spend as the ledger's rollups hold it (the admin spend API). */
async function ledgerSpend(stack: TestStack, keyId: string): Promise<{ usd: number; requests: number }> {
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const spend = await adminCall(stack.url, ADMIN_KEY, 'GET', `/spend?group_by=key&from=${day(-2)}&to=${day(2)}`);
  expect(spend.status, spend.text).toBe(200);
  const row = (spend.json.data as Array<{ key_id: string; usd: number; requests: number }>).find((r) => r.key_id === keyId);
  return { usd: row?.usd ?? 0, requests: row?.requests ?? 0 };
}

describe('Redis unreachable, then back', () => {
  it('fails budgets closed, rate limits open or closed as configured, and recovers by itself with spend reseeded from the ledger', async () => {
    // Room for exactly 3 requests of MAX_TOKENS output tokens.
    const budgeted = await createKey(open.url, ADMIN_KEY, { budget: { usd: 3 * REQUEST_USD, period: 'total' } });
    const rpmOnly = await createKey(open.url, ADMIN_KEY, { limits: { rpm: 1000 } });
    const rpmOnlyClosed = await createKey(closed.url, ADMIN_KEY, { limits: { rpm: 1000 } });

    // Redis up: everything answers, and two of the budget's three requests are spent.
    for (let i = 0; i < 2; i++) {
      const ok = await chat(open.url, budgeted.key, { maxTokens: MAX_TOKENS, stream: i === 1 });
      expect(ok.status, ok.text).toBe(200);
    }
    expect((await chat(open.url, rpmOnly.key, { maxTokens: MAX_TOKENS })).status).toBe(200);
    expect((await chat(closed.url, rpmOnlyClosed.key, { maxTokens: MAX_TOKENS })).status).toBe(200);
    // The counter store is the only copy of the spend besides the ledger: wait until the ledger has it.
    const before = await waitFor('the two requests in the ledger', async () => {
      const spend = await ledgerSpend(open, budgeted.id);
      return spend.requests === 2 ? spend : undefined;
    });
    expect(before.usd).toBeCloseTo(2 * REQUEST_USD, 12);

    await killRedisServer(redis);

    // Budgets fail closed, in the caller's format. OpenAI Chat Completions:
    const refused = await chat(open.url, budgeted.key, { maxTokens: MAX_TOKENS });
    expect(refused.status, refused.text).toBe(503);
    expect(refused.json.error.code).toBe('budget_unavailable');
    expect(refused.json.error.message).toMatch(/Spend caps cannot be checked/);
    expect(refused.headers.get('retry-after')).toBe('1');
    const refusedStream = await chat(open.url, budgeted.key, { maxTokens: MAX_TOKENS, stream: true });
    expect(refusedStream.status, refusedStream.text).toBe(503);
    expect(refusedStream.json.error.code).toBe('budget_unavailable');
    // Anthropic Messages:
    const refusedAnthropic = await messages(open.url, budgeted.key, MAX_TOKENS);
    expect(refusedAnthropic.status, refusedAnthropic.text).toBe(503);
    expect(refusedAnthropic.json.type).toBe('error');
    expect(refusedAnthropic.json.error.type).toBe('overloaded_error');
    expect(refusedAnthropic.json.error.code).toBe('budget_unavailable');
    expect(refusedAnthropic.headers.get('retry-after')).toBe('1');
    // The error names no server address nor internals.
    for (const answer of [refused, refusedAnthropic]) expect(answer.text).not.toMatch(new RegExp(`${port}|ECONNREFUSED|ioredis|\\.ts:`));

    // Rate limits: open by default (served without limits), closed when configured.
    const served = await chat(open.url, rpmOnly.key, { maxTokens: MAX_TOKENS });
    expect(served.status, served.text).toBe(200);
    expect(served.json.usage.completion_tokens).toBe(MAX_TOKENS);
    const servedAnthropic = await messages(open.url, rpmOnly.key, MAX_TOKENS);
    expect(servedAnthropic.status, servedAnthropic.text).toBe(200);
    const limited = await chat(closed.url, rpmOnlyClosed.key, { maxTokens: MAX_TOKENS });
    expect(limited.status, limited.text).toBe(503);
    expect(limited.json.error.code).toBe('rate_limit_unavailable');
    expect(limited.headers.get('retry-after')).toBe('1');
    const limitedAnthropic = await messages(closed.url, rpmOnlyClosed.key, MAX_TOKENS);
    expect(limitedAnthropic.status, limitedAnthropic.text).toBe(503);
    expect(limitedAnthropic.json.error.type).toBe('overloaded_error');
    expect(limitedAnthropic.json.error.code).toBe('rate_limit_unavailable');

    // Redis comes back empty (no persistence) on the same port; the gateways reconnect by themselves.
    redis = await startRedisServer(port);
    const recovered = await waitFor(
      'the budgeted key to be served again',
      async () => {
        const answer = await chat(open.url, budgeted.key, { maxTokens: MAX_TOKENS });
        return answer.status === 503 ? undefined : answer;
      },
      20_000,
      100,
    );
    // The counter was lost with Redis and seeded again from the ledger: 2 of 3 spent, 1 left.
    expect(recovered.status, recovered.text).toBe(200);
    const over = await chat(open.url, budgeted.key, { maxTokens: MAX_TOKENS });
    expect(over.status, over.text).toBe(402);
    expect(over.json.error.code).toBe('budget_exceeded');
    const overAnthropic = await messages(open.url, budgeted.key, MAX_TOKENS);
    expect(overAnthropic.status, overAnthropic.text).toBe(402);
    expect(overAnthropic.json.error.code).toBe('budget_exceeded');

    expect((await chat(open.url, rpmOnly.key, { maxTokens: MAX_TOKENS })).status).toBe(200);
    const back = await waitFor(
      'the closed gateway to serve rate-limited keys again',
      async () => {
        const answer = await chat(closed.url, rpmOnlyClosed.key, { maxTokens: MAX_TOKENS });
        return answer.status === 503 ? undefined : answer;
      },
      20_000,
      100,
    );
    expect(back.status, back.text).toBe(200);
    expect(back.headers.get('x-ratelimit-limit-requests')).toBe('1000');

    // The budget's spend is exactly its three requests: nothing was booked for the refused ones.
    const after = await waitFor('the third request in the ledger', async () => {
      const spend = await ledgerSpend(open, budgeted.id);
      return spend.requests === 3 ? spend : undefined;
    });
    expect(after.usd).toBeCloseTo(3 * REQUEST_USD, 12);
  }, 60_000);
});
