import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestLogRow } from '../../src/testing/request-log-row.js';
import { startStack, type TestStack } from '../../src/testing/stack.js';
import { adminCall, chat } from '../governance/helpers.js';

const ADMIN_KEY = 'sk-admin-routing-test-0123456789';
let stack: TestStack;
let euKey: string;

/** Upstream calls the simulator saw, by family: OpenAI-style chat (us) or Anthropic Messages (eu). */
function upstreamCalls(): { openai: number; anthropic: number } {
  const all = stack.simulator.received.all();
  return { openai: all.filter((r) => r.path.endsWith('/chat/completions')).length, anthropic: all.filter((r) => r.path.endsWith('/v1/messages')).length };
}

const logRow = (requestId: string) => requestLogRow(stack, requestId);

beforeAll(async () => {
  stack = await startStack({
    providers: [
      { id: 'us', type: 'openai', api_key: 'k', base_url: '${SIM}/v1', region: 'us-east-1' },
      { id: 'eu', type: 'anthropic', api_key: 'k', base_url: '${SIM}', region: 'eu-west-1' },
      { id: 'eu2', type: 'openai', api_key: 'k', base_url: '${SIM}/v1', region: 'eu-central-1', tags: ['premium'] },
    ],
    models: [
      {
        name: 'global',
        targets: [
          { provider: 'us', model: 'sim-small' },
          { provider: 'eu', model: 'claude-sonnet-4-5' },
        ],
        fallbacks: { any: 'us-only' },
        retries: { base_delay_ms: 1, max_delay_ms: 5 },
      },
      { name: 'us-only', targets: [{ provider: 'us', model: 'sim-small' }] },
      { name: 'long-context', targets: [{ provider: 'eu2', model: 'sim-long' }] },
      {
        name: 'auto',
        strategy: 'smart',
        targets: [
          { provider: 'us', model: 'sim-strong' },
          { provider: 'us', model: 'sim-small' },
        ],
      },
    ],
    extra: {
      admin_key: ADMIN_KEY,
      routing_rules: [
        { name: 'long-prompts', when: { min_input_tokens: 3000 }, use: 'long-context' },
        { name: 'eu-header', when: { headers: { 'x-data-region': 'eu' } }, regions: ['eu-*'] },
      ],
    },
  });
  const team = await adminCall(stack.url, ADMIN_KEY, 'POST', '/teams', { name: 'eu-team', regions: ['eu-*'] });
  expect(team.status, team.text).toBe(201);
  const key = await adminCall(stack.url, ADMIN_KEY, 'POST', '/keys', { team_id: team.json.id, name: 'eu-app' });
  expect(key.status, key.text).toBe(201);
  euKey = key.json.key;
});
afterAll(async () => stack?.close());

describe('data residency', () => {
  it('serves a pinned team only from its regions, and the request log records the region', async () => {
    stack.simulator.received.clear();
    const res = await chat(stack.url, euKey, { model: 'global', prompt: 'hello' });
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('x-switchboard-provider')).toBe('eu');
    expect(upstreamCalls()).toEqual({ openai: 0, anthropic: 1 });
    const row = await logRow(res.headers.get('x-request-id')!);
    expect(row.region).toBe('eu-west-1');
  });

  it('never falls back or retries outside the regions, even when the allowed target fails', async () => {
    stack.simulator.received.clear();
    const res = await chat(stack.url, euKey, { model: 'global', prompt: 'hello [[sim fault=500]]' });
    expect(res.status).toBe(500);
    const calls = upstreamCalls();
    // The `any` fallback (us-only) and the alias's us target are out of bounds: only eu was tried, and retried.
    expect(calls.openai).toBe(0);
    expect(calls.anthropic).toBeGreaterThanOrEqual(2);
    const row = await logRow(res.headers.get('x-request-id')!);
    const attempts = JSON.parse(row.attempt_log!) as { provider: string; region: string; outcome: string }[];
    expect(attempts.every((a) => a.provider === 'eu' && a.region === 'eu-west-1' && a.outcome === 'error')).toBe(true);
    expect(res.headers.get('x-switchboard-attempts')).toBe(String(attempts.length));
  });

  it('refuses an alias with no target in the regions, before any upstream call', async () => {
    stack.simulator.received.clear();
    const res = await chat(stack.url, euKey, { model: 'us-only', prompt: 'hello' });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe('permission_denied');
    expect(res.json.error.message).toContain('eu-*');
    expect(upstreamCalls()).toEqual({ openai: 0, anthropic: 0 });
  });

  it('an unpinned caller reaches every region and falls back to the `any` alias', async () => {
    stack.simulator.received.clear();
    const res = await chat(stack.url, ADMIN_KEY, { model: 'global', prompt: 'hello' });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-switchboard-provider')).toBe('us');
    expect(res.headers.get('x-switchboard-route-reason')).toBe('alias');
  });
});

describe('routing rules', () => {
  it('narrows to the rule regions when a header matches', async () => {
    const response = await fetch(`${stack.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json', 'x-data-region': 'eu' },
      body: JSON.stringify({ model: 'global', messages: [{ role: 'user', content: 'hello' }] }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchboard-route-reason')).toBe('rule:eu-header');
    expect(response.headers.get('x-switchboard-provider')).toBe('eu');
  });

  it('sends a long prompt to the long-context alias', async () => {
    const long = Array.from({ length: 4000 }, (_, i) => `word${i}`).join(' ');
    const res = await chat(stack.url, ADMIN_KEY, { model: 'global', prompt: long });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-switchboard-route-reason')).toBe('rule:long-prompts');
    expect(res.headers.get('x-switchboard-provider')).toBe('eu2');
    expect(res.headers.get('x-switchboard-model')).toBe('sim-long');
  });
});

describe('smart router', () => {
  it('says which candidate it chose and why', async () => {
    const res = await chat(stack.url, ADMIN_KEY, { model: 'auto', prompt: 'hi' });
    expect(res.status).toBe(200);
    const reason = res.headers.get('x-switchboard-route-reason')!;
    expect(reason).toMatch(/^smart:(strong|weak)\(0\.\d+/);
    expect(res.headers.get('x-switchboard-model')).toBe(reason.startsWith('smart:strong') ? 'sim-strong' : 'sim-small');
  });
});

describe('GET /admin/v1/targets', () => {
  it('lists every alias target with its region and breaker state', async () => {
    const res = await adminCall(stack.url, ADMIN_KEY, 'GET', '/targets');
    expect(res.status, res.text).toBe(200);
    const rows = res.json.data as { alias: string; provider: string; region?: string; breaker: { state: string } }[];
    const global = rows.filter((r) => r.alias === 'global');
    expect(global.map((r) => [r.provider, r.region])).toEqual([
      ['us', 'us-east-1'],
      ['eu', 'eu-west-1'],
    ]);
    expect(rows.every((r) => ['closed', 'open', 'half_open'].includes(r.breaker.state))).toBe(true);
  });
});
