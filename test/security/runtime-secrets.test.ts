/**
 * Credentials minted at run time are redacted like configured ones: a Vertex provider gets its
 * OAuth access token from the simulator's token endpoint, but its base_url is a careless upstream
 * that repeats the Authorization header it received in its errors (JSON, plain text, the error
 * status field, a mid-stream error event). The token, bare or as `Bearer <token>`, must never
 * reach the client (bodies, headers) or the request log.
 */
import { generateKeyPairSync } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlite, SqliteRequestLogStore } from '../../src/storage/sqlite/request-log-store.js';
import { startStack, type TestStack } from '../../src/testing/stack.js';
import { expectAnthropicError, expectOpenAIError, postJson, type RawResponse } from '../bad-input/http.js';

let stack: TestStack;
let echo: Server;
/** Every Authorization header value the echo upstream received. */
const seenAuthorizations = new Set<string>();
const responses: RawResponse[] = [];
/** Every signed JWT assertion the echo token endpoint received. */
const seenAssertions = new Set<string>();

function serviceAccount(): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return JSON.stringify({
    type: 'service_account',
    project_id: 'sim-project',
    client_email: 'gateway@sim-project.iam.gserviceaccount.com',
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  });
}

/** A Vertex look-alike that repeats the credentials it receives, in Google's error format. */
function startEchoVertex(): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.url === '/token') {
      // A token endpoint (or a proxy before it) that repeats the signed assertion it was sent.
      let form = '';
      req.on('data', (c: Buffer) => (form += c.toString()));
      req.on('end', () => {
        const assertion = new URLSearchParams(form).get('assertion') ?? '';
        seenAssertions.add(assertion);
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'invalid_grant', error_description: `Invalid JWT: ${assertion}` }));
      });
      return;
    }
    const auth = req.headers.authorization ?? '';
    seenAuthorizations.add(auth);
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const streaming = (req.url ?? '').includes(':streamGenerateContent');
      if (raw.includes('plain')) {
        res.writeHead(403, { 'content-type': 'text/plain' });
        res.end(`forbidden for ${auth}`);
      } else if (raw.includes('in-status')) {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 401, message: 'Unauthenticated.', status: `UNAUTHENTICATED ${auth}` } }));
      } else if (streaming && raw.includes('midstream')) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        const chunk = { candidates: [{ content: { role: 'model', parts: [{ text: 'partial ' }] }, index: 0 }], modelVersion: 'gemini-2.5-pro' };
        res.write(`data: ${JSON.stringify(chunk)}\r\n\r\n`);
        res.end(`data: ${JSON.stringify({ error: { code: 401, message: `token ${auth} was revoked`, status: 'UNAUTHENTICATED' } })}\r\n\r\n`);
      } else {
        res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': `Bearer realm="${auth}"`, 'x-echo-auth': auth });
        res.end(JSON.stringify({ error: { code: 401, message: `Request had invalid authentication credentials: ${auth}.`, status: 'UNAUTHENTICATED' } }));
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

beforeAll(async () => {
  echo = await startEchoVertex();
  stack = await startStack({
    providers: [
      {
        id: 'vertex',
        type: 'vertex',
        project: 'sim-project',
        location: 'us-central1',
        credentials: serviceAccount(),
        base_url: `http://127.0.0.1:${(echo.address() as AddressInfo).port}`,
        token_url: '${SIM}/token',
      },
      {
        id: 'vertex-bad-token',
        type: 'vertex',
        project: 'sim-project',
        location: 'us-central1',
        credentials: serviceAccount(),
        base_url: '${SIM}',
        token_url: `http://127.0.0.1:${(echo.address() as AddressInfo).port}/token`,
      },
    ],
    models: [
      { name: 'gem', targets: [{ provider: 'vertex', model: 'gemini-2.5-pro' }] },
      { name: 'gem-embed', targets: [{ provider: 'vertex', model: 'text-embedding-005' }] },
      { name: 'gem-bad-token', targets: [{ provider: 'vertex-bad-token', model: 'gemini-2.5-pro' }] },
    ],
  });
});
afterAll(async () => {
  await stack?.close();
  await new Promise<void>((resolve) => (echo ? echo.close(() => resolve()) : resolve()));
});

/** The bare access tokens the echo upstream saw (what the gateway minted at run time). */
function tokens(): string[] {
  return [...seenAuthorizations].map((a) => a.replace(/^Bearer\s+/i, '')).filter((t) => t.length > 0);
}

function expectNoToken(where: string, text: string): void {
  const minted = tokens();
  expect(minted.length, 'the echo upstream saw no token').toBeGreaterThan(0);
  for (const token of minted) {
    expect(text.includes(token), `${where} contains the access token: ${text.slice(0, 400)}`).toBe(false);
    expect(text.includes(`Bearer ${token}`), where).toBe(false);
  }
  // Simulator tokens look like Google's (ya29.…): no fragment of one either.
  expect(text, where).not.toMatch(/ya29\.[\w-]{8,}/);
}

async function call(path: string, body: unknown): Promise<RawResponse> {
  const res = await postJson(`${stack.url}${path}`, body);
  responses.push(res);
  expectNoToken(`${path} response body`, res.text);
  expectNoToken(`${path} response headers`, JSON.stringify(res.headers));
  return res;
}

const chat = (content: string, stream = false) => call('/v1/chat/completions', { model: 'gem', stream, messages: [{ role: 'user', content }] });
const messages = (content: string, stream = false) => call('/v1/messages', { model: 'gem', max_tokens: 50, stream, messages: [{ role: 'user', content }] });

describe('a runtime OAuth token repeated by the upstream', () => {
  it('is a real token: the upstream received a Bearer token from the token endpoint', async () => {
    const res = await chat('hello');
    expect(res.status).toBe(401);
    expect([...seenAuthorizations].some((a) => /^Bearer ya29\./.test(a))).toBe(true);
  });

  it('stays out of an upstream 401 whose JSON message repeats it (OpenAI and Anthropic clients)', async () => {
    for (const stream of [false, true]) {
      const { error } = expectOpenAIError(await chat('hello', stream), 401, 'upstream_authentication');
      expect(error.message).toContain('invalid authentication credentials');
      expect(error.message).toContain('[redacted]');
      expectAnthropicError(await messages('hello', stream), 401, 'upstream_authentication');
    }
  });

  it('stays out of a plain-text 403 that repeats it', async () => {
    for (const stream of [false, true]) {
      const { error } = expectOpenAIError(await chat('plain please', stream), 403, 'upstream_permission');
      expect(error.message).toContain('forbidden for');
      expectAnthropicError(await messages('plain please', stream), 403, 'upstream_permission');
    }
  });

  it('stays out of an error whose status field repeats it', async () => {
    expectOpenAIError(await chat('in-status please'), 401, 'upstream_authentication');
    expectAnthropicError(await messages('in-status please'), 401, 'upstream_authentication');
  });

  it('stays out of a mid-stream error event that repeats it', async () => {
    const openai = await chat('midstream please', true);
    expect(openai.status).toBe(200);
    expect(openai.text).toContain('partial');
    expect(openai.text).toMatch(/data: \{"error":\{[^\n]*was revoked/);
    const anthropic = await messages('midstream please', true);
    expect(anthropic.status).toBe(200);
    expect(anthropic.text).toMatch(/event: error\ndata: [^\n]*was revoked/);
  });

  it('stays out of an embeddings error that repeats it', async () => {
    const res = await call('/v1/embeddings', { model: 'gem-embed', input: 'hello' });
    expectOpenAIError(res, 401, 'upstream_authentication');
  });

  it('the signed JWT assertion (exchangeable for a token for an hour) stays out of a token-endpoint error that repeats it', async () => {
    const res = await call('/v1/chat/completions', { model: 'gem-bad-token', messages: [{ role: 'user', content: 'hi' }] });
    const { error } = expectOpenAIError(res, 401, 'upstream_authentication');
    expect(error.message).toContain('token exchange failed');
    expect(seenAssertions.size).toBeGreaterThan(0);
    for (const assertion of seenAssertions) {
      expect(assertion.split('.').length).toBe(3);
      const signature = assertion.split('.')[2]!;
      expect(res.text.includes(signature), `the response repeats the signed assertion: ${res.text.slice(0, 300)}`).toBe(false);
    }
  });

  it('stays out of the request log rows and the database files', async () => {
    expect(responses.length).toBeGreaterThanOrEqual(15);
    await stack.gateway.requestLog.flush();
    const db = openSqlite(`sqlite:${join(stack.dir, 'switchboard.db')}`);
    try {
      const rows = new SqliteRequestLogStore(db).recent(1000);
      expect(rows.length).toBe(responses.length);
      expect(rows.some((r) => r.error_code === 'upstream_authentication' && r.status === 401)).toBe(true);
      expectNoToken('request log rows', JSON.stringify(rows));
    } finally {
      db.close();
    }
    for (const file of readdirSync(stack.dir).filter((f) => f.startsWith('switchboard.db'))) {
      expectNoToken(`database file ${file}`, readFileSync(join(stack.dir, file)).toString('latin1'));
    }
  });
});
