/**
 * Issue 9's searchable request log end to end: a gateway on the simulator, keys in three teams
 * (bodies full, metadata and none by team name), requests with metadata; then the admin API
 * finds them by every filter and free text, pages with the cursor, opens a detail (attempts,
 * phases, trace id, usage, cost, route reason), keeps a team viewer to its team, and keeps bodies
 * per team level, a streamed answer assembled like the one the client read.
 */
import { randomBytes } from 'node:crypto';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestDetail, RequestSearchPage, RequestSummary } from '../../src/admin/requests-contract.js';
import { startStack, type TestStack } from '../../src/testing/stack.js';
import { adminCall, pricedProvider, USD_PER_TOKEN } from '../governance/helpers.js';

const ADMIN_KEY = `admin-${randomBytes(12).toString('hex')}`;
let stack: TestStack;
const teams: Record<'full' | 'meta' | 'none', { id: string; key: string; keyId: string }> = {} as never;
let viewerMeta: string;
const sent: Record<string, string> = {};

async function admin<T>(path: string, key = ADMIN_KEY): Promise<{ status: number; json: T }> {
  const r = await fetch(`${stack.url}/admin/v1${path}`, { headers: { authorization: `Bearer ${key}` } });
  return { status: r.status, json: (await r.json()) as T };
}

async function search(query: string, key = ADMIN_KEY): Promise<RequestSummary[]> {
  const r = await admin<RequestSearchPage>(`/requests${query}`, key);
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  return r.json.data;
}

const client = (key: string) => new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: key, maxRetries: 0 });

beforeAll(async () => {
  stack = await startStack({
    providers: [pricedProvider()],
    models: [
      { name: 'capped', targets: [{ provider: 'sim', model: 'gpt-4o-mini' }] },
      { name: 'broken', targets: [{ provider: 'sim', model: 'gpt-4o-mini' }] },
    ],
    extra: {
      admin_key: ADMIN_KEY,
      request_log: {
        enabled: true,
        flush_interval_ms: 50,
        bodies: 'metadata',
        max_body_bytes: 4096,
        teams: { 'log-full': { bodies: 'full' }, 'log-none': { bodies: 'none' } },
      },
    },
  });
  for (const [level, name] of [
    ['full', 'log-full'],
    ['meta', 'log-meta'],
    ['none', 'log-none'],
  ] as const) {
    const team = await adminCall(stack.url, ADMIN_KEY, 'POST', '/teams', { name });
    expect(team.status, team.text).toBe(201);
    const key = await adminCall(stack.url, ADMIN_KEY, 'POST', '/keys', { team_id: team.json.id, name: `${level}-app` });
    expect(key.status, key.text).toBe(201);
    teams[level] = { id: team.json.id, key: key.json.key, keyId: key.json.id };
  }
  const viewer = await adminCall(stack.url, ADMIN_KEY, 'POST', '/keys', { team_id: teams.meta.id, name: 'meta-viewer', role: 'viewer' });
  viewerMeta = viewer.json.key;

  const call = async (name: string, level: keyof typeof teams, body: Record<string, unknown>) => {
    const r = await client(teams[level].key)
      .chat.completions.create({ model: 'capped', max_tokens: 5, messages: [{ role: 'user', content: `hello ${name}` }], ...body } as never)
      .withResponse();
    sent[name] = r.response.headers.get('x-request-id')!;
    return r.data;
  };
  await call('full-json', 'full', { metadata: { customer: 'Acme Corp', ticket: 'T-1' }, user: 'alice' });
  const stream = (await call('full-stream', 'full', { stream: true, metadata: { customer: 'Initech' } })) as unknown as AsyncIterable<{
    choices: { delta: { content?: string } }[];
  }>;
  let streamed = '';
  for await (const chunk of stream) streamed += chunk.choices[0]?.delta.content ?? '';
  sent.streamedText = streamed;
  await call('meta-json', 'meta', { metadata: { customer: 'globex_100%' }, user: 'bob' });
  await call('none-json', 'none', { metadata: { customer: 'Umbrella' } });
  const bad = await fetch(`${stack.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${teams.meta.key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'no-such-model', messages: [{ role: 'user', content: 'x' }] }),
  });
  sent['meta-404'] = bad.headers.get('x-request-id')!;
  await bad.text();
  for (let i = 0; i < 200; i++) {
    await stack.gateway.requestLog.flush();
    if ((await search('?limit=200')).length >= 5) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
});
afterAll(async () => stack?.close());

describe('request log search end to end', () => {
  it('finds requests by each filter and by free text in the metadata', async () => {
    const all = await search('');
    expect(all.map((r) => r.id)).toEqual([sent['meta-404'], sent['none-json'], sent['meta-json'], sent['full-stream'], sent['full-json']]);
    const idsOf = async (q: string) => (await search(q)).map((r) => r.id);
    expect(await idsOf(`?team=${teams.full.id}`)).toEqual([sent['full-stream'], sent['full-json']]);
    expect(await idsOf(`?key=${teams.meta.keyId}`)).toEqual([sent['meta-404'], sent['meta-json']]);
    expect(await idsOf('?user=alice')).toEqual([sent['full-json']]);
    expect(await idsOf('?model=no-such-model')).toEqual([sent['meta-404']]);
    expect(await idsOf('?model=gpt-4o-mini')).toHaveLength(4);
    expect(await idsOf('?provider=sim')).toHaveLength(4);
    expect(await idsOf('?status=404')).toEqual([sent['meta-404']]);
    expect(await idsOf('?status=2xx')).toHaveLength(4);
    expect(await idsOf('?error_code=model_not_found')).toEqual([sent['meta-404']]);
    expect(await idsOf('?q=acme')).toEqual([sent['full-json']]);
    expect(await idsOf('?q=GLOBEX_100%25')).toEqual([sent['meta-json']]);
    expect(await idsOf('?q=customer')).toEqual([sent['meta-json'], sent['full-stream'], sent['full-json']]);
    // Level none keeps no metadata, so free text cannot find it.
    expect(await idsOf('?q=umbrella')).toEqual([]);
    const first = all.at(-1)!.time;
    expect(await idsOf(`?from=${first}&to=${new Date(first + 1).toISOString()}`)).toEqual([sent['full-json']]);
  });

  it('pages through everything with the cursor', async () => {
    const seen: string[] = [];
    let cursor = '';
    for (let i = 0; i < 10; i++) {
      const r = await admin<RequestSearchPage>(`/requests?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...r.json.data.map((row) => row.id));
      if (!r.json.next_cursor) break;
      cursor = r.json.next_cursor;
    }
    expect(seen).toEqual((await search('')).map((r) => r.id));
    expect(seen).toHaveLength(5);
  });

  it('opens a detail with attempts, phases, usage, cost, route reason and a null trace id when untraced', async () => {
    const { status, json: d } = await admin<RequestDetail>(`/requests/${sent['full-json']}`);
    expect(status).toBe(200);
    expect(d).toMatchObject({
      id: sent['full-json'],
      model_requested: 'capped',
      model_served: 'gpt-4o-mini',
      provider: 'sim',
      status: 200,
      team_id: teams.full.id,
      key_id: teams.full.keyId,
      end_user: 'alice',
      output_tokens: 5,
      route_reason: 'alias',
      trace_id: null,
      metadata: { customer: 'Acme Corp', ticket: 'T-1' },
      attempt_log: [{ provider: 'sim', model: 'gpt-4o-mini', outcome: 'ok' }],
    });
    expect(d.cost_usd).toBeCloseTo(5 * USD_PER_TOKEN, 9);
    expect(Object.keys(d.phases!)).toEqual(expect.arrayContaining(['authenticate', 'decode', 'admit', 'dispatch']));
    expect(d.phases!.dispatch).toBeGreaterThan(0);
    expect(Object.keys(d.phases!).indexOf('authenticate')).toBeLessThan(Object.keys(d.phases!).indexOf('dispatch'));
    expect((await admin(`/requests/req_unknown`)).status).toBe(404);
  });

  it("keeps a team's viewer to its own team", async () => {
    expect((await search('', viewerMeta)).map((r) => r.id)).toEqual([sent['meta-404'], sent['meta-json']]);
    expect((await admin(`/requests?team=${teams.full.id}`, viewerMeta)).status).toBe(403);
    expect((await admin(`/requests/${sent['full-json']}`, viewerMeta)).status).toBe(404);
    expect((await admin<RequestDetail>(`/requests/${sent['meta-json']}`, viewerMeta)).status).toBe(200);
    const overview = await admin<{ totals: { requests: number; errors: number } }>('/overview', viewerMeta);
    expect(overview.json.totals).toMatchObject({ requests: 2, errors: 1 });
  });

  it('keeps bodies per team: full (streamed answer assembled), metadata only, or none', async () => {
    const full = (await admin<RequestDetail>(`/requests/${sent['full-json']}`)).json;
    expect(full.request_body).toMatchObject({ messages: [{ role: 'user', content: [{ type: 'text', text: 'hello full-json' }] }] });
    expect(full.response_body).toMatchObject({ finishReason: expect.any(String), text: expect.any(String) });
    const streamed = (await admin<RequestDetail>(`/requests/${sent['full-stream']}`)).json;
    expect(streamed.stream).toBe(true);
    expect(sent.streamedText?.length).toBeGreaterThan(0);
    expect(streamed.response_body).toMatchObject({ text: sent.streamedText, model: 'gpt-4o-mini' });
    expect(JSON.stringify(streamed.request_body)).toContain('hello full-stream');
    const meta = (await admin<RequestDetail>(`/requests/${sent['meta-json']}`)).json;
    expect(meta).toMatchObject({ metadata: { customer: 'globex_100%' }, request_body: null, response_body: null });
    const none = (await admin<RequestDetail>(`/requests/${sent['none-json']}`)).json;
    expect(none).toMatchObject({ metadata: null, request_body: null, response_body: null, status: 200 });
    expect(JSON.stringify(full)).not.toContain('sk-sim');
  });

  it('sums the overview and splits it by team', async () => {
    const o = await admin<{ totals: { requests: number; errors: number; output_tokens: number }; split: { key: string; requests: number }[] }>(
      '/overview?by=team',
    );
    expect(o.json.totals).toMatchObject({ requests: 5, errors: 1, output_tokens: 20 });
    expect(Object.fromEntries(o.json.split.map((s) => [s.key, s.requests]))).toEqual({ [teams.full.id]: 2, [teams.meta.id]: 2, [teams.none.id]: 1 });
  });

  it('sweeps rows past retention_days and keeps the spend rollups', async () => {
    const day = new Date().toISOString().slice(0, 10);
    // The ledger is written in its own batches: wait for the three teams' spend.
    let spendBefore = await admin<{ data: unknown[] }>(`/spend?group_by=team&from=${day}&to=${day}`);
    for (let i = 0; i < 200 && spendBefore.json.data.length < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      spendBefore = await admin<{ data: unknown[] }>(`/spend?group_by=team&from=${day}&to=${day}`);
    }
    expect(spendBefore.json.data).toHaveLength(3);
    stack.gateway.requestLog.record({
      id: 'req_ancient',
      time: Date.now() - 31 * 86_400_000,
      operation: 'chat',
      ingress: 'openai',
      stream: false,
      modelRequested: 'capped',
      status: 200,
      attempts: 1,
      gatewayMs: 1,
      totalMs: 2,
    });
    await stack.gateway.requestLog.flush();
    expect((await admin(`/requests/req_ancient`)).status).toBe(200);
    expect(await stack.gateway.requestLogRetention.sweepNow()).toBe(1);
    expect((await admin(`/requests/req_ancient`)).status).toBe(404);
    expect(await search('')).toHaveLength(5);
    expect((await admin<{ data: unknown[] }>(`/spend?group_by=team&from=${day}&to=${day}`)).json).toEqual(spendBefore.json);
  });
});
