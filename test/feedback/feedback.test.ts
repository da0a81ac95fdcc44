/**
 * POST /v1/feedback over HTTP: 201 with the feedback object, attribution from the caller's key,
 * tenancy (team B cannot attach feedback to team A's request), every field's refusal in OpenAI's
 * error shape, the body cap, open mode on loopback, and the feedback in the admin request detail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type TestStack } from '../../src/testing/stack.js';
import { expectOpenAIError, type RawResponse, send } from '../bad-input/http.js';
import { createKey } from '../governance/helpers.js';
import { requestWithHost } from '../security/raw.js';

const ADMIN_KEY = 'sb-admin-feedback-5e1f0';
const PROVIDERS = [{ id: 'sim', type: 'openai', api_key: 'sim-key-123456', base_url: '${SIM}/v1' }];
const MODELS = [{ name: 'small', targets: [{ provider: 'sim', model: 'sim-small' }] }];

let keyed: TestStack;
let open: TestStack;
let keyA: string;
let keyB: string;

beforeAll(async () => {
  keyed = await startStack({ providers: PROVIDERS, models: MODELS, extra: { admin_key: ADMIN_KEY } });
  open = await startStack({ providers: PROVIDERS, models: MODELS });
  keyA = (await createKey(keyed.url, ADMIN_KEY, {})).key;
  keyB = (await createKey(keyed.url, ADMIN_KEY, {})).key;
});
afterAll(async () => {
  await keyed?.close();
  await open?.close();
});

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

/** One chat call; answers its request id once its request-log row is written. */
async function chatRequest(stack: TestStack, headers: Record<string, string>): Promise<string> {
  const body = JSON.stringify({ model: 'small', messages: [{ role: 'user', content: 'hi' }] });
  const res = await send(`${stack.url}/v1/chat/completions`, { body, headers });
  expect(res.status, res.text).toBe(200);
  await stack.gateway.requestLog.flush();
  return res.headers['x-request-id']!;
}

function feedback(stack: TestStack, body: unknown, headers: Record<string, string> = {}): Promise<RawResponse> {
  return send(`${stack.url}/v1/feedback`, { body: typeof body === 'string' ? body : JSON.stringify(body), headers });
}

/** A well-formed gateway request id minted at `time` (core/ids.ts). */
function mintedAt(time: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  let stamp = '';
  for (let i = 0, v = time; i < 8; i++, v = Math.floor(v / 62)) stamp = alphabet[v % 62] + stamp;
  return `req_${stamp}${'x'.repeat(16)}`;
}

describe('POST /v1/feedback with virtual keys', () => {
  it('stores a score on the caller’s own request: 201 and the feedback object; the admin detail shows it', async () => {
    const requestId = await chatRequest(keyed, bearer(keyA));
    const res = await feedback(keyed, { request_id: requestId, score: 0.8, label: 'helpful', comment: 'Clear answer.' }, bearer(keyA));
    expect(res.status, res.text).toBe(201);
    const body = res.json as Record<string, unknown>;
    expect(body).toEqual({ object: 'feedback', id: expect.stringMatching(/^fb_/), request_id: requestId, created_at: expect.any(Number) });
    expect(res.headers['x-request-id']).toMatch(/^req_/);
    // x-api-key works as for model calls; a label alone is enough.
    expect((await feedback(keyed, { request_id: requestId, label: 'thumbs_up' }, { 'x-api-key': keyA })).status).toBe(201);

    const detail = await send(`${keyed.url}/admin/v1/requests/${encodeURIComponent(requestId)}`, { method: 'GET', headers: bearer(ADMIN_KEY) });
    expect(detail.status, detail.text).toBe(200);
    const rows = (detail.json as { feedback: unknown[] }).feedback;
    expect(rows).toEqual([
      { score: 0.8, label: 'helpful', comment: 'Clear answer.', created_at: expect.any(Number) },
      { score: null, label: 'thumbs_up', comment: null, created_at: expect.any(Number) },
    ]);
  });

  it('team B cannot attach feedback to team A’s request: 404 request_not_found, as for an unknown id', async () => {
    const requestId = await chatRequest(keyed, bearer(keyA));
    const error = expectOpenAIError(await feedback(keyed, { request_id: requestId, score: 0 }, bearer(keyB)), 404, 'request_not_found');
    expect(error.error.type).toBe('not_found_error');
    expect(error.error.param).toBe('request_id');
    const detail = await send(`${keyed.url}/admin/v1/requests/${encodeURIComponent(requestId)}`, { method: 'GET', headers: bearer(ADMIN_KEY) });
    expect((detail.json as { feedback: unknown[] }).feedback).toEqual([]);
  });

  it('an id with no row: refused when it is foreign or old, accepted while its row may still be on its way', async () => {
    expectOpenAIError(await feedback(keyed, { request_id: 'req_not-a-gateway-id', score: 1 }, bearer(keyA)), 404, 'request_not_found');
    expectOpenAIError(await feedback(keyed, { request_id: mintedAt(Date.now() - 3_600_000), score: 1 }, bearer(keyA)), 404, 'request_not_found');
    expect((await feedback(keyed, { request_id: mintedAt(Date.now()), score: 1 }, bearer(keyA))).status).toBe(201);
  });

  it('refuses callers without a valid key as model calls do', async () => {
    expectOpenAIError(await feedback(keyed, { request_id: 'req_x', score: 1 }), 401, 'authentication_failed');
    expectOpenAIError(await feedback(keyed, { request_id: 'req_x', score: 1 }, bearer('sk-not-a-key')), 401, 'authentication_failed');
  });

  it('refuses each bad field with a 400 naming it', async () => {
    const requestId = await chatRequest(keyed, bearer(keyA));
    const cases: [unknown, string | null][] = [
      [{ request_id: requestId, score: 1, team_id: 'team_other' }, 'team_id'],
      [{ score: 1 }, 'request_id'],
      [{ request_id: '', score: 1 }, 'request_id'],
      [{ request_id: 42, score: 1 }, 'request_id'],
      [{ request_id: 'r'.repeat(257), score: 1 }, 'request_id'],
      [{ request_id: 'req_a\u0000b', score: 1 }, 'request_id'],
      [{ request_id: requestId }, 'score'],
      [{ request_id: requestId, score: 'high' }, 'score'],
      [{ request_id: requestId, score: '1e999' }, 'score'],
      [{ request_id: requestId, label: 'l'.repeat(65) }, 'label'],
      [{ request_id: requestId, label: 'a\nb' }, 'label'],
      [{ request_id: requestId, label: 5 }, 'label'],
      [{ request_id: requestId, score: 1, comment: 'c'.repeat(4097) }, 'comment'],
      [{ request_id: requestId, score: 1, comment: 'é'.repeat(2049) }, 'comment'],
      [[{ request_id: requestId, score: 1 }], null],
    ];
    for (const [body, param] of cases) {
      const error = expectOpenAIError(await feedback(keyed, body, bearer(keyA)), 400, 'invalid_request');
      expect(error.error.type, JSON.stringify(body).slice(0, 80)).toBe('invalid_request_error');
      expect(error.error.param, JSON.stringify(body).slice(0, 80)).toBe(param);
    }
    // A non-finite score cannot be written in JSON; 1e999 parses to Infinity.
    expectOpenAIError(await feedback(keyed, `{"request_id":"${requestId}","score":1e999}`, bearer(keyA)), 400, 'invalid_request');
    expectOpenAIError(await feedback(keyed, '{"request_id":', bearer(keyA)), 400, 'invalid_json');
    const noType = await send(`${keyed.url}/v1/feedback`, {
      body: JSON.stringify({ request_id: requestId, score: 1 }),
      contentType: null,
      headers: bearer(keyA),
    });
    expectOpenAIError(noType, 415, 'unsupported_media_type');
    // The limits themselves are accepted.
    const atLimits = { request_id: requestId, score: -3.5, label: 'l'.repeat(64), comment: 'é'.repeat(2048) };
    expect((await feedback(keyed, atLimits, bearer(keyA))).status).toBe(201);
  });

  it('caps the body read: 413 body_too_large', async () => {
    const big = JSON.stringify({ request_id: 'req_x', score: 1, comment: 'c'.repeat(40 * 1024) });
    expectOpenAIError(await feedback(keyed, big, bearer(keyA)), 413, 'body_too_large');
  });

  it('answers 405 for other methods', async () => {
    const res = await send(`${keyed.url}/v1/feedback`, { method: 'GET', headers: bearer(keyA) });
    expectOpenAIError(res, 405, 'method_not_allowed');
  });
});

describe('POST /v1/feedback in open mode on loopback', () => {
  it('needs no key, and attaches to the untenanted request', async () => {
    const requestId = await chatRequest(open, {});
    const res = await feedback(open, { request_id: requestId, score: 5 }, { 'x-switchboard-user': 'alice' });
    expect(res.status, res.text).toBe(201);
    const detail = await send(`${open.url}/admin/v1/requests/${encodeURIComponent(requestId)}`, { method: 'GET' });
    expect(detail.status, detail.text).toBe(200);
    expect((detail.json as { feedback: unknown[] }).feedback).toEqual([{ score: 5, label: null, comment: null, created_at: expect.any(Number) }]);
    expectOpenAIError(await feedback(open, { request_id: requestId, score: 5 }, { 'x-switchboard-user': 'u'.repeat(257) }), 400, 'invalid_request');
  });

  it('refuses a page that rebinds its own name to loopback (Host not loopback): 403', async () => {
    const requestId = await chatRequest(open, {});
    const res = await requestWithHost(open.gateway.port, '/v1/feedback', {
      host: 'evil.example.com',
      body: JSON.stringify({ request_id: requestId, score: 0 }),
    });
    expectOpenAIError(res, 403, 'permission_denied');
  });
});
