/**
 * The cache's embedding call through the gateway, on a plan built by hand: a child request of
 * its own (id, operation, record) carrying the caller, authenticate skipped, admit → dispatch →
 * settle → record run once; refusals, the parent's abort and the time cap all throw.
 */
import { describe, expect, it } from 'vitest';
import type { Target } from '../config/compile.js';
import { GatewayError } from '../core/errors.js';
import type { EmbeddingsRequest, EmbeddingsResponse } from '../core/types.js';
import { clientClosed, type RequestContext, slotKey } from '../pipeline/context.js';
import { HOOK_PHASES, type Dispatch, type Hook, type HookPhase } from '../pipeline/contract.js';
import { DeadlineWatch } from '../pipeline/deadline-watch.js';
import { embeddingsOperation } from '../pipeline/operations/embeddings.js';
import { createPhaseEvents } from '../pipeline/phase-events.js';
import type { RoutePlan } from '../pipeline/route-plan.js';
import type { GatewayServices } from '../pipeline/services.js';
import { internalEmbeddings } from './internal-embeddings.js';
import { callerContext } from '../testing/caller-context.js';
import { testTarget } from '../testing/targets.js';

const target: Target = testTarget('p', { timeouts: { connectMs: 1000, firstTokenMs: 60_000, idleMs: 60_000, totalMs: 0 } }, 'text-embedding-3-small');

const WHO = slotKey<string>('test.who', { inherited: true });
const PER_REQUEST = slotKey<string>('test.per-request');

interface Seen {
  phases: string[];
  admitted: Array<{ id: string; operation: string; keyId?: string; who?: string; perRequest?: string; request: EmbeddingsRequest }>;
  recorded: Array<{ id: string; status: number; error?: string; costUsd?: number }>;
}

function setup(dispatch: Dispatch<EmbeddingsResponse>, admit?: Hook<EmbeddingsRequest, EmbeddingsResponse>) {
  const seen: Seen = { phases: [], admitted: [], recorded: [] };
  const hooks = Object.fromEntries(HOOK_PHASES.map((p) => [p, []])) as unknown as Record<HookPhase, Hook<EmbeddingsRequest, EmbeddingsResponse>[]>;
  hooks.authenticate.push({
    name: 'refuse-all',
    run: () => {
      throw new GatewayError('authentication_failed', 401, 'credentials must not be checked again');
    },
  });
  hooks.admit.push({
    name: 'watch-admit',
    run: (ctx) => {
      seen.admitted.push({
        id: ctx.id,
        operation: ctx.operation,
        keyId: ctx.identity?.keyId,
        who: ctx.get(WHO),
        perRequest: ctx.get(PER_REQUEST),
        request: ctx.request,
      });
      return undefined;
    },
  });
  if (admit) hooks.admit.push(admit);
  const observers = [
    { onPhase: (_: unknown, phase: string) => seen.phases.push(phase) },
    {
      onRequestEnd: (ctx: RequestContext) =>
        void seen.recorded.push({
          id: ctx.id,
          status: ctx.status,
          ...(ctx.error ? { error: ctx.error.code } : {}),
          ...(ctx.costUsd !== undefined ? { costUsd: ctx.costUsd } : {}),
        }),
    },
  ];
  const plan: RoutePlan<EmbeddingsRequest, EmbeddingsResponse> = {
    operation: embeddingsOperation,
    hooks,
    dispatch,
    taps: [],
    observers,
    phaseEvents: createPhaseEvents(observers),
    route: (ctx) => {
      ctx.targets = [target];
      return undefined;
    },
    services: { logger: { error() {}, warn() {}, info() {} }, cost: () => 0.25 } as unknown as GatewayServices,
    deadline: new DeadlineWatch(60_000),
  };
  return { plan, seen };
}

/** The caller's context, carrying an inherited slot and a per-request one. */
function parentContext(): RequestContext {
  const parent = callerContext();
  parent.set(WHO, 'resolved key');
  parent.set(PER_REQUEST, 'the parent admission');
  return parent;
}

const answered: Dispatch<EmbeddingsResponse> = async (ctx) => {
  ctx.usage = { inputTokens: 3, outputTokens: 0 };
  return { target, response: { model: 'text-embedding-3-small', embeddings: [[1, 2]], usage: { inputTokens: 3 } } };
};

/** A dispatch that waits until the request is aborted, as a stalled upstream would. */
const stalled: Dispatch<EmbeddingsResponse> = (ctx) =>
  new Promise((_resolve, reject) => {
    if (ctx.signal.aborted) reject(ctx.signal.reason);
    else ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason), { once: true });
  });

describe('embedding through the gateway', () => {
  it('runs a child request as the caller, without authenticating again, and records it as its own', async () => {
    const { plan, seen } = setup(answered);
    const embed = internalEmbeddings({ plan: () => plan });
    const parent = parentContext();
    expect(await embed(parent, 'embed', ['a question'])).toEqual([[1, 2]]);
    expect(seen.admitted).toEqual([
      {
        id: 'req_9-embed',
        operation: 'embeddings',
        keyId: 'key_1',
        who: 'resolved key',
        perRequest: undefined,
        request: { model: 'embed', input: ['a question'] },
      },
    ]);
    expect(seen.phases).not.toContain('authenticate');
    expect(seen.recorded).toEqual([{ id: 'req_9-embed', status: 200, costUsd: 0.25 }]);
    // The parent is untouched: its own outcome, no cost of the child's.
    expect(parent.status).toBe(200);
    expect(parent.costUsd).toBeUndefined();
    await embed(parent, 'embed', ['again']);
    expect(seen.recorded.map((r) => r.id)).toEqual(['req_9-embed', 'req_9-embed2']);
  });

  it('throws a refusal at admission (the lookup then counts a miss) and records it', async () => {
    const refuse: Hook<EmbeddingsRequest, EmbeddingsResponse> = {
      name: 'budget',
      run: () => {
        throw new GatewayError('budget_exceeded', 402, 'The budget is spent.');
      },
    };
    const { plan, seen } = setup(answered, refuse);
    const embed = internalEmbeddings({ plan: () => plan });
    await expect(embed(parentContext(), 'embed', ['q'])).rejects.toMatchObject({ code: 'budget_exceeded', status: 402 });
    expect(seen.recorded).toEqual([{ id: 'req_9-embed', status: 402, error: 'budget_exceeded' }]);
  });

  it('gives up after its time cap, cancelling the call', async () => {
    const { plan, seen } = setup(stalled);
    const embed = internalEmbeddings({ plan: () => plan, timeoutMs: 20 });
    await expect(embed(parentContext(), 'embed', ['q'])).rejects.toMatchObject({ code: 'deadline_exceeded', status: 504 });
    expect(seen.recorded).toEqual([{ id: 'req_9-embed', status: 504, error: 'deadline_exceeded' }]);
  });

  it('follows the parent: aborted with it, or not started when it is already gone', async () => {
    const { plan, seen } = setup(stalled);
    const embed = internalEmbeddings({ plan: () => plan });
    const parent = parentContext();
    const pending = embed(parent, 'embed', ['q']);
    await new Promise((resolve) => setTimeout(resolve, 5));
    parent.abort(new GatewayError('deadline_exceeded', 504, 'The request did not finish in time.'));
    await expect(pending).rejects.toMatchObject({ code: 'deadline_exceeded' });
    const gone = parentContext();
    gone.abort(clientClosed());
    await expect(embed(gone, 'embed', ['q'])).rejects.toMatchObject({ code: 'client_closed' });
    // Only the first was sent: nothing is started for a caller already gone.
    expect(seen.recorded.map((r) => [r.id, r.error])).toEqual([['req_9-embed', 'deadline_exceeded']]);
  });

  it('refuses before the plans exist', async () => {
    const embed = internalEmbeddings({ plan: () => undefined });
    await expect(embed(parentContext(), 'embed', ['q'])).rejects.toThrow(/not serving yet/);
  });
});
