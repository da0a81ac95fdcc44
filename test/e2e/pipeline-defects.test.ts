/**
 * Defects of the old request path, end to end through a gateway and the simulator:
 * header values that echo a non-ASCII model name, streams cut half-way by the upstream (Anthropic,
 * Cohere, OpenAI), embeddings falling back past a provider without embeddings, and the request
 * log's queue and dropped-record count on GET /healthz.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestLogRow } from '../../src/testing/request-log-row.js';
import { startStack, type TestStack } from '../../src/testing/stack.js';
import { request } from 'undici';
import { expectAnthropicError, expectOpenAIError, postJson, type RawResponse, send } from '../bad-input/http.js';
import { sseEvents } from '../security/raw.js';

let stack: TestStack;
let proxy: Server;
let simUrl = '';

/**
 * An upstream that ends streams early *cleanly*: it relays the simulator's answer but, when the
 * message holds `trunc_after=N` (a key the simulator ignores), sends only the first N SSE events
 * and then finishes the HTTP response normally, as a proxy that gives up politely would.
 */
function startTruncatingProxy(): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString();
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && !['host', 'content-length', 'connection'].includes(k)) headers[k] = v;
      const upstream = await request(`${simUrl}${req.url}`, { method: 'POST', headers, body });
      const text = await upstream.body.text();
      const type = String(upstream.headers['content-type'] ?? '');
      const limit = /trunc_after=(\d+)/.exec(body);
      res.writeHead(upstream.statusCode, { 'content-type': type });
      if (!limit || !type.includes('event-stream')) return res.end(text);
      const events = text.split(/(?<=\n\n)/);
      res.end(events.slice(0, Number(limit[1])).join(''));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

beforeAll(async () => {
  proxy = await startTruncatingProxy();
  const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  stack = await startStack({
    // These tests fail the same deployments on purpose, again and again: their breakers would open
    // and turn later tests into fail-fast 503s (breakers have their own tests).
    extra: { routing: { breaker: false } },
    providers: [
      { id: 'claude-trunc', type: 'anthropic', api_key: 'ant-key-123456', base_url: proxyUrl },
      { id: 'co-trunc', type: 'cohere', api_key: 'co-key-123456', base_url: proxyUrl },
      { id: 'gpt-trunc', type: 'openai', api_key: 'sim-key-123456', base_url: `${proxyUrl}/v1` },
      { id: 'sim', type: 'openai', api_key: 'sim-key-123456', base_url: '${SIM}/v1' },
      { id: 'claude', type: 'anthropic', api_key: 'ant-key-123456', base_url: '${SIM}' },
      { id: 'co', type: 'cohere', api_key: 'co-key-123456', base_url: '${SIM}' },
      { id: 'ollama', type: 'ollama', api_key: 'ollama-key-123456', base_url: '${SIM}/ollama/v1' },
      { id: 'compat', type: 'openai-compatible', api_key: 'compat-key-123456', base_url: '${SIM}/compat/v1' },
    ],
    models: [
      { name: 'claude', targets: [{ provider: 'claude', model: 'claude-sonnet-4-5' }] },
      { name: 'cohere', targets: [{ provider: 'co', model: 'command-a-03-2025' }] },
      { name: 'gpt', targets: [{ provider: 'sim', model: 'gpt-4o' }] },
      {
        name: 'embed-fallback',
        targets: [
          { provider: 'claude', model: 'claude-sonnet-4-5' },
          { provider: 'sim', model: 'text-embedding-3-small' },
        ],
      },
      { name: 'embed-claude-only', targets: [{ provider: 'claude', model: 'claude-sonnet-4-5' }] },
    ],
  });
  simUrl = stack.simulator.url;
});
afterAll(async () => {
  await stack?.close();
  await new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve()));
});

const logRow = (requestId: string) => requestLogRow(stack, requestId);

const chat = (model: string, content: string, stream = false) =>
  postJson(`${stack.url}/v1/chat/completions`, { model, stream, messages: [{ role: 'user', content }] });
const messages = (model: string, content: string, stream = false) =>
  postJson(`${stack.url}/v1/messages`, { model, stream, max_tokens: 200, messages: [{ role: 'user', content }] });

describe('header values that echo a non-ASCII model name', () => {
  const encoded = encodeURIComponent('模型');

  for (const provider of ['ollama', 'compat']) {
    it(`${provider}/模型 answers 200 non-streamed and streamed, with x-switchboard-model percent-encoded`, async () => {
      const plain = await chat(`${provider}/模型`, 'hi');
      expect(plain.status, plain.text).toBe(200);
      expect(plain.headers['x-switchboard-model']).toBe(encoded);
      expect(plain.headers['x-switchboard-provider']).toBe(provider);
      expect((plain.json as { choices: Array<{ message: { content: string } }> }).choices[0]!.message.content).toBe('Simulated reply to: hi');

      const streamed = await chat(`${provider}/模型`, 'hi', true);
      expect(streamed.status, streamed.text).toBe(200);
      expect(streamed.headers['x-switchboard-model']).toBe(encoded);
      expect(streamed.text).toContain('Simulated ');
      expect(streamed.text.trimEnd().endsWith('data: [DONE]')).toBe(true);

      const anthropic = await messages(`${provider}/模型`, 'hi', true);
      expect(anthropic.status, anthropic.text).toBe(200);
      expect(anthropic.headers['x-switchboard-model']).toBe(encoded);
      expect(anthropic.text).toContain('event: message_stop');
    });
  }

  it('keeps serving after such a request (the process and the connection pool are fine)', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await chat('ollama/模型', 'again')).status).toBe(200);
      const next = await chat('gpt', 'hi');
      expect(next.status).toBe(200);
      expect(next.headers['x-switchboard-model']).toBe('gpt-4o');
    }
    expect((await send(`${stack.url}/healthz`, { method: 'GET' })).status).toBe(200);
  });

  it('a model name with CR LF cannot inject a response header', async () => {
    const res = await chat('ollama/a\r\nset-cookie: pwned=1', 'hi');
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(Object.keys(res.headers).some((h) => h.includes('pwned'))).toBe(false);
    if (res.status === 200) expect(res.headers['x-switchboard-model']).not.toMatch(/[\r\n]/);
    expect((await chat('gpt', 'hi')).status).toBe(200);
  });
});

/** A reply long enough that every cut below lands mid-answer. */
const LONG = 'reply=one_two_three_four_five_six_seven_eight_nine_ten_eleven_twelve_thirteen_fourteen';
const CUTS = ['fault=cut', 'fault=cut cut_after=1', 'fault=cut cut_after=2', 'fault=cut cut_after=3', 'fault=cut cut_after=5'];
const CUT_MODELS = ['claude', 'cohere', 'gpt'] as const;
/**
 * The simulator frames each provider sends before its first text: Anthropic message_start,
 * content_block_start and ping; Cohere message-start and content-start; OpenAI the role chunk.
 */
const FRAMES_BEFORE_CONTENT: Record<(typeof CUT_MODELS)[number] | 'claude-trunc' | 'co-trunc' | 'gpt-trunc', number> = {
  claude: 3,
  cohere: 2,
  gpt: 1,
  'claude-trunc': 3,
  'co-trunc': 2,
  'gpt-trunc': 1,
};

/**
 * Whether a cut reaches the gateway before any content. Such a stream fails its attempt before
 * anything was sent to the client (the gateway primes a stream up to its first content), so with
 * a single target the client gets an HTTP error instead of a stream. Before stream priming these
 * cuts, too, opened a 200 stream that ended with the error event; that is now only the case once
 * content has gone out. The default cut (half the frames) always comes after content.
 */
function cutBeforeContent(model: keyof typeof FRAMES_BEFORE_CONTENT, cut: string): boolean {
  const after = /cut_after=(\d+)/.exec(cut)?.[1];
  return after !== undefined && Number(after) <= FRAMES_BEFORE_CONTENT[model];
}

function expectOpenAIStreamError(res: RawResponse, where: string): { code: string } {
  expect(res.status, `${where}: ${res.text}`).toBe(200);
  const events = sseEvents(res.text);
  const errorAt = events.findIndex((e) => e.data.startsWith('{"error"'));
  expect(errorAt, `${where}: no error event in ${res.text}`).toBeGreaterThanOrEqual(0);
  const error = (JSON.parse(events[errorAt]!.data) as { error: { code: string; message: string } }).error;
  expect(error.code).toMatch(/^[a-z_]+$/);
  expect(error.message.length).toBeGreaterThan(0);
  // [DONE] may close the stream, but only after the error; nothing claims the answer finished.
  const doneAt = events.findIndex((e) => e.data === '[DONE]');
  if (doneAt >= 0) expect(doneAt, where).toBeGreaterThan(errorAt);
  expect(
    events.slice(errorAt + 1).every((e) => e.data === '[DONE]'),
    `${where}: events after the error`,
  ).toBe(true);
  expect(res.text, where).not.toContain('"finish_reason":"stop"');
  return error;
}

function expectAnthropicStreamError(res: RawResponse, where: string): { code: string; type: string } {
  expect(res.status, `${where}: ${res.text}`).toBe(200);
  const events = sseEvents(res.text);
  const errorEvent = events.find((e) => e.event === 'error');
  expect(errorEvent, `${where}: no error event in ${res.text}`).toBeDefined();
  const body = JSON.parse(errorEvent!.data) as { type: string; error: { type: string; code: string } };
  expect(body.type).toBe('error');
  expect(body.error.type).toMatch(/_error$/);
  return body.error;
}

describe('streams cut by the upstream end with the in-format error event', () => {
  for (const model of CUT_MODELS) {
    it(`${model}: OpenAI clients get a data: {"error":…} event for every cut after content, a 502 for one before`, async () => {
      for (const cut of CUTS) {
        const res = await chat(model, `hi [[sim ${cut} ${LONG}]]`, true);
        const error = cutBeforeContent(model, cut)
          ? expectOpenAIError(res, 502, 'upstream_unavailable').error
          : expectOpenAIStreamError(res, `${model} ${cut}`);
        expect(error.code).toMatch(/^upstream_/);
        const row = await logRow(res.headers['x-request-id']!);
        expect(row.status, `${model} ${cut}`).not.toBe(200);
        expect(row.error_code).toBe(error.code);
      }
    });

    it(`${model}: Anthropic clients get an event: error for every cut after content, a 502 for one before`, async () => {
      for (const cut of CUTS) {
        const res = await messages(model, `hi [[sim ${cut} ${LONG}]]`, true);
        const error = cutBeforeContent(model, cut)
          ? expectAnthropicError(res, 502, 'upstream_unavailable').error
          : expectAnthropicStreamError(res, `${model} ${cut}`);
        expect(error.code).toMatch(/^upstream_/);
      }
    });

    it(`${model}: the official SDKs raise instead of returning a partial answer`, async () => {
      const openai = new OpenAI({ apiKey: 'any', baseURL: `${stack.url}/v1`, maxRetries: 0 });
      const received: string[] = [];
      const openaiError = await (async () => {
        const stream = await openai.chat.completions.create({ model, stream: true, messages: [{ role: 'user', content: `hi [[sim fault=cut ${LONG}]]` }] });
        for await (const chunk of stream) received.push(chunk.choices[0]?.delta.content ?? '');
      })().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(openaiError, `OpenAI SDK finished normally with ${JSON.stringify(received.join(''))}`).toBeInstanceOf(OpenAI.APIError);

      const anthropic = new Anthropic({ apiKey: 'any', baseURL: stack.url, maxRetries: 0 });
      const anthropicError = await anthropic.messages
        .stream({ model, max_tokens: 200, messages: [{ role: 'user', content: `hi [[sim fault=cut ${LONG}]]` }] })
        .finalMessage()
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(anthropicError).toBeInstanceOf(Anthropic.APIError);
    });
  }

  for (const model of ['claude-trunc', 'co-trunc', 'gpt-trunc'] as const) {
    it(`${model}: a stream the upstream ends cleanly but early (after 1, 2, 3 events) ends with the error event, or is a 502 before content`, async () => {
      for (const n of [1, 2, 3]) {
        const openai = await chat(`${model}/m`, `hi [[sim trunc_after=${n}]]`, true);
        const anthropic = await messages(`${model}/m`, `hi [[sim trunc_after=${n}]]`, true);
        if (cutBeforeContent(model, `cut_after=${n}`)) {
          // Ended before any content: a failed attempt, answered as an HTTP error (see cutBeforeContent).
          expectOpenAIError(openai, 502, 'upstream_invalid_response');
          expectAnthropicError(anthropic, 502, 'upstream_invalid_response');
        } else {
          expectOpenAIStreamError(openai, `${model} trunc_after=${n}`);
          expectAnthropicStreamError(anthropic, `${model} trunc_after=${n}`);
        }
        const row = await logRow(openai.headers['x-request-id']!);
        expect(row.status).toBe(502);
      }
      // The same upstream, not truncated, is fine.
      const whole = await chat(`${model}/m`, 'hi', true);
      expect(whole.text).not.toContain('"error"');
      expect(whole.text).toContain('reply ');
    });
  }

  it('an uncut stream of each provider still ends normally (the checks above are about the cut)', async () => {
    for (const model of CUT_MODELS) {
      const openai = await chat(model, `hi [[sim ${LONG}]]`, true);
      expect(openai.text).not.toContain('"error"');
      expect(openai.text.trimEnd().endsWith('data: [DONE]')).toBe(true);
      const anthropic = await messages(model, `hi [[sim ${LONG}]]`, true);
      expect(anthropic.text).not.toContain('event: error');
      expect(sseEvents(anthropic.text).at(-1)?.event).toBe('message_stop');
    }
  });

  it('for Anthropic clients the error event is the last one: nothing after it claims a normal stop', async () => {
    for (const model of CUT_MODELS) {
      for (const cut of CUTS.filter((c) => !cutBeforeContent(model, c))) {
        const res = await messages(model, `hi [[sim ${cut} ${LONG}]]`, true);
        expectAnthropicStreamError(res, `${model} ${cut}`);
        const events = sseEvents(res.text);
        const errorAt = events.findIndex((e) => e.event === 'error');
        const after = events.slice(errorAt + 1);
        expect(
          after.map((e) => e.event),
          `${model} ${cut}: after the error event came ${after.map((e) => `${e.event} ${e.data}`).join(' | ')}`,
        ).toEqual([]);
      }
    }
  });
});

describe('embeddings fall back past a provider without embeddings', () => {
  it('an alias [anthropic, openai] answers 200 from the second target, after 2 attempts', async () => {
    const res = await postJson(`${stack.url}/v1/embeddings`, { model: 'embed-fallback', input: ['hello', 'world'] });
    expect(res.status, res.text).toBe(200);
    expect(res.headers['x-switchboard-provider']).toBe('sim');
    expect(res.headers['x-switchboard-attempts']).toBe('2');
    const body = res.json as { object: string; data: Array<{ embedding: number[]; index: number }>; model: string };
    expect(body.object).toBe('list');
    expect(body.data.map((d) => d.index)).toEqual([0, 1]);
    expect(body.data[0]!.embedding.length).toBeGreaterThan(0);
    const row = await logRow(res.headers['x-request-id']!);
    expect(row).toMatchObject({ status: 200, provider: 'sim', attempts: 2, operation: 'embeddings' });
  });

  it('the OpenAI SDK gets the vectors from the fallback alias', async () => {
    const openai = new OpenAI({ apiKey: 'any', baseURL: `${stack.url}/v1`, maxRetries: 0 });
    const { data, response } = await openai.embeddings.create({ model: 'embed-fallback', input: 'hello' }).withResponse();
    expect(data.data[0]!.embedding.length).toBeGreaterThan(0);
    expect(response.headers.get('x-switchboard-attempts')).toBe('2');
  });

  it('an alias with only the anthropic target answers 400 unsupported_parameter', async () => {
    const res = await postJson(`${stack.url}/v1/embeddings`, { model: 'embed-claude-only', input: 'hello' });
    const { error } = expectOpenAIError(res, 400, 'unsupported_parameter');
    expect(error.message).toContain('claude');
    expect(error.message).toMatch(/embeddings/);
  });
});

describe('GET /healthz reports the request log queue', () => {
  it('returns request_log: { queued, dropped } as non-negative integers', async () => {
    const res = await send(`${stack.url}/healthz`, { method: 'GET' });
    expect(res.status).toBe(200);
    const body = res.json as { status: string; request_log: { queued: number; dropped: number } };
    expect(body.status).toBe('ok');
    expect(Number.isInteger(body.request_log.queued)).toBe(true);
    expect(Number.isInteger(body.request_log.dropped)).toBe(true);
    expect(body.request_log.queued).toBeGreaterThanOrEqual(0);
    expect(body.request_log.dropped).toBe(0);
  });

  it('counts records waiting to be written, and none once flushed', async () => {
    // A log that flushes only on demand: the queue is exactly the requests made since.
    const slow = await startStack({
      providers: [{ id: 'sim', type: 'openai', api_key: 'sim-key-123456', base_url: '${SIM}/v1' }],
      models: [{ name: 'small', targets: [{ provider: 'sim', model: 'sim-small' }] }],
      extra: { request_log: { enabled: true, flush_interval_ms: 3_600_000, max_batch: 1000 } },
    });
    try {
      for (let i = 0; i < 3; i++) {
        expect((await postJson(`${slow.url}/v1/chat/completions`, { model: 'small', messages: [{ role: 'user', content: 'hi' }] })).status).toBe(200);
      }
      const before = (await send(`${slow.url}/healthz`, { method: 'GET' })).json as { request_log: { queued: number; dropped: number } };
      expect(before.request_log).toEqual({ queued: 3, dropped: 0 });
      await slow.gateway.requestLog.flush();
      const after = (await send(`${slow.url}/healthz`, { method: 'GET' })).json as { request_log: { queued: number; dropped: number } };
      expect(after.request_log).toEqual({ queued: 0, dropped: 0 });
    } finally {
      await slow.close();
    }
  });
});
