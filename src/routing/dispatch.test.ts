/**
 * The routing interceptors over a scripted attempt function (no network): retry order and
 * backoff, retry-after honoured, client errors never retried, open breakers skipped, fallbacks by
 * cause, and hedging.
 */
import { describe, expect, it } from 'vitest';
import type { Target } from '../config/compile.js';
import { GatewayError } from '../core/errors.js';
import { testTarget } from '../testing/targets.js';
import { compose } from '../pipeline/compose.js';
import { type AttemptRecord, RequestContext } from '../pipeline/context.js';
import type { Dispatch, Reply } from '../pipeline/contract.js';
import { causeFallback } from './cause-fallback.js';
import type { ModelGroup } from '../config/compile.js';
import type { Breakers, BreakerVerdict, TargetStats } from './health-contract.js';
import { hedging } from './hedge.js';
import { measuring } from './measure.js';
import { retrying } from './retry.js';
import { createOrdering } from './strategies.js';

const target = (name: string, region?: string): Target => testTarget(name, region ? { region } : {});

function group(name: string, targets: Target[], extra: Partial<ModelGroup> = {}): ModelGroup {
  return {
    name,
    targets,
    strategy: 'fallback',
    retries: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 50, totalDeadlineMs: 5_000 },
    breaker: null,
    fallbacks: {},
    ...extra,
  };
}

/** A breaker registry whose verdicts the test sets, recording what it is told. */
class ScriptedBreakers implements Breakers {
  readonly open = new Set<string>();
  readonly records: [string, boolean][] = [];
  check(t: Target): BreakerVerdict {
    return this.open.has(t.key) ? 'open' : 'closed';
  }
  record(t: Target, _s: unknown, failed: boolean): void {
    this.records.push([t.key, failed]);
  }
  openForMs(t: Target): number {
    return this.open.has(t.key) ? 7_000 : 0;
  }
}

const noStats: TargetStats = {
  begin() {},
  end() {},
  firstToken() {},
  latencyMs: () => undefined,
  inFlight: () => 0,
  headroom: () => undefined,
};

type Script = (target: Target, call: number, signal: AbortSignal | undefined) => Promise<void> | void;

/** An innermost dispatcher that records an attempt per call and fails or answers as the script says. */
function scripted(script: Script): { send: Dispatch<string>; calls: { key: string; at: number; reason?: string }[] } {
  const calls: { key: string; at: number; reason?: string }[] = [];
  const send: Dispatch<string> = async (ctx, targets, options) => {
    const t = targets[0]!;
    const attempt: AttemptRecord = {
      providerId: t.providerId,
      providerType: 'openai',
      model: t.model,
      durationMs: 1,
      startedAt: performance.now(),
      target: t,
      reason: options?.reason,
    };
    ctx.attempts.push(attempt);
    calls.push({ key: t.key, at: performance.now(), ...(options?.reason ? { reason: options.reason } : {}) });
    try {
      await script(t, calls.length, options?.signal);
    } catch (err) {
      attempt.error = err as GatewayError;
      if (options?.signal?.aborted) attempt.cancelled = true;
      throw err;
    }
    return { target: t, response: `from ${t.key}` } satisfies Reply<string>;
  };
  return { send, calls };
}

function context(g: ModelGroup): RequestContext<unknown, string> {
  const ctx = new RequestContext<unknown, string>({
    requestId: 'r',
    startedAt: performance.now(),
    time: Date.now(),
    operation: 'chat',
    ingress: 'openai',
    requestHeaders: {},
  });
  ctx.route = { group: g, reachable: g.targets, reason: 'alias' };
  ctx.targets = g.targets;
  return ctx;
}

const upstream = (status: number, headers: Record<string, string> = {}) =>
  Object.assign(
    new GatewayError(
      status === 429 ? 'upstream_rate_limited' : status >= 500 ? 'upstream_error' : 'upstream_bad_request',
      status >= 500 ? 502 : status,
      `HTTP ${status}`,
      { upstreamStatus: status },
    ),
    { headers },
  );

function dispatcher(breakers: Breakers, plan: { groups: Map<string, ModelGroup> }, send: Dispatch<string>) {
  return compose(
    causeFallback({ plan: plan as never, cost: () => 0 }),
    retrying({ breakers, order: createOrdering({ stats: noStats, cost: () => 0 }), random: () => 1 }),
    hedging(breakers),
    measuring({ breakers, stats: noStats }),
  )(send);
}

describe('routing interceptors', () => {
  it('moves to the next target on a retryable failure, at once', async () => {
    const a = target('a');
    const b = target('b');
    const g = group('g', [a, b]);
    const { send, calls } = scripted((t) => {
      if (t === a) throw upstream(500);
    });
    const reply = await dispatcher(new ScriptedBreakers(), { groups: new Map() }, send)(context(g), g.targets);
    expect(reply.response).toBe('from b/m');
    expect(calls.map((c) => [c.key, c.reason])).toEqual([
      ['a/m', 'first'],
      ['b/m', 'fallback'],
    ]);
  });

  it('never retries a client error', async () => {
    const a = target('a');
    const g = group('g', [a, target('b')]);
    const { send, calls } = scripted(() => {
      throw upstream(400);
    });
    await expect(dispatcher(new ScriptedBreakers(), { groups: new Map() }, send)(context(g), g.targets)).rejects.toMatchObject({ status: 400 });
    expect(calls).toHaveLength(1);
  });

  it('waits for retry-after before trying the same target again', async () => {
    const a = target('a');
    const g = group('g', [a]);
    const { send, calls } = scripted((_t, call) => {
      if (call === 1) throw upstream(429);
    });
    // The provider's header rides on the attempt record, where the retry loop reads it.
    const withHeaders: Dispatch<string> = async (ctx, targets, options) => {
      try {
        return await send(ctx, targets, options);
      } catch (err) {
        ctx.attempts.at(-1)!.headers = { 'retry-after-ms': '300' };
        throw err;
      }
    };
    const reply = await dispatcher(new ScriptedBreakers(), { groups: new Map() }, withHeaders)(context(g), g.targets);
    expect(reply.response).toBe('from a/m');
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(299);
    expect(calls[1]!.reason).toBe('retry');
  });

  it('gives up with the last failure when retry-after is past the deadline', async () => {
    const a = target('a');
    const g = group('g', [a], { retries: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 50, totalDeadlineMs: 100 } });
    const { send, calls } = scripted(() => {
      throw upstream(429);
    });
    const withHeaders: Dispatch<string> = async (ctx, targets, options) => {
      try {
        return await send(ctx, targets, options);
      } catch (err) {
        ctx.attempts.at(-1)!.headers = { 'retry-after': '30' };
        throw err;
      }
    };
    await expect(dispatcher(new ScriptedBreakers(), { groups: new Map() }, withHeaders)(context(g), g.targets)).rejects.toMatchObject({ upstreamStatus: 429 });
    expect(calls).toHaveLength(1);
  });

  it('counts every attempt against max_attempts', async () => {
    const g = group('g', [target('a'), target('b')], { retries: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1, totalDeadlineMs: 5_000 } });
    const { send, calls } = scripted(() => {
      throw upstream(503);
    });
    await expect(dispatcher(new ScriptedBreakers(), { groups: new Map() }, send)(context(g), g.targets)).rejects.toMatchObject({ upstreamStatus: 503 });
    expect(calls.map((c) => c.key)).toEqual(['a/m', 'b/m', 'a/m']);
  });

  it('skips a target whose breaker is open, and fails fast with retry-after when all are', async () => {
    const a = target('a');
    const b = target('b');
    const g = group('g', [a, b], { breaker: { consecutiveFailures: 1, errorRate: 0.5, minRequests: 1, windowMs: 1000, cooldownMs: 1000 } });
    const breakers = new ScriptedBreakers();
    breakers.open.add('a/m');
    const { send, calls } = scripted(() => {});
    expect((await dispatcher(breakers, { groups: new Map() }, send)(context(g), g.targets)).response).toBe('from b/m');
    expect(calls.map((c) => c.key)).toEqual(['b/m']);
    breakers.open.add('b/m');
    await expect(dispatcher(breakers, { groups: new Map() }, send)(context(g), g.targets)).rejects.toMatchObject({ status: 503, retryAfterSeconds: 7 });
  });

  it('reports only unhealthy failures to the breakers', async () => {
    const a = target('a');
    const g = group('g', [a], { breaker: { consecutiveFailures: 5, errorRate: 0.5, minRequests: 1, windowMs: 1000, cooldownMs: 1000 } });
    const breakers = new ScriptedBreakers();
    const fails = (status: number) =>
      scripted(() => {
        throw upstream(status);
      }).send;
    await expect(dispatcher(breakers, { groups: new Map() }, fails(400))(context(g), g.targets)).rejects.toBeTruthy();
    await expect(
      dispatcher(breakers, { groups: new Map() }, fails(500))(context({ ...g, retries: { ...g.retries, maxAttempts: 1 } }), g.targets),
    ).rejects.toBeTruthy();
    expect(breakers.records).toEqual([
      ['a/m', false],
      ['a/m', true],
    ]);
  });

  it('falls back by cause: context window to the long-context alias, anything else to `any`', async () => {
    const a = target('a');
    const long = group('long', [target('long')]);
    const cheap = group('cheap', [target('cheap')]);
    const g = group('g', [a], {
      fallbacks: { context_window: 'long', any: 'cheap' },
      retries: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1, totalDeadlineMs: 1000 },
    });
    const groups = new Map([
      ['long', long],
      ['cheap', cheap],
    ]);
    const tooLong = Object.assign(
      new GatewayError('upstream_bad_request', 400, "This model's maximum context length is 8192 tokens.", {
        upstreamStatus: 400,
        upstreamType: 'context_length_exceeded',
      }),
    );
    let run = scripted((t) => {
      if (t === a) throw tooLong;
    });
    expect((await dispatcher(new ScriptedBreakers(), { groups }, run.send)(context(g), g.targets)).response).toBe('from long/m');
    expect(run.calls.map((c) => c.reason)).toEqual(['first', 'context_window']);
    run = scripted((t) => {
      if (t === a) throw upstream(529);
    });
    expect((await dispatcher(new ScriptedBreakers(), { groups }, run.send)(context(g), g.targets)).response).toBe('from cheap/m');
    expect(run.calls.map((c) => c.reason)).toEqual(['first', 'any']);
  });

  it('keeps residency on fallbacks: a fallback target outside the allowed regions is never called', async () => {
    const a = target('a', 'eu-west-1');
    const us = group('us', [target('us', 'us-east-1')]);
    const g = group('g', [a], { fallbacks: { any: 'us' }, retries: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1, totalDeadlineMs: 1000 } });
    const { send, calls } = scripted(() => {
      throw upstream(500);
    });
    const ctx = context(g);
    ctx.route!.allows = (t) => t.region?.startsWith('eu-') === true;
    await expect(dispatcher(new ScriptedBreakers(), { groups: new Map([['us', us]]) }, send)(ctx, g.targets)).rejects.toMatchObject({ upstreamStatus: 500 });
    expect(calls.map((c) => c.key)).toEqual(['a/m']);
  });

  it('hedges a slow first attempt on the next target and cancels the loser', async () => {
    const slow = target('slow');
    const fast = target('fast');
    const g = group('g', [slow, fast], { hedge: { afterMs: 30 } });
    let slowCancelled = false;
    const { send, calls } = scripted(
      (t, _call, signal) =>
        new Promise<void>((resolve, reject) => {
          if (t === fast) return resolve();
          signal?.addEventListener('abort', () => {
            slowCancelled = true;
            reject(new GatewayError('client_closed', 499, 'cancelled'));
          });
        }),
    );
    const reply = await dispatcher(new ScriptedBreakers(), { groups: new Map() }, send)(context(g), g.targets);
    expect(reply.response).toBe('from fast/m');
    expect(calls.map((c) => [c.key, c.reason])).toEqual([
      ['slow/m', 'first'],
      ['fast/m', 'hedge'],
    ]);
    await new Promise((r) => setTimeout(r, 5));
    expect(slowCancelled).toBe(true);
  });
});
