/**
 * Stream priming, per-target timeouts and per-attempt cancellation, on sendAttempt and
 * streamReply against a scripted upstream on 127.0.0.1: an attempt resolves only at its first
 * content event; every failure before it is a failed attempt (recorded, upstream released); the
 * taps of the winning stream see each event once; the attempt's signal and timeouts stop it.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Target } from '../config/compile.js';
import { GatewayError } from '../core/errors.js';
import type { ChatRequest, ChatResponse, StreamEvent } from '../core/types.js';
import { PROVIDERS } from '../providers/registry.js';
import { HttpClient } from '../transport/http-client.js';
import { clientClosed, RequestContext } from './context.js';
import type { AttemptOptions, Operation, Reply, StreamTap } from './contract.js';
import type { RoutePlan } from './route-plan.js';
import { sendAttempt } from './send-attempt.js';
import type { GatewayServices } from './services.js';
import { streamReply } from './stream.js';
import { isContentEvent } from './stream-source.js';

/** One request the upstream received: its response, and whether the gateway hung up before it was whole. */
interface Call {
  res: ServerResponse;
  hungUp: Promise<boolean>;
}

let server: Server;
let base = '';
let http: HttpClient;
let script: (res: ServerResponse) => void = (res) => res.end();
const calls: Call[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    calls.push({ res, hungUp: new Promise((resolve) => res.on('close', () => resolve(!res.writableFinished))) });
    script(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  http = new HttpClient();
});
afterEach(() => {
  calls.length = 0;
});
afterAll(async () => {
  await http.close(100);
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function sse(model: string, delta: Record<string, unknown>, finish: string | null = null): string {
  return `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
}
const role = (model = 'm') => sse(model, { role: 'assistant', content: '' });
const text = (t: string, model = 'm') => sse(model, { content: t });
const stop = (model = 'm') => `${sse(model, {}, 'stop')}data: [DONE]\n\n`;

function openStream(res: ServerResponse, ...frames: string[]): void {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  for (const frame of frames) res.write(frame);
}

/** Cuts the connection once what was written has gone out. */
function cut(res: ServerResponse): void {
  res.write('', () => res.socket?.destroy());
}

const TIMEOUTS: Target['timeouts'] = { connectMs: 10_000, firstTokenMs: 10_000, idleMs: 10_000, totalMs: 0 };

function target(type: 'openai' | 'anthropic' = 'openai', timeouts: Partial<Target['timeouts']> = {}): Target {
  const provider = PROVIDERS.get(type)!;
  return {
    providerId: 'up',
    model: 'm',
    compiled: {
      provider,
      chat: provider.chat,
      settings: { id: 'up', type, baseUrl: base, headers: {}, dropParams: new Set() },
      prices: {},
      tags: [],
    },
    key: 'up/m',
    tags: [],
    weight: 1,
    timeouts: { ...TIMEOUTS, ...timeouts },
  } as Target;
}

function operation(streams = true): Operation<ChatRequest, ChatResponse> {
  return {
    name: 'chat',
    modelOf: (r) => r.model,
    streams: () => streams,
    encode: (_ctx, t) => ({ method: 'POST', url: `${t.compiled.settings.baseUrl}/chat`, headers: { 'content-type': 'application/json' }, body: '{}' }),
    decode: () => ({ id: 'r', model: 'm', created: 1, text: 'ok', toolCalls: [], finishReason: 'stop', usage: { inputTokens: 1, outputTokens: 1 } }),
    streamDecoder: (t) => ({ framing: t.compiled.provider.streamFraming, decoder: t.compiled.chat.createStreamDecoder(t.compiled.settings) }),
  };
}

const services = () => ({ http, authTools: {}, logger: { error() {}, warn() {}, info() {} }, cost: () => 0 }) as unknown as GatewayServices;

function context(): RequestContext<ChatRequest, ChatResponse> {
  const ctx = new RequestContext<ChatRequest, ChatResponse>({
    requestId: 'req-1',
    startedAt: performance.now(),
    time: Date.now(),
    operation: 'chat',
    ingress: 'openai',
    requestHeaders: {},
  });
  ctx.request = { model: 'alias', messages: [], stream: true };
  return ctx;
}

/** Sends one attempt; resolves with the reply or the error, never throws. */
async function attempt(
  ctx: RequestContext<ChatRequest, ChatResponse>,
  t: Target,
  options?: AttemptOptions,
  streams = true,
): Promise<{ reply?: Reply<ChatResponse>; error?: GatewayError }> {
  const dispatch = sendAttempt(services(), operation(streams), []);
  try {
    return { reply: await dispatch(ctx as RequestContext<unknown, ChatResponse>, [t], options) };
  } catch (err) {
    return { error: err as GatewayError };
  }
}

/** A tap that records every event it sees. */
function recordingTap(seen: StreamEvent[]): StreamTap {
  return { name: 'record', onEvent: (event) => void seen.push(structuredClone(event)) };
}

/** Drains the winning reply's stream through the taps; returns the events out and the error it ended with. */
async function drain(ctx: RequestContext<ChatRequest, ChatResponse>, reply: Reply<ChatResponse>, taps: StreamTap[] = []) {
  const plan = { operation: operation(), taps, hooks: { store: [] }, services: services() } as unknown as RoutePlan<ChatRequest, ChatResponse>;
  const events: StreamEvent[] = [];
  let error: GatewayError | undefined;
  try {
    for await (const batch of streamReply(plan, ctx, reply)) events.push(...batch);
  } catch (err) {
    error = err as GatewayError;
  }
  return { events, error };
}

describe('isContentEvent', () => {
  it('counts answer content and the finish, not the start, usage or empty deltas', () => {
    const content: StreamEvent[] = [
      { type: 'text', text: 'a' },
      { type: 'reasoning', text: 'r' },
      { type: 'tool_call_start', index: 0, id: 't', name: 'f' },
      { type: 'tool_call_delta', index: 0, arguments: '{' },
      { type: 'finish', reason: 'stop' },
      { type: 'reasoning_signature', signature: 's' },
      { type: 'redacted_reasoning', data: 'd' },
      { type: 'reasoning_encrypted', data: 'e' },
      { type: 'native_item', item: { type: 'web_search_call' } },
    ];
    const notContent: StreamEvent[] = [
      { type: 'start', id: 'i', model: 'm', created: 1 },
      { type: 'usage', usage: { inputTokens: 1, outputTokens: 0 } },
      { type: 'text', text: '' },
      { type: 'reasoning', text: '' },
      { type: 'tool_call_delta', index: 0, arguments: '' },
    ];
    expect(content.map(isContentEvent)).toEqual(content.map(() => true));
    expect(notContent.map(isContentEvent)).toEqual(notContent.map(() => false));
  });
});

describe('a streamed attempt', () => {
  it('resolves only once its first content event was decoded, and hands the events over untapped', async () => {
    let sendContent = () => {};
    script = (res) => {
      openStream(res, role());
      sendContent = () => res.end(text('Hello') + text(' there') + stop());
    };
    const ctx = context();
    let settled = false;
    const pending = attempt(ctx, target(), { reason: 'first' }).finally(() => (settled = true));
    // The head and the role-only chunk are in: still not an answer.
    for (let i = 0; i < 100 && calls.length === 0; i++) await sleep(5);
    await sleep(50);
    expect(settled).toBe(false);
    sendContent();
    const { reply, error } = await pending;
    expect(error).toBeUndefined();
    expect(reply!.primed!.buffered!.map((e) => e.type)).toEqual(expect.arrayContaining(['start', 'text']));
    const record = ctx.attempts[0]!;
    expect(record).toMatchObject({ providerId: 'up', reason: 'first', target: expect.objectContaining({ key: 'up/m' }) });
    expect(record.error).toBeUndefined();
    expect(record.stage).toBeUndefined();
    expect(record.firstTokenMs).toBeGreaterThanOrEqual(record.durationMs);

    const seen: StreamEvent[] = [];
    const { events, error: streamError } = await drain(ctx, reply!, [recordingTap(seen)]);
    expect(streamError).toBeUndefined();
    // Every event reached the taps once, in order, and went out.
    expect(seen.map((e) => e.type)).toEqual(['start', 'text', 'text', 'finish']);
    expect(seen.flatMap((e) => (e.type === 'text' ? [e.text] : []))).toEqual(['Hello', ' there']);
    expect(events.map((e) => e.type)).toEqual(seen.map((e) => e.type));
  });

  const preContent: Array<[string, (res: ServerResponse) => void, string, RegExp]> = [
    [
      'a cut connection',
      (res) => {
        openStream(res, role());
        cut(res);
      },
      'upstream_unavailable',
      /Could not reach provider 'up'/,
    ],
    [
      'an error frame',
      (res) => openStream(res, role(), 'data: {"error":{"message":"The engine is overloaded","type":"server_error"}}\n\n'),
      'upstream_error',
      /The engine is overloaded/,
    ],
    ['a frame that is not JSON', (res) => openStream(res, role(), 'data: {oops\n\n'), 'upstream_invalid_response', /not JSON/],
    [
      'a stream that ends without content',
      (res) => {
        openStream(res, role());
        res.end('data: [DONE]\n\n');
      },
      'upstream_invalid_response',
      /before it sent any content/,
    ],
  ];
  for (const [what, send, code, message] of preContent) {
    it(`fails on ${what} before any content: an attempt error at stage read, the upstream released`, async () => {
      script = send;
      const ctx = context();
      const { reply, error } = await attempt(ctx, target());
      expect(reply).toBeUndefined();
      expect(error).toBeInstanceOf(GatewayError);
      expect(error).toMatchObject({ code, provider: 'up' });
      expect(error!.message).toMatch(message);
      expect(ctx.attempts).toHaveLength(1);
      expect(ctx.attempts[0]).toMatchObject({ stage: 'read', error, headers: expect.any(Object) });
      expect(ctx.attempts[0]!.cancelled).toBeUndefined();
      expect(ctx.attempts[0]!.firstTokenMs).toBeUndefined();
      // Whatever the upstream did, its response is over (cut, ended, or hung up on by the gateway).
      await calls[0]!.hungUp;
      expect(calls[0]!.res.destroyed || calls[0]!.res.writableFinished).toBe(true);
    });
  }

  it('hangs up on an upstream that sent an error frame and kept the connection open', async () => {
    script = (res) => openStream(res, role(), 'data: {"error":{"message":"busy","type":"server_error"}}\n\n');
    const { error } = await attempt(context(), target());
    expect(error).toMatchObject({ code: 'upstream_error' });
    expect(await calls[0]!.hungUp).toBe(true);
  });

  it("decodes Anthropic's event: error before any content to its own error (overloaded: 503)", async () => {
    script = (res) =>
      openStream(
        res,
        'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"m","content":[],"usage":{"input_tokens":1,"output_tokens":0}}}\n\n',
        'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n',
      );
    const ctx = context();
    const { error } = await attempt(ctx, target('anthropic'));
    expect(error).toMatchObject({ code: 'upstream_overloaded', status: 503, upstreamStatus: 529 });
    expect(ctx.attempts[0]).toMatchObject({ stage: 'read', error });
    expect(await calls[0]!.hungUp).toBe(true);
  });

  it('primes on a stream that ends cleanly with only the finish the decoder flushes, and does not flush twice', async () => {
    // message_delta carries the stop reason; message_stop never comes: the decoder's end() closes the message.
    script = (res) =>
      res.end(
        'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"m","content":[],"usage":{"input_tokens":1,"output_tokens":0}}}\n\n' +
          'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":0}}\n\n',
      );
    const ctx = context();
    const { reply, error } = await attempt(ctx, target('anthropic'));
    expect(error).toBeUndefined();
    expect(reply!.primed).toMatchObject({ bodyDone: true, flushed: true });
    const seen: StreamEvent[] = [];
    const out = await drain(ctx, reply!, [recordingTap(seen)]);
    expect(out.error).toBeUndefined();
    expect(seen.filter((e) => e.type === 'finish')).toHaveLength(1);
    expect(seen.filter((e) => e.type === 'start')).toHaveLength(1);
  });

  it('taps only the winner: a loser that failed after its start event leaves no trace in the stream', async () => {
    let call = 0;
    script = (res) => {
      call++;
      if (call === 1) {
        openStream(res, role('loser'));
        cut(res);
      } else res.end(role('winner') + text('won', 'winner') + stop('winner'));
    };
    const ctx = context();
    const first = await attempt(ctx, target(), { reason: 'first' });
    expect(first.error).toMatchObject({ code: 'upstream_unavailable' });
    const second = await attempt(ctx, target(), { reason: 'fallback' });
    expect(second.error).toBeUndefined();
    expect(ctx.attempts.map((a) => [a.reason, a.error?.code])).toEqual([
      ['first', 'upstream_unavailable'],
      ['fallback', undefined],
    ]);
    const seen: StreamEvent[] = [];
    const { events } = await drain(ctx, second.reply!, [recordingTap(seen)]);
    expect(seen.filter((e) => e.type === 'start')).toEqual([expect.objectContaining({ model: 'winner' })]);
    expect(JSON.stringify(events)).not.toContain('loser');
  });
});

describe('per-target timeouts', () => {
  it('bounds the time to the first token of a stream whose head came at once (timeouts.first_token_ms)', async () => {
    script = (res) => openStream(res, role());
    const ctx = context();
    const { error } = await attempt(ctx, target('openai', { firstTokenMs: 150 }));
    expect(error).toMatchObject({ code: 'upstream_timeout', status: 504 });
    expect(error!.message).toBe("Provider 'up' did not send its first token within 150 ms (timeouts.first_token_ms).");
    expect(ctx.attempts[0]).toMatchObject({ stage: 'read', error });
    expect(await calls[0]!.hungUp).toBe(true);
  });

  it('bounds the wait for the head with the same setting, streamed or not', async () => {
    script = () => {}; // never answers
    const streamed = await attempt(context(), target('openai', { firstTokenMs: 150 }));
    expect(streamed.error!.message).toBe("Provider 'up' did not send its first token within 150 ms (timeouts.first_token_ms).");
    const plain = await attempt(context(), target('openai', { firstTokenMs: 150 }), undefined, false);
    expect(plain.error).toMatchObject({ code: 'upstream_timeout', status: 504 });
    expect(plain.error!.message).toBe("Provider 'up' did not answer within 150 ms (timeouts.first_token_ms).");
  });

  it('bounds the gaps between chunks (timeouts.idle_ms), before content as after', async () => {
    script = (res) => openStream(res, role());
    const before = await attempt(context(), target('openai', { idleMs: 150 }));
    expect(before.error!.message).toBe("Provider 'up' sent nothing for 150 ms (timeouts.idle_ms).");

    script = (res) => openStream(res, role(), text('partial'));
    const ctx = context();
    const after = await attempt(ctx, target('openai', { idleMs: 150 }));
    expect(after.error).toBeUndefined();
    const { events, error } = await drain(ctx, after.reply!);
    expect(events.some((e) => e.type === 'text' && e.text === 'partial')).toBe(true);
    expect(error).toMatchObject({ code: 'upstream_timeout', message: "Provider 'up' sent nothing for 150 ms (timeouts.idle_ms)." });
  });

  it('bounds the whole attempt, the streamed body after priming included (timeouts.total_ms)', async () => {
    script = (res) => {
      openStream(res, role(), text('tick '));
      const timer = setInterval(() => res.write(text('tick ')), 30);
      res.on('close', () => clearInterval(timer));
    };
    const ctx = context();
    const { reply, error } = await attempt(ctx, target('openai', { totalMs: 300 }));
    expect(error).toBeUndefined();
    const out = await drain(ctx, reply!);
    expect(out.events.some((e) => e.type === 'text')).toBe(true);
    expect(out.error).toMatchObject({ code: 'upstream_timeout', status: 504, message: "Provider 'up' did not finish within 300 ms (timeouts.total_ms)." });
    expect(await calls[0]!.hungUp).toBe(true);
  });

  it('bounds an attempt still waiting for its head by total_ms too', async () => {
    script = () => {};
    const ctx = context();
    const { error } = await attempt(ctx, target('openai', { totalMs: 150 }), undefined, false);
    expect(error!.message).toBe("Provider 'up' did not finish within 150 ms (timeouts.total_ms).");
    expect(ctx.attempts[0]!.cancelled).toBeUndefined();
    expect(await calls[0]!.hungUp).toBe(true);
  });
});

describe('per-attempt cancellation', () => {
  it("stops an attempt when the interceptor's signal aborts, with its reason, marked cancelled, upstream released", async () => {
    script = (res) => openStream(res, role());
    const controller = new AbortController();
    const ctx = context();
    const pending = attempt(ctx, target(), { signal: controller.signal, reason: 'hedge' });
    for (let i = 0; i < 100 && calls.length === 0; i++) await sleep(5);
    const reason = new GatewayError('client_closed', 499, 'Another attempt answered first.');
    controller.abort(reason);
    const { error } = await pending;
    expect(error).toBe(reason);
    expect(ctx.attempts[0]).toMatchObject({ cancelled: true, reason: 'hedge', error: reason });
    expect(ctx.signal.aborted).toBe(false);
    expect(await calls[0]!.hungUp).toBe(true);
  });

  it('fails with a client_closed "attempt was cancelled" when the signal gives no GatewayError', async () => {
    script = () => {};
    const controller = new AbortController();
    const ctx = context();
    const pending = attempt(ctx, target(), { signal: controller.signal }, false);
    for (let i = 0; i < 100 && calls.length === 0; i++) await sleep(5);
    controller.abort();
    const { error } = await pending;
    expect(error).toMatchObject({ code: 'client_closed', status: 499, message: 'The attempt was cancelled.' });
    expect(ctx.attempts[0]!.cancelled).toBe(true);
    expect(await calls[0]!.hungUp).toBe(true);
  });

  it('still stops on the request signal when the interceptor gave its own', async () => {
    script = (res) => openStream(res, role());
    const ctx = context();
    const pending = attempt(ctx, target(), { signal: new AbortController().signal });
    for (let i = 0; i < 100 && calls.length === 0; i++) await sleep(5);
    ctx.abort(clientClosed());
    const { error } = await pending;
    expect(error).toMatchObject({ code: 'client_closed' });
    expect(ctx.attempts[0]!.cancelled).toBe(true);
    expect(await calls[0]!.hungUp).toBe(true);
  });

  it("ends the winner's stream when its signal aborts after priming, and releases the upstream", async () => {
    script = (res) => {
      openStream(res, role(), text('a'));
      const timer = setInterval(() => res.write(text('b')), 30);
      res.on('close', () => clearInterval(timer));
    };
    const controller = new AbortController();
    const ctx = context();
    const { reply } = await attempt(ctx, target(), { signal: controller.signal });
    const reason = new GatewayError('upstream_timeout', 504, 'The retry deadline passed.');
    setTimeout(() => controller.abort(reason), 100);
    const out = await drain(ctx, reply!);
    expect(out.error).toBe(reason);
    expect(await calls[0]!.hungUp).toBe(true);
  });

  it('a dropped primed reply is released by release(): the upstream is hung up on', async () => {
    script = (res) => openStream(res, role(), text('a'));
    const { reply } = await attempt(context(), target());
    await reply!.primed!.release();
    expect(await calls[0]!.hungUp).toBe(true);
  });
});
