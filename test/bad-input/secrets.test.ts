/**
 * Provider secrets never leave the gateway: not in response bodies or headers, not in error
 * messages (upstream 401s, upstreams that echo the key, dead base URLs), not in the request log.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlite, SqliteRequestLogStore } from '../../src/storage/sqlite/request-log-store.js';
import { startStack, type TestStack } from '../../src/testing/stack.js';
import { closedPort, expectOpenAIError, postJson, type RawResponse } from './http.js';

const SIM_KEY = 'sk-test-SECRET-1234';
const DEAD_KEY = 'sk-test-SECRET-dead-5678';
const ECHO_KEY = 'sk-test-SECRET-echo-9012';
const HEADER_SECRET = 'hdr-SECRET-3456';
const SECRETS = [SIM_KEY, DEAD_KEY, ECHO_KEY, HEADER_SECRET];

let stack: TestStack;
let echo: Server;
const responses: RawResponse[] = [];

/**
 * A careless upstream: it repeats the credentials it received in its error messages, in JSON
 * errors, plain-text errors and mid-stream error events, as some proxies and servers do.
 */
function startEchoUpstream(): Promise<Server> {
  const server = createServer((req, res) => {
    const auth = `${req.headers.authorization ?? ''} ${req.headers['x-custom-auth'] ?? ''}`;
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const body = JSON.parse(raw || '{}') as { stream?: boolean; messages?: Array<{ content?: unknown }> };
      const text = JSON.stringify(body.messages ?? []);
      if (text.includes('plain')) {
        res.writeHead(403, { 'content-type': 'text/plain' });
        res.end(`forbidden for ${auth}`);
      } else if (body.stream && text.includes('midstream')) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        const chunk = {
          id: 'c1',
          object: 'chat.completion.chunk',
          created: 1,
          model: 'm',
          choices: [{ index: 0, delta: { role: 'assistant', content: 'hi' } }],
        };
        res.write(`data: ${JSON.stringify(chunk)}\n\n`);
        res.end(`data: ${JSON.stringify({ error: { message: `key ${auth} was revoked`, type: 'server_error' } })}\n\n`);
      } else {
        res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': `Bearer realm="${auth}"` });
        res.end(
          JSON.stringify({ error: { message: `Incorrect API key provided: ${auth}.`, type: 'invalid_request_error', param: null, code: 'invalid_api_key' } }),
        );
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

beforeAll(async () => {
  echo = await startEchoUpstream();
  const deadPort = await closedPort();
  stack = await startStack({
    providers: [
      { id: 'sim', type: 'openai', api_key: SIM_KEY, base_url: '${SIM}/v1', headers: { 'x-custom-auth': HEADER_SECRET } },
      { id: 'dead', type: 'openai', api_key: DEAD_KEY, base_url: `http://127.0.0.1:${deadPort}/v1` },
      {
        id: 'echo',
        type: 'openai',
        api_key: ECHO_KEY,
        base_url: `http://127.0.0.1:${(echo.address() as AddressInfo).port}/v1`,
        headers: { 'x-custom-auth': HEADER_SECRET },
      },
    ],
    models: [
      { name: 'ok', targets: [{ provider: 'sim', model: 'sim-small' }] },
      { name: 'dead', targets: [{ provider: 'dead', model: 'gpt-x' }] },
      { name: 'echo', targets: [{ provider: 'echo', model: 'gpt-x' }] },
      {
        name: 'dead-then-ok',
        targets: [
          { provider: 'dead', model: 'gpt-x' },
          { provider: 'sim', model: 'sim-small' },
        ],
      },
    ],
  });
});
afterAll(async () => {
  await stack?.close();
  await new Promise<void>((resolve) => echo?.close(() => resolve()));
});

async function chat(model: string, content: string, stream = false): Promise<RawResponse> {
  const res = await postJson(`${stack.url}/v1/chat/completions`, { model, stream, messages: [{ role: 'user', content }] });
  responses.push(res);
  return res;
}

function expectNoSecret(where: string, text: string): void {
  for (const secret of SECRETS) expect(text.includes(secret), `${where} contains ${secret}: ${text.slice(0, 500)}`).toBe(false);
  expect(text, where).not.toContain('SECRET');
}

function expectCleanResponse(res: RawResponse): void {
  expectNoSecret('response body', res.text);
  expectNoSecret('response headers', JSON.stringify(res.headers));
}

describe('secrets in responses', () => {
  it('keeps the key out of a successful answer', async () => {
    const res = await chat('ok', 'hello');
    expect(res.status).toBe(200);
    expectCleanResponse(res);
    const streamed = await chat('ok', 'hello', true);
    expect(streamed.status).toBe(200);
    expectCleanResponse(streamed);
  });

  it('keeps the key out of an upstream 401 (simulator fault)', async () => {
    for (const stream of [false, true]) {
      const res = await chat('ok', 'hi [[sim fault=401]]', stream);
      const { error } = expectOpenAIError(res, 401, 'upstream_authentication');
      expect(error.message).toContain("'sim'");
      expectCleanResponse(res);
    }
  });

  it('keeps the key out of an upstream 401 whose message repeats the key', async () => {
    for (const stream of [false, true]) {
      const res = await chat('echo', 'hi', stream);
      const { error } = expectOpenAIError(res, 401, 'upstream_authentication');
      expect(error.message).toContain('Incorrect API key provided');
      expectCleanResponse(res);
    }
  });

  it('keeps the key out of a plain-text upstream error that repeats it', async () => {
    const res = await chat('echo', 'plain please');
    expectOpenAIError(res, 403, 'upstream_permission');
    expectCleanResponse(res);
  });

  it('keeps the key out of a mid-stream error event that repeats it', async () => {
    const res = await chat('echo', 'midstream please', true);
    expect(res.status).toBe(200);
    expect(res.text).toContain('revoked');
    expectCleanResponse(res);
  });

  it('keeps the key out of a connection failure to a dead base_url', async () => {
    for (const stream of [false, true]) {
      const res = await chat('dead', 'hi', stream);
      const { error } = expectOpenAIError(res, 502, 'upstream_unavailable');
      expect(error.message).toContain("'dead'");
      expect(error.message).not.toMatch(/127\.0\.0\.1|http:/);
      expectCleanResponse(res);
    }
    const embeddings = await postJson(`${stack.url}/v1/embeddings`, { model: 'dead', input: 'x' });
    responses.push(embeddings);
    expectOpenAIError(embeddings, 502, 'upstream_unavailable');
    expectCleanResponse(embeddings);
  });

  it('falls back past a dead provider without leaking either key', async () => {
    const res = await chat('dead-then-ok', 'hello');
    expect(res.status).toBe(200);
    // One attempt when the dead target's breaker already opened on the calls above, else two.
    expect(res.headers['x-switchboard-attempts']).toMatch(/^[12]$/);
    expect(res.headers['x-switchboard-provider']).not.toBe('dead');
    expectCleanResponse(res);
  });

  it('keeps the key out of direct PROVIDER/MODEL calls that fail', async () => {
    const res = await chat('echo/any-model', 'hi');
    expectOpenAIError(res, 401, 'upstream_authentication');
    expectCleanResponse(res);
  });
});

describe('secrets in the request log', () => {
  it('writes rows for the calls above without any secret, in rows or in the database files', async () => {
    expect(responses.length).toBeGreaterThanOrEqual(12);
    await stack.gateway.requestLog.flush();
    const db = openSqlite(`sqlite:${join(stack.dir, 'switchboard.db')}`);
    try {
      const rows = new SqliteRequestLogStore(db).recent(1000);
      expect(rows.length).toBe(responses.length);
      expect(rows.some((r) => r.error_code === 'upstream_authentication')).toBe(true);
      expect(rows.some((r) => r.error_code === 'upstream_unavailable')).toBe(true);
      expectNoSecret('request log rows', JSON.stringify(rows));
    } finally {
      db.close();
    }
    for (const file of readdirSync(stack.dir).filter((f) => f.startsWith('switchboard.db'))) {
      expectNoSecret(`database file ${file}`, readFileSync(join(stack.dir, file)).toString('latin1'));
    }
  });
});
