/**
 * Open mode (no admin_key, loopback bind) against a web page the user visits: the page can POST
 * without a CORS preflight only with no Content-Type or a "simple" one (415), and by DNS
 * rebinding its own name to 127.0.0.1 it reaches the gateway with its name in Host (403).
 * Loopback Host names are served; with admin_key set, any Host is (with the key).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type TestStack } from '../../src/testing/stack.js';
import { expectAnthropicError, expectOpenAIError, type RawResponse, send } from '../bad-input/http.js';
import { requestWithHost } from './raw.js';

const ADMIN_KEY = 'sb-admin-open-mode-91b2c';
const PROVIDERS = [{ id: 'sim', type: 'openai', api_key: 'sim-key-123456', base_url: '${SIM}/v1' }];
const MODELS = [
  { name: 'small', targets: [{ provider: 'sim', model: 'sim-small' }] },
  { name: 'emb', targets: [{ provider: 'sim', model: 'text-embedding-3-small' }] },
];

let open: TestStack;
let keyed: TestStack;

beforeAll(async () => {
  open = await startStack({ providers: PROVIDERS, models: MODELS });
  keyed = await startStack({ providers: PROVIDERS, models: MODELS, extra: { admin_key: ADMIN_KEY } });
});
afterAll(async () => {
  await open?.close();
  await keyed?.close();
});

const POSTS = [
  { path: '/v1/chat/completions', body: { model: 'small', messages: [{ role: 'user', content: 'hi' }] }, format: 'openai' },
  { path: '/v1/messages', body: { model: 'small', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] }, format: 'anthropic' },
  { path: '/v1/embeddings', body: { model: 'emb', input: 'hello' }, format: 'openai' },
] as const;

function expectError(format: 'openai' | 'anthropic', res: RawResponse, status: number, code: string, anthropicType: string): void {
  if (format === 'anthropic') expect(expectAnthropicError(res, status, code).error.type).toBe(anthropicType);
  else expectOpenAIError(res, status, code);
}

describe('open mode: Content-Type', () => {
  for (const { path, body, format } of POSTS) {
    it(`${path}: a POST without Content-Type → 415 in the caller's format`, async () => {
      const res = await send(`${open.url}${path}`, { body: JSON.stringify(body), contentType: null });
      expectError(format, res, 415, 'unsupported_media_type', 'invalid_request_error');
    });

    it(`${path}: text/plain and the other CORS-simple types → 415`, async () => {
      for (const type of ['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
        const res = await send(`${open.url}${path}`, { body: JSON.stringify(body), contentType: type });
        expectError(format, res, 415, 'unsupported_media_type', 'invalid_request_error');
      }
    });

    it(`${path}: application/json is served`, async () => {
      const res = await send(`${open.url}${path}`, { body: JSON.stringify(body), contentType: 'application/json; charset=utf-8' });
      expect(res.status, res.text).toBe(200);
    });
  }

  it('also refuses a missing Content-Type when admin_key is set (with the key)', async () => {
    const res = await send(`${keyed.url}/v1/chat/completions`, {
      body: JSON.stringify(POSTS[0].body),
      contentType: null,
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
    });
    expectOpenAIError(res, 415, 'unsupported_media_type');
  });
});

const REBOUND_HOSTS = ['evil.example.com', 'evil.example.com:8080', 'localhost.evil.example.com', '127.0.0.1.evil.example.com', 'evil.example.com:'];

describe('open mode: Host (DNS rebinding)', () => {
  for (const { path, body, format } of POSTS) {
    it(`${path}: Host: evil.example.com → 403 permission_denied in the caller's format`, async () => {
      for (const host of REBOUND_HOSTS) {
        const res = await requestWithHost(open.gateway.port, path, { host, body: JSON.stringify(body) });
        expectError(format, res, 403, 'permission_denied', 'permission_error');
        // Nothing of the answer a page would want to read.
        expect(res.text).not.toContain('Simulated reply');
        expect(res.headers['x-switchboard-provider']).toBeUndefined();
      }
    });
  }

  it('GET /v1/models: Host: evil.example.com → 403, and the model list is not in the answer', async () => {
    const res = await requestWithHost(open.gateway.port, '/v1/models', { host: `evil.example.com:${open.gateway.port}`, method: 'GET' });
    expectOpenAIError(res, 403, 'permission_denied');
    expect(res.text).not.toContain('"small"');
  });

  it('the upstream is not called for a rebound request', async () => {
    let upstreamCalls = 0;
    const count = () => upstreamCalls++;
    open.simulator.server.on('request', count);
    try {
      const res = await requestWithHost(open.gateway.port, '/v1/chat/completions', { host: 'evil.example.com', body: JSON.stringify(POSTS[0].body) });
      expect(res.status).toBe(403);
    } finally {
      open.simulator.server.off('request', count);
    }
    expect(upstreamCalls).toBe(0);
  });

  it('accepts the loopback names: localhost, 127.0.0.1 and [::1], with and without the port', async () => {
    const port = open.gateway.port;
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, 'localhost', `LOCALHOST:${port}`, '127.0.0.1']) {
      for (const { path, body } of POSTS) {
        const res = await requestWithHost(port, path, { host, body: JSON.stringify(body) });
        expect(res.status, `${host} ${path}: ${res.text}`).toBe(200);
      }
      const models = await requestWithHost(port, '/v1/models', { host, method: 'GET' });
      expect(models.status, `${host}: ${models.text}`).toBe(200);
    }
  });
});

describe('with admin_key, any Host is served', () => {
  it('Host: evil.example.com with the key → 200 on every endpoint', async () => {
    for (const { path, body } of POSTS) {
      for (const headers of [{ authorization: `Bearer ${ADMIN_KEY}` }, { 'x-api-key': ADMIN_KEY }] as Record<string, string>[]) {
        const res = await requestWithHost(keyed.gateway.port, path, { host: 'evil.example.com', body: JSON.stringify(body), headers });
        expect(res.status, `${path}: ${res.text}`).toBe(200);
      }
    }
    const models = await requestWithHost(keyed.gateway.port, '/v1/models', {
      host: 'gateway.internal.example:443',
      method: 'GET',
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
    });
    expect(models.status, models.text).toBe(200);
  });

  it('Host: evil.example.com without the key → 401 (the key is what matters)', async () => {
    for (const { path, body, format } of POSTS) {
      const res = await requestWithHost(keyed.gateway.port, path, { host: 'evil.example.com', body: JSON.stringify(body) });
      expectError(format, res, 401, 'authentication_failed', 'authentication_error');
    }
  });
});
