/**
 * The one runner every operation goes through: authenticate → decode → prepare → route → admit → check
 * input → lookup → dispatch → check output (stream taps) → store → settle and record. A hook may
 * end the request early with a result; settle and record run exactly once, in `finally`, with
 * the outcome, whatever happened (a throw, a client that left, a stream cut half-way).
 */
import { toGatewayError } from '../core/errors.js';
import type { RequestContext } from './context.js';
import type { HookPhase, PipelineResult } from './contract.js';
import type { PhaseEvents } from './phase-events.js';
import type { RoutePlan } from './route-plan.js';
import { runHooks } from './run-hooks.js';
import { streamReply } from './stream.js';
import { tappedStream } from './tapped-stream.js';

/** How the runner reaches the caller; the server implements it over node:http. */
export interface RequestIO<Req, Res> {
  /** Reads and parses the body (only after authenticate let the request in). */
  readBody(): Promise<unknown>;
  /** Turns the parsed body into the operation's canonical request. */
  decode(body: unknown): Req;
  /** Writes the result; a promise (for streams) resolves after the last byte. */
  respond(result: PipelineResult<Res>, ctx: RequestContext<Req, Res>): Promise<void> | undefined;
}

/**
 * Runs one phase's hooks between its start and end events. Synchronous when the phase has no
 * hooks or they all finish synchronously, so an empty phase costs no promise turn.
 */
function phase<Req, Res>(plan: RoutePlan<Req, Res>, name: HookPhase, ctx: RequestContext<Req, Res>, events?: PhaseEvents): Early<Res> | Promise<Early<Res>> {
  const hooks = plan.hooks[name];
  events?.start(ctx, name);
  if (hooks.length === 0) {
    events?.end(ctx, name, false);
    return undefined;
  }
  const outcome = runHooks(hooks, ctx);
  if (!events) return outcome;
  if (!(outcome instanceof Promise)) {
    events.end(ctx, name, outcome !== undefined);
    return outcome;
  }
  return outcome.then((result) => {
    events.end(ctx, name, result !== undefined);
    return result;
  });
}

type Early<Res> = PipelineResult<Res> | undefined;

/** The phases between routing and dispatch, in order. */
const BEFORE_DISPATCH: readonly HookPhase[] = ['admit', 'checkInput', 'lookup'];

/** Runs only the authenticate phase, for routes that are not operations (GET /v1/models). Throws when the caller is refused. */
export async function authenticateOnly<Req, Res>(plan: RoutePlan<Req, Res>, ctx: RequestContext<Req, Res>): Promise<void> {
  const early = await phase(plan, 'authenticate', ctx, plan.phaseEvents.watching() ? plan.phaseEvents : undefined);
  if (early?.type === 'error') throw early.error;
}

/** How a request enters the runner. */
export interface RunOptions {
  /**
   * The caller is already known (a request the gateway makes on its behalf, with the identity
   * and inherited slots set): the authenticate phase is skipped, never re-checking credentials.
   */
  authenticated?: boolean;
}

/** Runs the phases up to the result the server writes. Throws for errors. */
async function runPhases<Req, Res>(
  plan: RoutePlan<Req, Res>,
  ctx: RequestContext<Req, Res>,
  io: RequestIO<Req, Res>,
  options: RunOptions | undefined,
): Promise<PipelineResult<Res>> {
  // Decided once per request: while nobody watches, phases take no timings at all.
  const events = plan.phaseEvents.watching() ? plan.phaseEvents : undefined;
  let early: Early<Res> | Promise<Early<Res>>;
  if (!options?.authenticated) {
    early = phase(plan, 'authenticate', ctx, events);
    if (early instanceof Promise) early = await early;
    if (early) return early;
  }

  events?.start(ctx, 'decode');
  const body = await io.readBody();
  const model = (body as { model?: unknown } | null)?.model;
  if (typeof model === 'string') ctx.modelRequested = model;
  ctx.request = io.decode(body);
  ctx.stream = plan.operation.streams(ctx.request);
  events?.end(ctx, 'decode', false);

  // Before routing and admission: a stored prompt or an experiment may choose the model, and the
  // conversation history adds input, so targets and reservations are worked out on what is sent.
  early = phase(plan, 'prepare', ctx, events);
  if (early instanceof Promise) early = await early;
  if (early) return early;
  const unroutable = plan.route(ctx);
  if (unroutable) throw unroutable;

  for (const name of BEFORE_DISPATCH) {
    early = phase(plan, name, ctx, events);
    if (early instanceof Promise) early = await early;
    if (early) return name === 'lookup' && early.type !== 'error' ? servedByLookup(plan, ctx, early, events) : early;
  }

  events?.start(ctx, 'dispatch');
  const reply = await plan.dispatch(ctx as RequestContext<unknown, Res>, ctx.targets);
  events?.end(ctx, 'dispatch', false);
  ctx.target = reply.target;
  ctx.modelServed ??= reply.target.model;
  if (reply.upstream) return { type: 'stream', events: streamReply(plan, ctx, reply) };

  ctx.response = reply.response;
  applyCost(plan, ctx);
  early = phase(plan, 'checkOutput', ctx, events);
  if (early instanceof Promise) early = await early;
  if (early) return early;
  const stored = phase(plan, 'store', ctx, events);
  if (stored instanceof Promise) await stored;
  // Check output may have replaced the answer (a guardrail's redaction).
  return { type: 'response', response: ctx.response as Res };
}

/**
 * An answer a lookup hook found (a cache hit) is served like a dispatched one: a stream goes
 * through the taps and the store phase at its end, a body through check output and store, so
 * output checks, first-token timing, usage and the Responses API's stored state all see it.
 */
async function servedByLookup<Req, Res>(
  plan: RoutePlan<Req, Res>,
  ctx: RequestContext<Req, Res>,
  served: PipelineResult<Res> & { type: 'response' | 'stream' },
  events: PhaseEvents | undefined,
): Promise<PipelineResult<Res>> {
  if (served.type === 'stream') return { type: 'stream', events: tappedStream(plan, ctx, served.events) };
  ctx.response = served.response;
  let early = phase(plan, 'checkOutput', ctx, events);
  if (early instanceof Promise) early = await early;
  if (early) return early;
  const stored = phase(plan, 'store', ctx, events);
  if (stored instanceof Promise) await stored;
  return ctx.response === served.response ? served : { type: 'response', response: ctx.response as Res };
}

function applyCost<Req, Res>(plan: RoutePlan<Req, Res>, ctx: RequestContext<Req, Res>): void {
  if (!ctx.usage || !ctx.target || ctx.costUsd !== undefined) return;
  const cost = plan.services.cost(ctx.target.compiled, ctx.target.model, ctx.usage);
  ctx.costUsd = cost === undefined || ctx.discardedCostUsd === 0 ? cost : cost + ctx.discardedCostUsd;
}

/** The server-timing header value: the gateway's own time and the time spent on upstreams. */
export function serverTiming(ctx: RequestContext): string {
  const total = performance.now() - ctx.startedAt;
  const gateway = `gateway;dur=${Math.max(0, total - ctx.upstreamMs).toFixed(2)}`;
  return ctx.upstreamMs > 0 ? `${gateway}, upstream;dur=${ctx.upstreamMs.toFixed(2)}` : gateway;
}

function setAnswerHeaders(ctx: RequestContext, result: PipelineResult): void {
  const headers = ctx.responseHeaders;
  // Failed requests say how many attempts they made too: a client can tell "tried three targets" from "refused at once".
  if (ctx.attempts.length > 0) headers['x-switchboard-attempts'] = ctx.attempts.length;
  if (result.type !== 'error' && ctx.target) {
    headers['x-switchboard-provider'] = ctx.target.providerId;
    if (ctx.modelServed) headers['x-switchboard-model'] = safeHeaderValue(ctx.modelServed);
    if (result.type === 'response' && ctx.costUsd !== undefined) headers['x-switchboard-cost-usd'] = ctx.costUsd.toFixed(8);
  }
  headers['server-timing'] = serverTiming(ctx);
}

/** Anything outside visible ASCII (and tab) is not a valid header byte for every client. */
const UNSAFE_HEADER_VALUE = /[^\t\x20-\x7e]/;

/**
 * A header value that echoes request or upstream data (a model name such as `ollama/模型`),
 * percent-encoded when node:http would refuse to write it, so the answer still goes out.
 */
export function safeHeaderValue(value: string): string {
  return UNSAFE_HEADER_VALUE.test(value) ? encodeURIComponent(value) : value;
}

/** Runs one request through its plan. Never throws: every outcome is answered and recorded. */
export async function runRequest<Req, Res>(
  plan: RoutePlan<Req, Res>,
  ctx: RequestContext<Req, Res>,
  io: RequestIO<Req, Res>,
  options?: RunOptions,
): Promise<void> {
  const watched = plan.deadline.add(ctx as RequestContext<unknown, unknown>);
  let result: PipelineResult<Res>;
  try {
    plan.phaseEvents.requestStart(ctx as RequestContext);
    result = await runPhases(plan, ctx, io, options);
  } catch (err) {
    result = { type: 'error', error: ctx.abortReason ?? toGatewayError(err) };
  }
  try {
    if (result.type === 'error') ctx.fail(result.error);
    setAnswerHeaders(ctx as RequestContext, result as PipelineResult);
    if (ctx.abortReason?.code !== 'client_closed') {
      const written = io.respond(result, ctx);
      if (written instanceof Promise) await written;
    }
  } catch (err) {
    ctx.fail(ctx.abortReason ?? toGatewayError(err));
  } finally {
    plan.deadline.remove(watched);
    const reason = ctx.abortReason;
    if (reason && (reason.code === 'client_closed' || !ctx.error)) ctx.fail(reason);
    applyCost(plan, ctx);
    const settled = settleAndRecord(plan, ctx);
    if (settled instanceof Promise) await settled;
  }
}

/** Runs the settle hooks, then the record step; while the settle hooks finish synchronously it takes no promise turn. */
function settleAndRecord<Req, Res>(plan: RoutePlan<Req, Res>, ctx: RequestContext<Req, Res>): Promise<void> | undefined {
  const settled = settle(plan, ctx, 0);
  if (settled instanceof Promise) return settled.then(() => record(plan, ctx));
  record(plan, ctx);
  return undefined;
}

/** Runs every settle hook from `from` on; a failing one is logged and the rest still run. */
function settle<Req, Res>(plan: RoutePlan<Req, Res>, ctx: RequestContext<Req, Res>, from: number): Promise<void> | undefined {
  const hooks = plan.hooks.settle;
  for (let i = from; i < hooks.length; i++) {
    const hook = hooks[i]!;
    const failed = (err: unknown) => plan.services.logger.error({ requestId: ctx.id, hook: hook.name, err }, 'settle hook failed');
    let outcome: unknown;
    try {
      outcome = hook.run(ctx);
    } catch (err) {
      failed(err);
      continue;
    }
    if (outcome instanceof Promise)
      return outcome.then(
        () => settle(plan, ctx, i + 1),
        (err: unknown) => {
          failed(err);
          return settle(plan, ctx, i + 1);
        },
      );
  }
  return undefined;
}

/** The record step: the internal-error log line and the observers. */
function record<Req, Res>(plan: RoutePlan<Req, Res>, ctx: RequestContext<Req, Res>): void {
  const { logger } = plan.services;
  // Internal errors reach the client as a bare "internal error"; their cause is logged once, here.
  if (ctx.error?.code === 'internal_error') logger.error({ requestId: ctx.id, operation: ctx.operation, err: ctx.error.cause ?? ctx.error }, 'internal error');
  for (const observer of plan.observers) {
    try {
      observer.onRequestEnd?.(ctx as RequestContext);
    } catch (err) {
      logger.error({ requestId: ctx.id, err }, 'request observer failed');
    }
  }
  plan.phaseEvents.requestEnd(ctx);
}
