/**
 * With `admin_key` set, every /v1 call must present it (Authorization: Bearer KEY or
 * x-api-key: KEY); otherwise 401 in the caller's own error format, decided before the body is read.
 * The official SDKs configured with the key work; with a wrong key they raise AuthenticationError.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type TestStack } from '../../src/testing/stack.js';
import { expectAnthropicError, expectOpenAIError, type RawResponse, send } from '../bad-input/http.js';
import { openRaw, parseRawResponse } from './raw.js';

const ADMIN_KEY = 'sb-admin-key-7f3c9a1e5d';
const WRONG_KEY = 'sb-admin-key-0000000000';

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack({
    providers: [{ id: 'sim', type: 'openai', api_key: 'sim-key-123456', base_url: '${SIM}/v1' }],
    models: [
      { name: 'small', targets: [{ provider: 'sim', model: 'sim-small' }] },
      { name: 'emb', targets: [{ provider: 'sim', model: 'text-embedding-3-small' }] },
    ],
    extra: { admin_key: ADMIN_KEY },
  });
});
afterAll(async () => stack?.close());

/** One call per /v1 endpoint, with the caller's error format. */
interface Endpoint {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  format: 'openai' | 'anthropic';
}

const ENDPOINTS: Endpoint[] = [
  {
    name: 'chat completions',
    method: 'POST',
    path: '/v1/chat/completions',
    body: { model: 'small', messages: [{ role: 'user', content: 'hi' }] },
    format: 'openai',
  },
  {
    name: 'messages',
    method: 'POST',
    path: '/v1/messages',
    body: { model: 'small', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] },
    format: 'anthropic',
  },
  { name: 'embeddings', method: 'POST', path: '/v1/embeddings', body: { model: 'emb', input: 'hello' }, format: 'openai' },
  { name: 'models', method: 'GET', path: '/v1/models', format: 'openai' },
];

function call(endpoint: Endpoint, headers: Record<string, string>): Promise<RawResponse> {
  return send(`${stack.url}${endpoint.path}`, {
    method: endpoint.method,
    body: endpoint.body === undefined ? undefined : JSON.stringify(endpoint.body),
    headers,
  });
}

function expect401(endpoint: Endpoint, res: RawResponse): void {
  if (endpoint.format === 'anthropic') {
    const body = expectAnthropicError(res, 401, 'authentication_failed');
    expect(body.error.type).toBe('authentication_error');
  } else {
    const body = expectOpenAIError(res, 401, 'authentication_failed');
    expect(body.error.type).toBe('authentication_error');
  }
  expect(res.text).not.toContain(ADMIN_KEY);
}

describe('admin_key on every /v1 endpoint', () => {
  for (const endpoint of ENDPOINTS) {
    it(`${endpoint.name}: no key → 401 in the caller's format`, async () => {
      expect401(endpoint, await call(endpoint, {}));
    });

    it(`${endpoint.name}: a wrong key → 401, sent either way`, async () => {
      expect401(endpoint, await call(endpoint, { authorization: `Bearer ${WRONG_KEY}` }));
      expect401(endpoint, await call(endpoint, { 'x-api-key': WRONG_KEY }));
      // The key with a suffix or a prefix, and a bare key without the Bearer scheme, are not the key.
      expect401(endpoint, await call(endpoint, { authorization: `Bearer ${ADMIN_KEY}x` }));
      expect401(endpoint, await call(endpoint, { authorization: `Bearer x${ADMIN_KEY}` }));
      expect401(endpoint, await call(endpoint, { authorization: ADMIN_KEY }));
      expect401(endpoint, await call(endpoint, { 'x-api-key': '' }));
    });

    it(`${endpoint.name}: the right key → 200, sent either way`, async () => {
      for (const headers of [{ authorization: `Bearer ${ADMIN_KEY}` }, { 'x-api-key': ADMIN_KEY }] as Record<string, string>[]) {
        const res = await call(endpoint, headers);
        expect(res.status, res.text).toBe(200);
        expect(res.text).not.toContain(ADMIN_KEY);
      }
    });
  }
});

describe('the key is checked before the body is read', () => {
  for (const [path, format] of [
    ['/v1/chat/completions', 'openai'],
    ['/v1/messages', 'anthropic'],
    ['/v1/embeddings', 'openai'],
  ] as const) {
    it(`${path}: a wrong key with a 1 MB body announced and 20 bytes sent gets its 401 at once`, async () => {
      const conn = await openRaw(stack.gateway.port);
      try {
        conn.socket.write(
          `POST ${path} HTTP/1.1\r\nhost: 127.0.0.1:${stack.gateway.port}\r\ncontent-type: application/json\r\n` +
            `authorization: Bearer ${WRONG_KEY}\r\ncontent-length: 1000000\r\n\r\n{"model":"small","me`,
        );
        // The rest of the body never comes; the answer must not wait for it.
        const answered = await conn.waitFor(/\r\n\r\n[\s\S]*\}\s*$/, 10_000);
        expect(answered, `no complete answer while the body is incomplete; got: ${JSON.stringify(conn.received())}`).toBe(true);
        const res = parseRawResponse(conn.received());
        if (format === 'anthropic') expectAnthropicError(res, 401, 'authentication_failed');
        else expectOpenAIError(res, 401, 'authentication_failed');
      } finally {
        conn.socket.destroy();
      }
    });
  }

  for (const [label, framing, partial] of [
    ['a chunked body that never ends', 'transfer-encoding: chunked', '5\r\n{"mod\r\n'],
    ['a small body (100 bytes announced, 10 sent)', 'content-length: 100', '{"model":"'],
  ] as const) {
    it(`a wrong key with ${label} gets its 401 at once`, async () => {
      const conn = await openRaw(stack.gateway.port);
      try {
        conn.socket.write(
          `POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1:${stack.gateway.port}\r\ncontent-type: application/json\r\n` +
            `x-api-key: ${WRONG_KEY}\r\n${framing}\r\n\r\n${partial}`,
        );
        expect(await conn.waitFor(/\r\n\r\n[\s\S]*\}\s*$/, 10_000), JSON.stringify(conn.received())).toBe(true);
        expectOpenAIError(parseRawResponse(conn.received()), 401, 'authentication_failed');
      } finally {
        conn.socket.destroy();
      }
    });
  }

  it('a request with no key at all and a body still arriving is also answered at once', async () => {
    const conn = await openRaw(stack.gateway.port);
    try {
      conn.socket.write(
        `POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1:${stack.gateway.port}\r\ncontent-type: application/json\r\ncontent-length: 1000000\r\n\r\n{`,
      );
      expect(await conn.waitFor(/\r\n\r\n[\s\S]*\}\s*$/, 10_000), JSON.stringify(conn.received())).toBe(true);
      expectOpenAIError(parseRawResponse(conn.received()), 401, 'authentication_failed');
    } finally {
      conn.socket.destroy();
    }
  });
});

describe('official SDKs', () => {
  it('the OpenAI SDK with apiKey = admin key can chat, stream, embed and list models', async () => {
    const client = new OpenAI({ apiKey: ADMIN_KEY, baseURL: `${stack.url}/v1`, maxRetries: 0 });
    const completion = await client.chat.completions.create({ model: 'small', messages: [{ role: 'user', content: 'hi' }] });
    expect(completion.choices[0]!.message.content).toBe('Simulated reply to: hi');
    let streamed = '';
    for await (const chunk of await client.chat.completions.create({ model: 'small', stream: true, messages: [{ role: 'user', content: 'hi' }] }))
      streamed += chunk.choices[0]?.delta.content ?? '';
    expect(streamed).toBe('Simulated reply to: hi');
    const embeddings = await client.embeddings.create({ model: 'emb', input: 'hello' });
    expect(embeddings.data[0]!.embedding.length).toBeGreaterThan(0);
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toContain('small');
  });

  it('the OpenAI SDK with a wrong key throws AuthenticationError (401) on every call', async () => {
    const client = new OpenAI({ apiKey: WRONG_KEY, baseURL: `${stack.url}/v1`, maxRetries: 0 });
    const calls = [
      () => client.chat.completions.create({ model: 'small', messages: [{ role: 'user', content: 'hi' }] }),
      () => client.chat.completions.create({ model: 'small', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
      () => client.embeddings.create({ model: 'emb', input: 'hello' }),
      () => client.models.list(),
    ];
    for (const run of calls) {
      const error = await run().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
      expect((error as InstanceType<typeof OpenAI.AuthenticationError>).status).toBe(401);
    }
  });

  it('the Anthropic SDK with apiKey = admin key can create and stream messages', async () => {
    const client = new Anthropic({ apiKey: ADMIN_KEY, baseURL: stack.url, maxRetries: 0 });
    const message = await client.messages.create({ model: 'small', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] });
    expect(message.content[0]).toMatchObject({ type: 'text', text: 'Simulated reply to: hi' });
    const stream = client.messages.stream({ model: 'small', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] });
    const final = await stream.finalMessage();
    expect(final.content[0]).toMatchObject({ type: 'text', text: 'Simulated reply to: hi' });
  });

  it('the Anthropic SDK with a wrong key throws AuthenticationError (401)', async () => {
    const client = new Anthropic({ apiKey: WRONG_KEY, baseURL: stack.url, maxRetries: 0 });
    for (const stream of [false, true]) {
      const error = await client.messages.create({ model: 'small', max_tokens: 50, stream, messages: [{ role: 'user', content: 'hi' }] }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(Anthropic.AuthenticationError);
      const apiError = error as InstanceType<typeof Anthropic.AuthenticationError>;
      expect(apiError.status).toBe(401);
      expect((apiError.error as { error?: { type?: string } }).error?.type).toBe('authentication_error');
    }
  });
});
