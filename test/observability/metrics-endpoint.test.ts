/**
 * GET /metrics through a running gateway: who may scrape it (the admin key as bearer or
 * x-api-key when admin_key is set, anyone with metrics.open or in loopback open mode, nobody
 * when metrics.prometheus is off), and what a scrape shows after traffic: the GenAI histograms,
 * the request and spend counters and the budget-use gauge, under the names Prometheus sees.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type TestStack } from '../../src/testing/stack.js';
import { adminCall, chat, createKey, PRICED_MODELS, pricedProvider, waitFor } from '../governance/helpers.js';

const ADMIN_KEY = `admin-${randomBytes(12).toString('hex')}`;

let guarded: TestStack;
let open: TestStack;
let loopback: TestStack;
let off: TestStack;

function stack(extra: Record<string, unknown>): Promise<TestStack> {
  return startStack({ providers: [pricedProvider()], models: PRICED_MODELS, extra });
}

beforeAll(async () => {
  guarded = await stack({ admin_key: ADMIN_KEY });
  open = await stack({ admin_key: ADMIN_KEY, observability: { metrics: { open: true } } });
  loopback = await stack({});
  off = await stack({ observability: { metrics: { prometheus: false } } });
});

afterAll(async () => {
  await Promise.all([guarded?.close(), open?.close(), loopback?.close(), off?.close()]);
});

async function scrape(base: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}/metrics`, { headers });
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

/** The value of the first sample line of `series` whose labels include every `labels` pair. */
function sample(text: string, series: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${series}{`) && !line.startsWith(`${series} `)) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describe('GET /metrics', () => {
  it('needs the admin key when admin_key is set, and refuses in JSON like the rest of the gateway', async () => {
    const none = await scrape(guarded.url);
    expect(none.status).toBe(401);
    expect(JSON.parse(none.text).error).toMatchObject({ code: 'authentication_failed', type: 'authentication_error' });
    expect(JSON.parse(none.text).error.message).toContain('admin key');

    const wrong = await scrape(guarded.url, { authorization: 'Bearer not-the-key' });
    expect(wrong.status).toBe(401);
    expect(wrong.text).not.toContain('not-the-key');

    // A virtual key is not enough: metrics show every team's traffic.
    const member = await createKey(guarded.url, ADMIN_KEY, {});
    expect((await scrape(guarded.url, { authorization: `Bearer ${member.key}` })).status).toBe(401);

    const bearer = await scrape(guarded.url, { authorization: `Bearer ${ADMIN_KEY}` });
    expect(bearer.status).toBe(200);
    expect(bearer.type).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect((await scrape(guarded.url, { 'x-api-key': ADMIN_KEY })).status).toBe(200);
  });

  it('is open with metrics.open, and in loopback open mode', async () => {
    expect((await scrape(open.url)).status).toBe(200);
    expect((await scrape(loopback.url)).status).toBe(200);
  });

  it('does not exist with metrics.prometheus: false', async () => {
    const answer = await scrape(off.url);
    expect(answer.status).toBe(404);
    expect(JSON.parse(answer.text).error.code).toBe('route_not_found');
  });

  it('shows the traffic: GenAI histograms, requests, spend and budget use by team', async () => {
    const { id, key } = await createKey(guarded.url, ADMIN_KEY, { budget: { usd: 1, period: 'month' } });
    const team = (await adminCall(guarded.url, ADMIN_KEY, 'GET', `/keys/${id}`)).json.team_id as string;
    expect(team).toMatch(/\S/);
    for (let i = 0; i < 3; i++) expect((await chat(guarded.url, key, { maxTokens: 5, stream: i === 2 })).status).toBe(200);
    const bad = await chat(guarded.url, key, { maxTokens: 5, prompt: 'x [[sim fault=400]]' });
    expect(bad.status).toBe(400);

    // The last request is recorded just after its answer is written: scrape until it shows.
    const text = await waitFor('the last request in a scrape', async () => {
      const scraped = (await scrape(guarded.url, { authorization: `Bearer ${ADMIN_KEY}` })).text;
      return sample(scraped, 'switchboard_requests_total', { switchboard_team: team, error_type: 'upstream_bad_request' }) === 1 ? scraped : undefined;
    });
    expect(sample(text, 'switchboard_requests_total', { switchboard_team: team, http_response_status_code: '200', switchboard_model: 'capped' })).toBe(3);
    expect(sample(text, 'switchboard_requests_total', { switchboard_team: team, error_type: 'upstream_bad_request', switchboard_status_class: '4xx' })).toBe(1);
    // 5 output tokens at $0.001 each, three times.
    expect(sample(text, 'switchboard_spend_usd_total', { switchboard_team: team })).toBeCloseTo(0.015, 9);
    expect(sample(text, 'gen_ai_client_token_usage_count', { gen_ai_token_type: 'output', gen_ai_request_model: 'gpt-4o-mini' })).toBeGreaterThanOrEqual(3);
    expect(sample(text, 'gen_ai_client_token_usage_bucket', { gen_ai_token_type: 'output', le: '16' })).toBeGreaterThanOrEqual(3);
    expect(sample(text, 'gen_ai_client_operation_duration_count', { gen_ai_provider_name: 'openai' })).toBeGreaterThanOrEqual(3);
    expect(sample(text, 'gen_ai_client_operation_time_to_first_chunk_count')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'switchboard_budget_use', { switchboard_budget_scope: 'key' })).toBeCloseTo(0.015, 9);
    expect(sample(text, 'switchboard_request_log_queued')).toBeGreaterThanOrEqual(0);
    expect(text).toContain('# TYPE switchboard_request_log_dropped_total counter');
    // No request id and no key secret in any label.
    expect(text).not.toMatch(/req_[0-9a-z]{8}/i);
    expect(text).not.toContain(key);
    expect(text).not.toContain(ADMIN_KEY);
  });
});
