/**
 * Issue 7, end users and key scopes through the gateway: a team's per-user budget caps each end
 * user on their own (named by x-switchboard-user, else the body's `user`), spend is reported per
 * user, a hostile user id is refused with a 400, a model alias's own rate limit holds for all
 * callers together, and a key limited to some models gets 403 for the others.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type TestStack } from '../../src/testing/stack.js';
import { adminCall, chat, createKey, LONG_PROMPT, PRICED_MODELS, pricedProvider, USD_PER_TOKEN, waitFor } from './helpers.js';

const ADMIN_KEY = `admin-${randomBytes(12).toString('hex')}`;
let stack: TestStack;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'switchboard-users-'));
  stack = await startStack({
    providers: [pricedProvider()],
    models: [
      ...PRICED_MODELS,
      { name: 'other', targets: [{ provider: 'sim', model: 'gpt-4o-mini' }] },
      { name: 'scarce', targets: [{ provider: 'sim', model: 'gpt-4o-mini' }], limits: { rpm: 2 } },
    ],
    extra: { admin_key: ADMIN_KEY, governance: { ledger_flush_ms: 50, spill_file: join(dir, 'spill.jsonl') } },
  });
});

afterAll(async () => {
  await stack?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function asUser(key: string, user: string, via: 'header' | 'body', maxTokens = 2) {
  if (via === 'body') return chat(stack.url, key, { maxTokens, extra: { user } });
  return fetch(`${stack.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'x-switchboard-user': user },
    body: JSON.stringify({
      model: 'capped',
      max_tokens: maxTokens,
      messages: [{ role: 'user', content: LONG_PROMPT }],
      user: 'ignored-when-the-header-is-set',
    }),
  }).then(async (r) => ({ status: r.status, json: await r.json() }));
}

describe('end users', () => {
  it("caps each end user with the team's per-user budget, and reports spend per user", async () => {
    const team = await adminCall(stack.url, ADMIN_KEY, 'POST', '/teams', {
      name: `users-${randomBytes(3).toString('hex')}`,
      user_budget: { usd: 5 * USD_PER_TOKEN, period: 'day' },
    });
    expect(team.status, team.text).toBe(201);
    const key = await adminCall(stack.url, ADMIN_KEY, 'POST', '/keys', { team_id: team.json.id, name: 'app' });
    const secret = key.json.key as string;

    // alice: 2 + 2 tokens fit in 5; a third request of 2 does not.
    expect((await asUser(secret, 'alice', 'header')).status).toBe(200);
    expect((await asUser(secret, 'alice', 'body')).status).toBe(200);
    const refused = await asUser(secret, 'alice', 'header');
    expect(refused.status).toBe(402);
    expect(refused.json.error.code).toBe('budget_exceeded');
    expect(refused.json.error.message).toContain("end user 'alice'");
    // bob has a budget of his own.
    expect((await asUser(secret, 'bob', 'header')).status).toBe(200);

    const rows = await waitFor('spend per user', async () => {
      const spend = await adminCall(stack.url, ADMIN_KEY, 'GET', `/spend?group_by=user`);
      const data = (spend.json?.data ?? []) as Array<{ user: string; requests: number; usd: number }>;
      const alice = data.find((row) => row.user === 'alice');
      return alice?.requests === 2 && data.some((row) => row.user === 'bob') ? data : undefined;
    });
    expect(rows.find((row) => row.user === 'alice')!.usd).toBeCloseTo(4 * USD_PER_TOKEN, 9);
    expect(rows.some((row) => row.user === 'ignored-when-the-header-is-set')).toBe(false);
  });

  it('refuses an end user id with control characters or over 256 characters, in the caller format', async () => {
    const { key } = await createKey(stack.url, ADMIN_KEY, {});
    for (const user of ['nul\u0000inside', 'line\nbreak', 'x'.repeat(257)]) {
      const answer = await chat(stack.url, key, { maxTokens: 1, extra: { user } });
      expect(answer.status).toBe(400);
      expect(answer.json.error).toMatchObject({ code: 'invalid_request', param: 'user' });
    }
  });

  it('limits a model alias for all callers together (config models[].limits)', async () => {
    const first = await createKey(stack.url, ADMIN_KEY, {});
    const second = await createKey(stack.url, ADMIN_KEY, {});
    const seconds = new Date().getUTCSeconds();
    if (seconds >= 55) await new Promise((resolve) => setTimeout(resolve, (60 - seconds) * 1000 + 100));
    expect((await chat(stack.url, first.key, { model: 'scarce', maxTokens: 1 })).status).toBe(200);
    expect((await chat(stack.url, second.key, { model: 'scarce', maxTokens: 1 })).status).toBe(200);
    const limited = await chat(stack.url, first.key, { model: 'scarce', maxTokens: 1 });
    expect(limited.status).toBe(429);
    expect(limited.json.error.message).toContain('model scarce');
    expect(limited.headers.get('x-ratelimit-limit-requests')).toBe('2');
    expect(limited.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    expect((await chat(stack.url, first.key, { model: 'capped', maxTokens: 1 })).status).toBe(200);
  }, 15_000);

  it('lets a key call only the model aliases it was given', async () => {
    const { key } = await createKey(stack.url, ADMIN_KEY, { models: ['capp*'] });
    expect((await chat(stack.url, key, { maxTokens: 1 })).status).toBe(200);
    const refused = await chat(stack.url, key, { maxTokens: 1, model: 'other' });
    expect(refused.status).toBe(403);
    expect(refused.json.error).toMatchObject({ code: 'permission_denied', param: 'model' });
  });
});
