/**
 * server.request_deadline_ms bounds the whole request (every attempt and the streamed answer):
 * a slow upstream is cancelled and answered 504 deadline_exceeded, a slow stream ends with the
 * in-format error event carrying that code, and the request log says so.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestLogRow } from '../../src/testing/request-log-row.js';
import { startStack, type TestStack } from '../../src/testing/stack.js';
import { expectAnthropicError, expectOpenAIError, postJson } from '../bad-input/http.js';
import { sseEvents } from '../security/raw.js';

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack({
    providers: [
      { id: 'sim', type: 'openai', api_key: 'sim-key-123456', base_url: '${SIM}/v1' },
      { id: 'claude', type: 'anthropic', api_key: 'ant-key-123456', base_url: '${SIM}' },
    ],
    models: [
      { name: 'small', targets: [{ provider: 'sim', model: 'sim-small' }] },
      { name: 'claude', targets: [{ provider: 'claude', model: 'claude-sonnet-4-5' }] },
      {
        name: 'slow-then-fast',
        targets: [
          { provider: 'claude', model: 'claude-sonnet-4-5' },
          { provider: 'sim', model: 'sim-small' },
        ],
      },
    ],
    extra: { server: { host: '127.0.0.1', port: 0, request_deadline_ms: 400 } },
  });
});
afterAll(async () => stack?.close());

/** Resolves with whether the simulator finished writing its next answer before the connection went away. */
function nextUpstreamFinished(): Promise<boolean> {
  return new Promise((resolve) => {
    const onRequest = (_req: IncomingMessage, res: ServerResponse) => {
      stack.simulator.server.off('request', onRequest);
      res.once('close', () => resolve(res.writableFinished));
    };
    stack.simulator.server.on('request', onRequest);
  });
}

const logRow = (requestId: string) => requestLogRow(stack, requestId);

const words = (n: number) => Array.from({ length: n }, (_, i) => `w${i}`).join(' ');

describe('request_deadline_ms', () => {
  it('answers 504 deadline_exceeded when the upstream answers after 3 s, and cancels the upstream call', async () => {
    const upstream = nextUpstreamFinished();
    const res = await postJson(`${stack.url}/v1/chat/completions`, { model: 'small', messages: [{ role: 'user', content: 'hi [[sim latency_ms=3000]]' }] });
    const { error } = expectOpenAIError(res, 504, 'deadline_exceeded');
    expect(error.message).toContain('request_deadline_ms');
    // The gateway gave up on the upstream rather than waiting for its answer.
    expect(await upstream).toBe(false);
    const row = await logRow(res.headers['x-request-id']!);
    expect(row).toMatchObject({ status: 504, error_code: 'deadline_exceeded', stream: 0 });
  });

  it('answers Anthropic clients 504 timeout_error with code deadline_exceeded', async () => {
    const res = await postJson(`${stack.url}/v1/messages`, {
      model: 'claude',
      max_tokens: 50,
      messages: [{ role: 'user', content: 'hi [[sim latency_ms=3000]]' }],
    });
    const body = expectAnthropicError(res, 504, 'deadline_exceeded');
    expect(body.error.type).toBe('timeout_error');
    const row = await logRow(res.headers['x-request-id']!);
    expect(row).toMatchObject({ status: 504, error_code: 'deadline_exceeded' });
  });

  it('covers all attempts: a fallback does not restart the clock', async () => {
    // Each target fails with a 500 after 300 ms: alone, each fits the deadline; together they do not.
    const res = await postJson(`${stack.url}/v1/chat/completions`, {
      model: 'slow-then-fast',
      messages: [{ role: 'user', content: 'hi [[sim fault=500 latency_ms=300]]' }],
    });
    expectOpenAIError(res, 504, 'deadline_exceeded');
    const row = await logRow(res.headers['x-request-id']!);
    expect(row).toMatchObject({ status: 504, error_code: 'deadline_exceeded', attempts: 2 });
  });

  it('does not try the next target once the deadline has passed', async () => {
    const res = await postJson(`${stack.url}/v1/chat/completions`, {
      model: 'slow-then-fast',
      messages: [{ role: 'user', content: 'hi [[sim latency_ms=3000]]' }],
    });
    expectOpenAIError(res, 504, 'deadline_exceeded');
    const row = await logRow(res.headers['x-request-id']!);
    expect(row).toMatchObject({ status: 504, error_code: 'deadline_exceeded', attempts: 1 });
  });

  it('ends a stream that outlasts the deadline with data: {"error":…} whose code is deadline_exceeded', async () => {
    const upstream = nextUpstreamFinished();
    // 30 tokens at 200 ms each: about 6 s upstream, against a 400 ms deadline.
    const res = await postJson(`${stack.url}/v1/chat/completions`, {
      model: 'small',
      stream: true,
      messages: [{ role: 'user', content: `${words(30)} [[sim token_ms=200]]` }],
    });
    expect(res.status).toBe(200);
    const events = sseEvents(res.text);
    const errorAt = events.findIndex((e) => e.data.startsWith('{"error"'));
    expect(errorAt, res.text).toBeGreaterThanOrEqual(0);
    expect((JSON.parse(events[errorAt]!.data) as { error: { code: string } }).error.code).toBe('deadline_exceeded');
    expect(events.slice(errorAt + 1).every((e) => e.data === '[DONE]')).toBe(true);
    expect(res.text).not.toContain(words(30).split(' ').at(-1)!);
    expect(await upstream).toBe(false);
    const row = await logRow(res.headers['x-request-id']!);
    expect(row).toMatchObject({ status: 504, error_code: 'deadline_exceeded', stream: 1 });
  });

  it('ends an Anthropic-format stream that outlasts the deadline with event: error, code deadline_exceeded', async () => {
    // 60 ms between frames: the first text (the fourth frame) arrives well within the deadline,
    // the whole answer (30 words) well after it.
    const res = await postJson(`${stack.url}/v1/messages`, {
      model: 'claude',
      max_tokens: 500,
      stream: true,
      messages: [{ role: 'user', content: `${words(30)} [[sim token_ms=60]]` }],
    });
    expect(res.status).toBe(200);
    const error = sseEvents(res.text).find((e) => e.event === 'error');
    expect(error, res.text).toBeDefined();
    const body = JSON.parse(error!.data) as { type: string; error: { type: string; code: string } };
    expect(body).toMatchObject({ type: 'error', error: { type: 'timeout_error', code: 'deadline_exceeded' } });
    const row = await logRow(res.headers['x-request-id']!);
    expect(row).toMatchObject({ status: 504, error_code: 'deadline_exceeded', stream: 1 });
  });

  it('answers 504 deadline_exceeded as an HTTP error when the deadline passes before a stream sent any content', async () => {
    // 200 ms between frames: Anthropic's first text is the fourth frame, past the 400 ms deadline.
    // Nothing reached the client yet (streams are primed up to their first content), so it gets a
    // plain error answer rather than a 200 stream ending in an error event.
    const upstream = nextUpstreamFinished();
    const res = await postJson(`${stack.url}/v1/messages`, {
      model: 'claude',
      max_tokens: 500,
      stream: true,
      messages: [{ role: 'user', content: `${words(30)} [[sim token_ms=200]]` }],
    });
    expectAnthropicError(res, 504, 'deadline_exceeded');
    expect(await upstream).toBe(false);
    const row = await logRow(res.headers['x-request-id']!);
    expect(row).toMatchObject({ status: 504, error_code: 'deadline_exceeded', stream: 1 });
  });

  it('leaves requests that finish in time alone', async () => {
    const res = await postJson(`${stack.url}/v1/chat/completions`, { model: 'small', messages: [{ role: 'user', content: 'hi' }] });
    expect(res.status).toBe(200);
    const streamed = await postJson(`${stack.url}/v1/chat/completions`, { model: 'small', stream: true, messages: [{ role: 'user', content: 'hi' }] });
    expect(streamed.text).not.toContain('"error"');
    const row = await logRow(streamed.headers['x-request-id']!);
    expect(row).toMatchObject({ status: 200, error_code: null });
  });
});
