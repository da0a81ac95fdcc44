/**
 * Shadow mode end to end on the simulator: the client always gets the control's answer; after it,
 * a `<id>-shadow` child request with the shadow variant applied is sent as the caller (its own
 * request-log row with the experiment and variant, its cost in the ledger under the caller's team);
 * a caller whose budget the client's request used up gets no shadow (refused, counted, unseen by it).
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type TestStack } from '../../src/testing/stack.js';
import { adminCall, chat, createKey, OUTPUT_PRICE_PER_M, USD_PER_TOKEN, waitFor } from '../governance/helpers.js';

const ADMIN_KEY = `admin-${randomBytes(12).toString('hex')}`;
let stack: TestStack;
let experimentId: string;

beforeAll(async () => {
  stack = await startStack({
    providers: [
      {
        id: 'sim',
        type: 'openai',
        api_key: 'sk-sim',
        base_url: '${SIM}/v1',
        prices: {
          'gpt-4o-mini': { input: 0, cached_input: 0, cache_write: 0, output: OUTPUT_PRICE_PER_M },
          'gpt-4o': { input: 0, cached_input: 0, cache_write: 0, output: 2 * OUTPUT_PRICE_PER_M },
        },
      },
    ],
    models: [
      { name: 'capped', targets: [{ provider: 'sim', model: 'gpt-4o-mini' }] },
      { name: 'candidate', targets: [{ provider: 'sim', model: 'gpt-4o' }] },
    ],
    extra: { admin_key: ADMIN_KEY, governance: { ledger_flush_ms: 50 } },
  });
  const created = await adminCall(stack.url, ADMIN_KEY, 'POST', '/experiments', {
    name: 'bigger-model',
    target: { alias: 'capped' },
    variants: [
      { name: 'control', weight: 1 },
      { name: 'bigger', weight: 1, model: 'candidate' },
    ],
    shadow: { variant: 'bigger', fraction: 1 },
  });
  expect(created.status, created.text).toBe(201);
  experimentId = created.json.id;
});

afterAll(async () => {
  await stack?.close();
});

interface Row {
  id: string;
  model_requested: string;
  status: number;
  experiment: string | null;
  variant: string | null;
  team_id: string | null;
  cost_usd: number | null;
}

/** A request-log row, read from the gateway's SQLite file once written. */
function row(id: string): Promise<Row> {
  return waitFor(`request-log row ${id}`, async () => {
    await stack.gateway.requestLog.flush();
    const db = new Database(join(stack.dir, 'switchboard.db'), { readonly: true });
    try {
      return db.prepare('SELECT id, model_requested, status, experiment, variant, team_id, cost_usd FROM request_log WHERE id = ?').get(id) as Row | undefined;
    } finally {
      db.close();
    }
  });
}

describe('shadow mode', () => {
  it("answers with the control, then sends the shadow variant as the caller's child request, logged and billed", async () => {
    const { key } = await createKey(stack.url, ADMIN_KEY, { budget: { usd: 10, period: 'month' } });
    const answer = await chat(stack.url, key, { maxTokens: 5, extra: { user: 'alice' } });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.headers.get('x-switchboard-experiment')).toBe(experimentId);
    expect(answer.headers.get('x-switchboard-variant')).toBe('control');
    expect(answer.json.model).toBe('gpt-4o-mini');
    await stack.gateway.experiments.settled();
    const id = answer.headers.get('x-request-id')!;
    const client = await row(id);
    const shadow = await row(`${id}-shadow`);
    expect(client).toMatchObject({ model_requested: 'capped', status: 200, experiment: experimentId, variant: 'control' });
    expect(shadow).toMatchObject({ model_requested: 'candidate', status: 200, experiment: experimentId, variant: 'bigger', team_id: client.team_id });
    expect(shadow.cost_usd).toBeCloseTo(5 * 2 * USD_PER_TOKEN, 9);
    // The ledger has the shadow under the caller's team, by the model it asked for.
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const spend = await waitFor('ledger rows', async () => {
      const got = await adminCall(stack.url, ADMIN_KEY, 'GET', `/spend?group_by=model&team_id=${client.team_id}&from=${day(-2)}&to=${day(2)}`);
      const rows = got.json.data as Array<{ model: string; usd: number; requests: number }>;
      return rows.reduce((n, r) => n + r.requests, 0) === 2 ? new Map(rows.map((r) => [r.model, r])) : undefined;
    });
    expect(spend.get('candidate')!.usd).toBeCloseTo(5 * 2 * USD_PER_TOKEN, 9);
    expect(stack.gateway.experiments.shadows()).toMatchObject({ sent: 1, inFlight: 0 });
    // Operators see the same counts on /healthz.
    const health = (await (await fetch(`${stack.url}/healthz`)).json()) as { experiments: { shadows: { sent: number } } };
    expect(health.experiments.shadows).toMatchObject({ sent: 1, inFlight: 0 });
  });

  it("sends no shadow once the client's request used up the caller's budget: refused, counted, never seen by the client", async () => {
    const before = stack.gateway.experiments.shadows();
    const { key } = await createKey(stack.url, ADMIN_KEY, { budget: { usd: 5 * USD_PER_TOKEN, period: 'total' } });
    const answer = await chat(stack.url, key, { maxTokens: 5, extra: { user: 'bob' } });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.headers.get('x-switchboard-variant')).toBe('control');
    await stack.gateway.experiments.settled();
    const after = stack.gateway.experiments.shadows();
    expect(after.refused).toBe(before.refused + 1);
    expect(after.sent).toBe(before.sent);
    const shadow = await row(`${answer.headers.get('x-request-id')!}-shadow`);
    // Refused before any attempt: not a sample of the variant.
    expect(shadow).toMatchObject({ status: 402, experiment: null, variant: null, cost_usd: null });
  });
});

describe('shadow copies beyond the cap', () => {
  it('are dropped and counted, and the client is answered as usual', async () => {
    const capped = await startStack({
      providers: [{ id: 'sim', type: 'openai', api_key: 'sk-sim', base_url: '${SIM}/v1' }],
      models: [
        { name: 'capped', targets: [{ provider: 'sim', model: 'gpt-4o-mini' }] },
        { name: 'candidate', targets: [{ provider: 'sim', model: 'gpt-4o' }] },
      ],
      extra: { admin_key: ADMIN_KEY, experiments: { shadow_max_in_flight: 0 } },
    });
    try {
      const created = await adminCall(capped.url, ADMIN_KEY, 'POST', '/experiments', {
        name: 'no-room',
        target: { alias: 'capped' },
        variants: [
          { name: 'control', weight: 1 },
          { name: 'bigger', weight: 1, model: 'candidate' },
        ],
        shadow: { variant: 'bigger', fraction: 1 },
      });
      expect(created.status, created.text).toBe(201);
      const answer = await chat(capped.url, ADMIN_KEY, { maxTokens: 5 });
      expect(answer.status, answer.text).toBe(200);
      expect(answer.headers.get('x-switchboard-variant')).toBe('control');
      await capped.gateway.experiments.settled();
      expect(capped.gateway.experiments.shadows()).toMatchObject({ sent: 0, dropped: 1, inFlight: 0 });
    } finally {
      await capped.close();
    }
  });
});
