/**
 * Bad input on the OpenAI-format endpoints (/v1/chat/completions, /v1/embeddings) and on the
 * router itself: every case gets a clear OpenAI-shaped error with a stable code, never a stack.
 */
import { connect } from 'node:net';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlite, SqliteRequestLogStore } from '../../src/storage/sqlite/request-log-store.js';
import { startStack, type TestStack } from '../../src/testing/stack.js';
import { expectOpenAIError, postJson, send } from './http.js';

const LIMIT = 4096;
let stack: TestStack;
let chat: string;
let embeddings: string;

beforeAll(async () => {
  stack = await startStack({
    providers: [{ id: 'sim', type: 'openai', api_key: 'sim-key', base_url: '${SIM}/v1' }],
    models: [{ name: 'small', targets: [{ provider: 'sim', model: 'sim-small' }] }],
    extra: { server: { host: '127.0.0.1', port: 0, body_limit_bytes: LIMIT } },
  });
  chat = `${stack.url}/v1/chat/completions`;
  embeddings = `${stack.url}/v1/embeddings`;
});
afterAll(async () => stack?.close());

const valid = () => ({ model: 'small', messages: [{ role: 'user', content: 'hello' }] });

describe('the valid baseline', () => {
  it('answers a well-formed chat body with 200', async () => {
    const res = await postJson(chat, valid());
    expect(res.status, res.text).toBe(200);
    expect((res.json as { choices: Array<{ message: { content: string } }> }).choices[0]?.message.content).toBe('Simulated reply to: hello');
  });

  it('answers a well-formed embeddings body with 200', async () => {
    const res = await postJson(embeddings, { model: 'small', input: 'hello' });
    expect(res.status, res.text).toBe(200);
    expect((res.json as { data: unknown[] }).data).toHaveLength(1);
  });
});

describe('malformed bodies', () => {
  it.each([
    ['truncated JSON', '{"model":"small","messages":['],
    ['a trailing comma', '{"model":"small",}'],
    ['not JSON at all', 'hello there'],
    ['an empty body', ''],
  ])('answers 400 invalid_json for %s on chat', async (_name, body) => {
    const res = await send(chat, { body });
    const { error } = expectOpenAIError(res, 400, 'invalid_json');
    expect(error.type).toBe('invalid_request_error');
  });

  it('answers 400 invalid_json on embeddings', async () => {
    expectOpenAIError(await send(embeddings, { body: '{"model":' }), 400, 'invalid_json');
  });

  it('answers 400 invalid_utf8 for bytes that are not UTF-8', async () => {
    const body = Buffer.concat([Buffer.from('{"model":"small","messages":[{"role":"user","content":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}]}')]);
    expectOpenAIError(await send(chat, { body }), 400, 'invalid_utf8');
    expectOpenAIError(
      await send(embeddings, { body: Buffer.concat([Buffer.from('{"model":"small","input":"'), Buffer.from([0xc0, 0x80]), Buffer.from('"}')]) }),
      400,
      'invalid_utf8',
    );
  });

  it('answers 400 invalid_json for nesting deeper than the gateway handles, and accepts 100 levels', async () => {
    const nest = (n: number) => `${'['.repeat(n)}1${']'.repeat(n)}`;
    const body = (n: number) =>
      `{"model":"small","messages":[{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":${nest(n)}}}]},{"role":"tool","tool_call_id":"c1","content":"ok"}]}`;
    const { error } = expectOpenAIError(await send(chat, { body: body(800) }), 400, 'invalid_json');
    expect(error.message).toMatch(/deeper than \d+ levels/);
    expectOpenAIError(await send(embeddings, { body: `{"model":"small","input":${'['.repeat(300)}"x"${']'.repeat(300)}}` }), 400, 'invalid_json');
    expect((await send(chat, { body: body(100) })).status).toBe(200);
  });

  it.each([
    ['a JSON array', []],
    ['a JSON string', 'hi'],
    ['JSON null', null],
    ['a JSON number', 42],
  ])('answers 400 invalid_request when the body is %s', async (_name, body) => {
    expectOpenAIError(await postJson(chat, body), 400, 'invalid_request');
    expectOpenAIError(await postJson(embeddings, body), 400, 'invalid_request');
  });
});

describe('wrong and missing fields on chat', () => {
  it.each([
    ['messages is a string', { messages: 'x' }, 'messages'],
    ['temperature is a word', { temperature: 'hot' }, 'temperature'],
    ['temperature is out of range', { temperature: 7 }, 'temperature'],
    ['max_tokens is negative', { max_tokens: -1 }, 'max_tokens'],
    ['max_tokens is fractional', { max_tokens: 1.5 }, 'max_tokens'],
    ['stream is a string', { stream: 'yes' }, 'stream'],
    ['model is a number', { model: 5 }, 'model'],
    ['model is empty', { model: '' }, 'model'],
    ['a message is a string', { messages: ['hi'] }, 'messages[0]'],
    ['a role is unknown', { messages: [{ role: 'wizard', content: 'hi' }] }, 'messages[0].role'],
    ['content is a number', { messages: [{ role: 'user', content: 3 }] }, 'messages[0].content'],
    ['tools is an object', { tools: {} }, 'tools'],
    ['stop holds a number', { stop: ['a', 1] }, 'stop'],
    ['tool_choice is a number', { tool_choice: 1 }, 'tool_choice'],
    ['response_format.type is unknown', { response_format: { type: 'yaml' } }, 'response_format.type'],
  ])('answers 400 invalid_request naming the param when %s', async (_name, patch, param) => {
    const { error } = expectOpenAIError(await postJson(chat, { ...valid(), ...patch }), 400, 'invalid_request');
    expect(error.param).toBe(param);
    expect(error.message).toContain(param.replace(/\[\d+\].*$/, ''));
  });

  it('answers 400 naming model when model is missing', async () => {
    const { error } = expectOpenAIError(await postJson(chat, { messages: [{ role: 'user', content: 'hi' }] }), 400, 'invalid_request');
    expect(error.param).toBe('model');
  });

  it('answers 400 naming messages when messages is missing', async () => {
    const { error } = expectOpenAIError(await postJson(chat, { model: 'small' }), 400, 'invalid_request');
    expect(error.param).toBe('messages');
  });

  it('answers 400 naming messages when messages is empty', async () => {
    const { error } = expectOpenAIError(await postJson(chat, { model: 'small', messages: [] }), 400, 'invalid_request');
    expect(error.param).toBe('messages');
    expect(error.message).toMatch(/at least one/);
  });

  it('answers 404 model_not_found for an unknown model, on chat and embeddings', async () => {
    const { error } = expectOpenAIError(await postJson(chat, { ...valid(), model: 'no-such-model' }), 404, 'model_not_found');
    expect(error.param).toBe('model');
    expect(error.message).toContain('no-such-model');
    expect(error.type).toBe('not_found_error');
    expectOpenAIError(await postJson(embeddings, { model: 'no-such-model', input: 'x' }), 404, 'model_not_found');
    expectOpenAIError(await postJson(chat, { ...valid(), model: 'nobody/some-model' }), 404, 'model_not_found');
  });

  it('answers 400 invalid_image for a data URL whose base64 is broken', async () => {
    for (const url of ['data:image/png;base64,@@not-base64@@', 'data:image/png;base64,abc', 'data:image/png,rawbytes', 'data:image/png;base64,']) {
      const body = { ...valid(), messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url } }] }] };
      const { error } = expectOpenAIError(await postJson(chat, body), 400, 'invalid_image');
      expect(error.param).toBe('messages[0].content[0].image_url.url');
    }
  });

  it('answers 400 unsupported_parameter naming the param and the provider', async () => {
    const { error } = expectOpenAIError(await postJson(chat, { ...valid(), top_k: 40 }), 400, 'unsupported_parameter');
    expect(error.param).toBe('top_k');
    expect(error.message).toContain("'top_k'");
    expect(error.message).toContain("'sim'");
  });
});

describe('wrong and missing fields on embeddings', () => {
  it.each([
    ['input is missing', { model: 'small' }, 'input'],
    ['input is a number', { model: 'small', input: 7 }, 'input'],
    ['input is empty', { model: 'small', input: [] }, 'input'],
    ['input holds a number', { model: 'small', input: ['a', 2] }, 'input'],
    ['model is missing', { input: 'x' }, 'model'],
    ['dimensions is negative', { model: 'small', input: 'x', dimensions: -3 }, 'dimensions'],
    ['encoding_format is unknown', { model: 'small', input: 'x', encoding_format: 'hex' }, 'encoding_format'],
    ['a field OpenAI does not define is sent', { model: 'small', input: 'x', truncate: 'END' }, 'truncate'],
    ['input_type is unknown', { model: 'small', input: 'x', input_type: 'query' }, 'input_type'],
  ])('answers 400 invalid_request naming the param when %s', async (_name, body, param) => {
    const { error } = expectOpenAIError(await postJson(embeddings, body), 400, 'invalid_request');
    expect(error.param).toBe(param);
  });
});

describe('token-id input on embeddings', () => {
  it('answers 400 unsupported_parameter naming input', async () => {
    const { error } = expectOpenAIError(await postJson(embeddings, { model: 'small', input: [1, 2, 3] }), 400, 'unsupported_parameter');
    expect(error.param).toBe('input');
  });
});

describe('body limits', () => {
  const big = () => JSON.stringify({ ...valid(), messages: [{ role: 'user', content: 'x'.repeat(LIMIT * 2) }] });

  it('answers 413 body_too_large when content-length is over the limit', async () => {
    const { error } = expectOpenAIError(await send(chat, { body: big() }), 413, 'body_too_large');
    expect(error.message).toContain(String(LIMIT));
    expectOpenAIError(await send(embeddings, { body: JSON.stringify({ model: 'small', input: 'y'.repeat(LIMIT * 3) }) }), 413, 'body_too_large');
  });

  it('answers 413 body_too_large for a chunked body with no content-length', async () => {
    const text = big();
    async function* chunks() {
      for (let i = 0; i < text.length; i += 1000) yield Buffer.from(text.slice(i, i + 1000));
    }
    const res = await request(chat, { method: 'POST', headers: { 'content-type': 'application/json' }, body: Readable.from(chunks()) });
    const body = await res.body.text();
    expectOpenAIError({ status: res.statusCode, headers: res.headers as Record<string, string>, text: body, json: JSON.parse(body) }, 413, 'body_too_large');
  });

  it('accepts a body just under the limit', async () => {
    const body = JSON.stringify({ ...valid(), messages: [{ role: 'user', content: 'z'.repeat(LIMIT - 200) }] });
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(LIMIT);
    expect((await send(chat, { body })).status).toBe(200);
  });
});

describe('routing', () => {
  it('answers 404 route_not_found for an unknown path', async () => {
    for (const [method, path] of [
      ['POST', '/v1/completions'],
      ['GET', '/nope'],
      ['POST', '/v1/chat/completions/extra'],
      ['DELETE', '/'],
    ] as const) {
      const { error } = expectOpenAIError(await send(`${stack.url}${path}`, { method, body: method === 'POST' ? '{}' : undefined }), 404, 'route_not_found');
      expect(error.message).toContain(path);
    }
  });

  it('answers 405 method_not_allowed with an Allow header', async () => {
    for (const [method, path, allow] of [
      ['GET', '/v1/chat/completions', 'POST'],
      ['PUT', '/v1/embeddings', 'POST'],
      ['POST', '/v1/models', 'GET'],
      ['DELETE', '/healthz', 'GET'],
    ] as const) {
      const res = await send(`${stack.url}${path}`, { method });
      expectOpenAIError(res, 405, 'method_not_allowed');
      expect(res.headers.allow).toBe(allow);
    }
  });

  it('ignores the query string when routing', async () => {
    expect((await postJson(`${chat}?foo=bar`, valid())).status).toBe(200);
  });
});

describe('content type', () => {
  it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonp', 'json'])(
    'answers 415 unsupported_media_type for %s',
    async (contentType) => {
      const { error } = expectOpenAIError(await send(chat, { body: JSON.stringify(valid()), contentType }), 415, 'unsupported_media_type');
      expect(error.message).toContain('application/json');
      expectOpenAIError(await send(embeddings, { body: '{}', contentType }), 415, 'unsupported_media_type');
    },
  );

  it.each(['application/json', 'application/json; charset=utf-8', 'Application/JSON', 'application/vnd.api+json'])('accepts %s', async (contentType) => {
    expect((await send(chat, { body: JSON.stringify(valid()), contentType })).status).toBe(200);
  });
});

/** Writes raw bytes on a fresh connection and returns everything the server sends back. */
async function rawExchange(bytes: string): Promise<string> {
  const socket = connect(stack.gateway.port, '127.0.0.1');
  let text = '';
  socket.on('data', (c: Buffer) => (text += c.toString('latin1')));
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.write(bytes);
  await new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return text;
}

function splitRaw(text: string): { status: number; headers: string; body: unknown } {
  const [head = '', body = ''] = text.split('\r\n\r\n');
  return { status: Number(head.split(' ')[1]), headers: head.toLowerCase(), body: JSON.parse(body) };
}

describe('malformed HTTP', () => {
  it('answers a request Node cannot parse with a 400 OpenAI-shaped JSON error', async () => {
    const res = splitRaw(await rawExchange('POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-length: abc\r\n\r\n{}'));
    expect(res.status).toBe(400);
    expect(res.headers).toContain('content-type: application/json');
    expect((res.body as { error: { code: string } }).error.code).toBe('invalid_request');
  });

  it('answers oversized headers with a 431 OpenAI-shaped JSON error', async () => {
    const res = splitRaw(await rawExchange(`GET /healthz HTTP/1.1\r\nhost: x\r\nx-big: ${'a'.repeat(64 * 1024)}\r\n\r\n`));
    expect(res.status).toBe(431);
    expect((res.body as { error: { code: string; message: string } }).error.message).toMatch(/headers are too large/);
  });

  it('logs rejected bodies with their status, code and operation', async () => {
    const res = await send(embeddings, { body: '{"model":"small","input":' });
    await stack.gateway.requestLog.flush();
    const db = openSqlite(`sqlite:${join(stack.dir, 'switchboard.db')}`);
    try {
      const row = new SqliteRequestLogStore(db).recent(1000).find((r) => r.id === res.headers['x-request-id']);
      expect(row).toMatchObject({ status: 400, error_code: 'invalid_json', operation: 'embeddings', ingress: 'openai' });
    } finally {
      db.close();
    }
  });
});
