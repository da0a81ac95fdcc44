/**
 * The semantic cache with an embeddings alias as its embedder, end to end on the simulator with
 * governance on: the question is embedded through the gateway as the caller (its own row in the
 * request log, its own ledger row, billed to the caller's key), a repeat is an exact hit, and an
 * embedding the caller's budget refuses is a miss that still lets the chat go upstream.
 *
 * Prices are chosen so the arithmetic is exact: chat input is free and every chat output token
 * costs $0.001; every embedding input token costs $0.001 (the simulator counts ceil(chars / 4)).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type TestStack } from '../../src/testing/stack.js';
import { adminCall, chat, createKey, OUTPUT_PRICE_PER_M, USD_PER_TOKEN, waitFor } from '../governance/helpers.js';

const ADMIN_KEY = `admin-${randomBytes(12).toString('hex')}`;
const EMBED_MODEL = 'text-embedding-3-small';

let stack: TestStack;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'switchboard-alias-embedder-'));
  stack = await startStack({
    providers: [
      {
        id: 'sim',
        type: 'openai',
        api_key: 'sk-sim',
        base_url: '${SIM}/v1',
        prices: {
          'gpt-4o-mini': { input: 0, cached_input: 0, cache_write: 0, output: OUTPUT_PRICE_PER_M },
          [EMBED_MODEL]: { input: OUTPUT_PRICE_PER_M, output: 0 },
        },
      },
    ],
    models: [
      { name: 'capped', targets: [{ provider: 'sim', model: 'gpt-4o-mini' }] },
      { name: 'embed', targets: [{ provider: 'sim', model: EMBED_MODEL }] },
    ],
    extra: {
      admin_key: ADMIN_KEY,
      governance: { ledger_flush_ms: 50, spill_file: join(dir, 'spill.jsonl') },
      cache: { mode: 'semantic', semantic: { embedder: 'embed' } },
    },
  });
});

afterAll(async () => {
  await stack?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface LogRow {
  id: string;
  operation: string;
  model_requested: string;
  status: number;
  error_code: string | null;
  cost_usd: number | null;
  input_tokens: number | null;
  key_id: string | null;
  team_id: string | null;
}

/** The request-log row of `id`, once written. */
function logRow(id: string): Promise<LogRow> {
  return waitFor(`request-log row ${id}`, async () => {
    const got = await adminCall(stack.url, ADMIN_KEY, 'GET', `/requests/${encodeURIComponent(id)}`);
    return got.status === 200 ? (got.json as LogRow) : undefined;
  });
}

/** The team's ledger rows by model (each test key has a team of its own), once `requests` of them are booked. */
async function spendByModel(
  teamId: string,
  requests: number,
): Promise<Map<string, { usd: number; input_tokens: number; requests: number; cache_hits: number }>> {
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  return waitFor(`${requests} ledger rows`, async () => {
    const spend = await adminCall(stack.url, ADMIN_KEY, 'GET', `/spend?group_by=model&team_id=${teamId}&from=${day(-2)}&to=${day(2)}`);
    expect(spend.status, spend.text).toBe(200);
    const rows = spend.json.data as Array<{ model: string; usd: number; input_tokens: number; requests: number; cache_hits: number }>;
    if (rows.reduce((n, row) => n + row.requests, 0) !== requests) return undefined;
    return new Map(rows.map((row) => [row.model, row]));
  });
}

/** What the simulator bills an embedding of `text`. */
function embeddingTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

describe('semantic cache with an embeddings alias', () => {
  it('embeds through the gateway as the caller: its own log row and ledger row, billed to the key; a repeat is an exact hit', async () => {
    const { id: keyId, key } = await createKey(stack.url, ADMIN_KEY, { budget: { usd: 10, period: 'month' } });
    const prompt = 'What is the capital of France?';
    const first = await chat(stack.url, key, { prompt, maxTokens: 5 });
    expect(first.status, first.text).toBe(200);
    expect(first.headers.get('x-switchboard-cache')).toBe('miss');
    const firstId = first.headers.get('x-request-id')!;
    await stack.gateway.cache!.flush();

    const second = await chat(stack.url, key, { prompt, maxTokens: 5 });
    expect(second.status, second.text).toBe(200);
    expect(second.headers.get('x-switchboard-cache')).toBe('hit');
    expect(second.json.choices[0].message.content).toBe(first.json.choices[0].message.content);

    const chatRow = await logRow(firstId);
    const embedRow = await logRow(`${firstId}-embed`);
    const tokens = embeddingTokens(prompt);
    expect(embedRow).toMatchObject({
      operation: 'embeddings',
      model_requested: 'embed',
      status: 200,
      error_code: null,
      input_tokens: tokens,
      key_id: keyId,
      team_id: chatRow.team_id,
    });
    expect(embedRow.cost_usd).toBeCloseTo(tokens * USD_PER_TOKEN, 9);
    expect(chatRow).toMatchObject({ operation: 'chat', key_id: keyId, status: 200 });

    // The ledger books by the model asked for: the miss and the hit (at 0, with what it saved) under `capped`, the embedding under `embed`, on the key's team.
    const spend = await spendByModel(chatRow.team_id!, 3);
    expect(spend.get('embed')).toMatchObject({ input_tokens: tokens, output_tokens: 0, requests: 1 });
    expect(spend.get('embed')!.usd).toBeCloseTo(tokens * USD_PER_TOKEN, 9);
    expect(spend.get('capped')!.usd).toBeCloseTo(5 * USD_PER_TOKEN, 9);
    expect(spend.get('capped')).toMatchObject({ requests: 2, cache_hits: 1 });
    // The exact hit made no embedding call: only the first request has a child row.
    const hitId = second.headers.get('x-request-id')!;
    expect((await adminCall(stack.url, ADMIN_KEY, 'GET', `/requests/${encodeURIComponent(`${hitId}-embed`)}`)).status).toBe(404);
  });

  it('treats an embedding the budget refuses as a miss: the chat still goes upstream and is answered', async () => {
    // The chat's reservation (5 output tokens) takes the whole budget, so the embedding has no room left.
    const { id: keyId, key } = await createKey(stack.url, ADMIN_KEY, { budget: { usd: 5 * USD_PER_TOKEN, period: 'total' } });
    const answer = await chat(stack.url, key, { prompt: 'Name a prime number larger than ten.', maxTokens: 5 });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.headers.get('x-switchboard-cache')).toBe('miss');
    expect(answer.json.choices[0].message.content.length).toBeGreaterThan(0);
    const id = answer.headers.get('x-request-id')!;
    const refused = await logRow(`${id}-embed`);
    expect(refused).toMatchObject({ operation: 'embeddings', status: 402, error_code: 'budget_exceeded', key_id: keyId });
    const spend = await spendByModel(refused.team_id!, 1);
    expect([...spend.keys()]).toEqual(['capped']);
    // With the budget now spent, the chat itself is refused at admission: a clear 402, nothing embedded.
    const after = await chat(stack.url, key, { prompt: 'Name a prime number larger than ten.', maxTokens: 5 });
    expect(after.status, after.text).toBe(402);
    expect(after.json.error.code).toBe('budget_exceeded');
  });

  it("applies the key's model list to the embedding: an alias the key may not call is a miss, and the chat is answered", async () => {
    const { id: keyId, key } = await createKey(stack.url, ADMIN_KEY, { models: ['capped'], budget: { usd: 10, period: 'month' } });
    const answer = await chat(stack.url, key, { prompt: 'Which ocean is the largest?', maxTokens: 5 });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.headers.get('x-switchboard-cache')).toBe('miss');
    const refused = await logRow(`${answer.headers.get('x-request-id')!}-embed`);
    expect(refused).toMatchObject({ operation: 'embeddings', status: 403, error_code: 'permission_denied', key_id: keyId, cost_usd: null });
  });
});
