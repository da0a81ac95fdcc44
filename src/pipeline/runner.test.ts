/**
 * The runner's guarantees, on a plan built by hand: phases in order, early results, settle and
 * record exactly once on every path, internal errors logged once and never shown, stream taps
 * that rewrite, drop or abort, the request deadline, and phase events on diagnostics_channel.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { describe, expect, it } from 'vitest';
import type { Target } from '../config/compile.js';
import { GatewayError } from '../core/errors.js';
import { PHASE_END_CHANNEL } from '../core/telemetry.js';
import type { ChatRequest, ChatResponse, StreamEvent } from '../core/types.js';
import { PROVIDERS } from '../providers/registry.js';
import { compose } from './compose.js';
import { clientClosed, RequestContext } from './context.js';
import { HOOK_PHASES, type Dispatch, type Hook, type HookPhase, type Interceptor, type PipelineResult, type StreamTap } from './contract.js';
import { DeadlineWatch } from './deadline-watch.js';
import { createPhaseEvents } from './phase-events.js';
import type { RoutePlan } from './route-plan.js';
import { authenticateOnly, runRequest } from './runner.js';
import type { GatewayServices } from './services.js';

const provider = PROVIDERS.get('openai')!;
const target: Target = {
  providerId: 'p',
  model: 'm',
  compiled: {
    provider,
    chat: provider.chat,
    settings: { id: 'p', type: 'openai', baseUrl: 'http://127.0.0.1:9', headers: {}, dropParams: new Set() },
    prices: {},
    tags: [],
  },
  key: 'p/m',
  tags: [],
  weight: 1,
  timeouts: { connectMs: 1000, firstTokenMs: 60_000, idleMs: 60_000, totalMs: 0 },
};
const request: ChatRequest = { model: 'alias', messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], stream: false };
const response: ChatResponse = { id: 'r', model: 'm', created: 1, text: 'ok', toolCalls: [], finishReason: 'stop', usage: { inputTokens: 1, outputTokens: 1 } };

interface Run {
  ctx: RequestContext<ChatRequest, ChatResponse>;
  results: PipelineResult<ChatResponse>[];
  phases: string[];
  settled: number;
  recorded: number;
  logged: Array<{ fields: Record<string, unknown>; message: string }>;
  dispatched: number;
}

interface Setup {
  hooks?: Partial<Record<HookPhase, Hook<ChatRequest, ChatResponse>[]>>;
  taps?: StreamTap[];
  dispatch?: Dispatch<ChatResponse>;
  stream?: boolean;
  deadlineMs?: number;
  /** Consumes a stream result (the server's part). */
  respond?: (result: PipelineResult<ChatResponse>, ctx: RequestContext<ChatRequest, ChatResponse>) => Promise<void>;
}

function sseBody(chunks: string[]) {
  return {
    async *[Symbol.asyncIterator]() {
      for (const chunk of chunks) yield new TextEncoder().encode(chunk);
    },
    text: async () => chunks.join(''),
    json: async () => JSON.parse(chunks.join('')),
    dump: async () => {},
    abort: () => {},
  };
}

function chunk(delta: Record<string, unknown>, finish: string | null = null): string {
  return `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
}

const STREAM = [
  chunk({ role: 'assistant', content: '' }),
  chunk({ content: 'good ' }),
  chunk({ content: 'bad ' }),
  chunk({ content: 'end' }),
  chunk({}, 'stop'),
  'data: [DONE]\n\n',
];

async function run(setup: Setup): Promise<Run> {
  const out: Run = { ctx: undefined!, results: [], phases: [], settled: 0, recorded: 0, logged: [], dispatched: 0 };
  const logger = {
    error: (fields: object, message: string) => out.logged.push({ fields: fields as Record<string, unknown>, message }),
    warn() {},
    info() {},
  };
  const hooks = Object.fromEntries(HOOK_PHASES.map((p) => [p, [...(setup.hooks?.[p] ?? [])]])) as Record<HookPhase, Hook<ChatRequest, ChatResponse>[]>;
  hooks.settle.push({
    name: 'count',
    run: () => {
      out.settled++;
      return undefined;
    },
  });
  const observers = [{ onPhase: (_: unknown, phase: string) => out.phases.push(phase), onRequestEnd: () => void out.recorded++ }];
  const defaultDispatch: Dispatch<ChatResponse> = async (ctx) => {
    out.dispatched++;
    // What the operation's decode does in a real attempt.
    if (!setup.stream) ctx.usage = response.usage;
    return setup.stream ? { target, upstream: { status: 200, headers: {}, body: sseBody(STREAM) } } : { target, response };
  };
  const plan: RoutePlan<ChatRequest, ChatResponse> = {
    operation: {
      name: 'chat',
      modelOf: (r) => r.model,
      streams: (r) => r.stream,
      encode: () => ({ method: 'POST', url: 'http://127.0.0.1:9', headers: {}, body: '' }),
      decode: () => response,
      streamDecoder: () => ({ framing: 'sse', decoder: provider.chat.createStreamDecoder(target.compiled.settings) }),
    },
    hooks,
    dispatch: setup.dispatch
      ? async (ctx, targets) => {
          out.dispatched++;
          return setup.dispatch!(ctx, targets);
        }
      : defaultDispatch,
    taps: setup.taps ?? [],
    observers,
    phaseEvents: createPhaseEvents(observers),
    route: (ctx) => {
      ctx.targets = [target];
      return undefined;
    },
    services: { logger, cost: () => 0.5, http: { limits: { maxEventBytes: 1 << 20 } } } as unknown as GatewayServices,
    deadline: new DeadlineWatch(setup.deadlineMs ?? 60_000),
  };
  const ctx = new RequestContext<ChatRequest, ChatResponse>({
    requestId: 'req-1',
    startedAt: performance.now(),
    time: Date.now(),
    operation: 'chat',
    ingress: 'openai',
    requestHeaders: {},
  });
  out.ctx = ctx;
  await runRequest(plan, ctx, {
    readBody: async () => ({ model: 'alias' }),
    decode: () => ({ ...request, stream: setup.stream === true }),
    respond: async (result, c) => {
      out.results.push(result);
      await setup.respond?.(result, c);
    },
  });
  return out;
}

/** What a stream result yields, and the error it ends with, if any. */
async function drain(result: PipelineResult<ChatResponse>): Promise<{ events: StreamEvent[]; error?: GatewayError }> {
  if (result.type !== 'stream') throw new Error(`expected a stream, got ${result.type}`);
  const events: StreamEvent[] = [];
  try {
    for await (const batch of result.events) events.push(...batch);
  } catch (err) {
    return { events, error: err as GatewayError };
  }
  return { events };
}

const texts = (events: StreamEvent[]) => events.flatMap((e) => (e.type === 'text' ? [e.text] : []));

describe('runRequest', () => {
  it('runs every phase in order and answers with the response, its cost and headers', async () => {
    const r = await run({});
    expect(r.phases).toEqual(['authenticate', 'decode', 'prepare', 'admit', 'checkInput', 'lookup', 'dispatch', 'checkOutput', 'store']);
    expect(r.results).toEqual([{ type: 'response', response }]);
    expect(r.ctx.costUsd).toBe(0.5);
    expect(r.ctx.responseHeaders).toMatchObject({ 'x-request-id': 'req-1', 'x-switchboard-provider': 'p' });
    expect(r.ctx.responseHeaders['x-switchboard-attempts']).toBeUndefined();
    expect([r.settled, r.recorded]).toEqual([1, 1]);
  });

  it('ends early with the result a hook returns; later phases and dispatch never run, settle runs once', async () => {
    const hit: PipelineResult<ChatResponse> = { type: 'response', response: { ...response, text: 'cached' } };
    const r = await run({ hooks: { lookup: [{ name: 'cache', run: () => hit }] } });
    expect(r.results).toEqual([hit]);
    expect(r.dispatched).toBe(0);
    expect(r.phases).not.toContain('dispatch');
    expect([r.settled, r.recorded]).toEqual([1, 1]);
  });

  it('answers a GatewayError thrown by a hook (async too) in-format, with its status as the outcome', async () => {
    const limited = new GatewayError('rate_limited', 429, 'slow down', { retryAfterSeconds: 2 });
    const r = await run({ hooks: { admit: [{ name: 'limit', run: async () => Promise.reject(limited) }] } });
    expect(r.results).toEqual([{ type: 'error', error: limited }]);
    expect(r.ctx.status).toBe(429);
    expect(r.logged).toEqual([]);
    expect([r.settled, r.recorded, r.dispatched]).toEqual([1, 1, 0]);
  });

  it('logs an internal error once with the request id, and answers only "Internal gateway error."', async () => {
    const r = await run({
      dispatch: () => {
        throw new TypeError('x is undefined');
      },
    });
    const result = r.results[0]!;
    expect(result.type === 'error' && [result.error.status, result.error.code, result.error.message]).toEqual([
      500,
      'internal_error',
      'Internal gateway error.',
    ]);
    expect(r.logged).toHaveLength(1);
    expect(r.logged[0]!.fields.requestId).toBe('req-1');
    expect((r.logged[0]!.fields.err as Error).message).toBe('x is undefined');
    expect([r.settled, r.recorded]).toEqual([1, 1]);
  });

  it('records 499 and writes nothing when the client leaves during dispatch; settle still runs once', async () => {
    const r = await run({
      dispatch: async (ctx) => {
        ctx.abort(clientClosed());
        throw new GatewayError('client_closed', 499, 'cancelled');
      },
    });
    expect(r.results).toEqual([]);
    expect([r.ctx.status, r.ctx.error?.code]).toEqual([499, 'client_closed']);
    expect([r.settled, r.recorded]).toEqual([1, 1]);
  });

  it('settles once even when writing the answer throws', async () => {
    const r = await run({
      respond: async () => {
        throw new Error('socket gone');
      },
    });
    expect(r.ctx.status).toBe(500);
    expect([r.settled, r.recorded]).toEqual([1, 1]);
  });

  it('ends the whole request at the deadline with 504 deadline_exceeded', async () => {
    const r = await run({
      deadlineMs: 20,
      dispatch: (ctx) => new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(new GatewayError('client_closed', 499, 'aborted')))),
    });
    const result = r.results[0]!;
    expect(result.type === 'error' && [result.error.status, result.error.code]).toEqual([504, 'deadline_exceeded']);
    expect(r.ctx.status).toBe(504);
  });

  it('runs authenticate alone for routes that are not operations', async () => {
    const refused = new GatewayError('authentication_failed', 401, 'no');
    const plan = { hooks: { authenticate: [{ name: 'deny', run: () => ({ type: 'error', error: refused }) }] }, phaseEvents: createPhaseEvents([]) };
    const ctx = new RequestContext({ requestId: 'x', startedAt: 0, time: 0, operation: 'chat', ingress: 'openai', requestHeaders: {} });
    await expect(authenticateOnly(plan as unknown as RoutePlan<unknown, unknown>, ctx)).rejects.toBe(refused);
  });
});

describe('stream taps', () => {
  it('pass canonical events through and take usage, finish and first-token time', async () => {
    let drained: Awaited<ReturnType<typeof drain>> | undefined;
    const r = await run({ stream: true, respond: async (result) => void (drained = await drain(result)) });
    expect(texts(drained!.events)).toEqual(['good ', 'bad ', 'end']);
    expect(drained!.error).toBeUndefined();
    expect([r.settled, r.recorded]).toEqual([1, 1]);
  });

  it('can rewrite and drop events', async () => {
    const upper: StreamTap = { name: 'upper', onEvent: (e) => (e.type === 'text' ? { type: 'text', text: e.text.toUpperCase() } : undefined) };
    const dropBad: StreamTap = { name: 'drop', onEvent: (e) => (e.type === 'text' && e.text.startsWith('BAD') ? null : undefined) };
    const split: StreamTap = { name: 'split', onEvent: (e) => (e.type === 'text' && e.text === 'END' ? [e, { type: 'text', text: '!' }] : undefined) };
    let drained: Awaited<ReturnType<typeof drain>> | undefined;
    await run({ stream: true, taps: [upper, dropBad, split], respond: async (result) => void (drained = await drain(result)) });
    expect(texts(drained!.events)).toEqual(['GOOD ', 'END', '!']);
  });

  it('abort the stream with their error after the events before it, and the outcome is that error', async () => {
    const blocked = new GatewayError('content_filtered', 400, 'blocked by a guardrail');
    const guard: StreamTap = {
      name: 'guard',
      onEvent: (e) => {
        if (e.type === 'text' && e.text.startsWith('bad')) throw blocked;
        return undefined;
      },
    };
    let drained: Awaited<ReturnType<typeof drain>> | undefined;
    const r = await run({ stream: true, taps: [guard], respond: async (result) => void (drained = await drain(result)) });
    expect(texts(drained!.events)).toEqual(['good ']);
    expect(drained!.error?.code).toBe('content_filtered');
    expect(r.ctx.status).toBe(400);
    expect([r.settled, r.recorded]).toEqual([1, 1]);
  });

  it('see onEnd after the last upstream event, and may add events', async () => {
    const footer: StreamTap = { name: 'footer', onEnd: () => [{ type: 'text', text: '[footer]' }] };
    let drained: Awaited<ReturnType<typeof drain>> | undefined;
    await run({ stream: true, taps: [footer], respond: async (result) => void (drained = await drain(result)) });
    expect(texts(drained!.events).at(-1)).toBe('[footer]');
  });
});

describe('the store phase of a stream', () => {
  it('runs once, after the consumer has taken the last batch and before the stream ends', async () => {
    const seen: string[] = [];
    const store: Hook<ChatRequest, ChatResponse> = {
      name: 'store',
      run: async () => {
        seen.push('store');
        return undefined;
      },
    };
    const footer: StreamTap = { name: 'footer', onEnd: () => [{ type: 'text', text: '[footer]' }] };
    await run({
      stream: true,
      taps: [footer],
      hooks: { store: [store] },
      respond: async (result) => {
        if (result.type !== 'stream') throw new Error('expected a stream');
        for await (const batch of result.events) for (const event of batch) if (event.type === 'text') seen.push(event.text);
        seen.push('end');
      },
    });
    expect(seen).toEqual(['good ', 'bad ', 'end', '[footer]', 'store', 'end']);
  });

  it('ends the stream with its error when a store hook fails, after every event', async () => {
    const broken: Hook<ChatRequest, ChatResponse> = {
      name: 'store',
      run: () => {
        throw new GatewayError('internal_error', 500, 'store down');
      },
    };
    let drained: Awaited<ReturnType<typeof drain>> | undefined;
    const r = await run({ stream: true, hooks: { store: [broken] }, respond: async (result) => void (drained = await drain(result)) });
    expect(texts(drained!.events)).toEqual(['good ', 'bad ', 'end']);
    expect(drained!.error?.message).toBe('store down');
    expect(r.ctx.status).toBe(500);
    expect([r.settled, r.recorded]).toEqual([1, 1]);
  });
});

describe('phase events on diagnostics_channel', () => {
  it('publish each phase end with its duration and request id', async () => {
    const seen: Array<{ requestId: string; phase: string; durationMs: number }> = [];
    const listener = (message: unknown) => seen.push(message as (typeof seen)[number]);
    subscribe(PHASE_END_CHANNEL, listener);
    try {
      await run({});
    } finally {
      unsubscribe(PHASE_END_CHANNEL, listener);
    }
    expect(seen.map((m) => m.phase)).toContain('dispatch');
    expect(seen.every((m) => m.requestId === 'req-1' && m.durationMs >= 0)).toBe(true);
  });
});

describe('compose', () => {
  it('makes the first interceptor the outermost', async () => {
    const order: string[] = [];
    const tag =
      (name: string): Interceptor =>
      (next) =>
      async (ctx, targets) => {
        order.push(`${name}>`);
        const reply = await next(ctx, targets);
        order.push(`<${name}`);
        return reply;
      };
    const send: Dispatch<ChatResponse> = async () => {
      order.push('send');
      return { target, response };
    };
    await compose(tag('a'), tag('b'))(send)({} as RequestContext<unknown, ChatResponse>, [target]);
    expect(order).toEqual(['a>', 'b>', 'send', '<b', '<a']);
  });
});
