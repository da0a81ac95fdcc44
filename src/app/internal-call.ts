/**
 * What the gateway's own calls on a caller's behalf (the judge's chat, the cache's embedding) have
 * in common: a child request of the caller's, with an id of its own, that ends when the parent
 * ends, when the calling feature's signal aborts, or when its time cap passes; then it runs the
 * plan from decode on (runInternal) and its answer or error is handed back.
 */
import type { GatewayError } from '../core/errors.js';
import { clientClosed, type OperationName, type RequestContext } from '../pipeline/context.js';
import { runInternal } from '../pipeline/internal-run.js';
import type { RoutePlan } from '../pipeline/route-plan.js';

/** One internal call: what it sends, as which child, and what ends it early. */
export interface InternalCall<Req, Res> {
  /** The plan of `operation`; undefined until the gateway serves (the plans are built after the features). */
  plan: RoutePlan<Req, Res> | undefined;
  parent: RequestContext;
  operation: OperationName;
  /** The child's id; called only once the call is sure to start, so a call not made uses no id. */
  childId: (parent: RequestContext) => string;
  request: Req;
  timeoutMs: number;
  /** The error the child ends with when its time cap passes. */
  timedOut: () => GatewayError;
  /** The calling feature's own signal, with the error the child ends with when it aborts. */
  signal?: { signal: AbortSignal; cancelled: () => GatewayError };
  /** Set up the child before it runs (the judge's is exempted from the guardrails). */
  prepare?: (ctx: RequestContext<Req, Res>) => void;
  /** The error thrown when the plan answers a stream instead of a response. */
  streamed: () => Error;
}

/**
 * Runs one internal call and returns its response; throws the child's error, or, without starting,
 * when there is no plan yet or the parent (or the signal) has already ended.
 */
export async function runInternalCall<Req, Res>(call: InternalCall<Req, Res>): Promise<Res> {
  const { plan, parent, signal } = call;
  if (!plan) throw new Error(`the gateway is not serving yet: no ${call.operation} plan`);
  // The caller is gone or out of time, or the feature gave up: nothing to call for, and nothing to bill.
  if (parent.abortReason) throw parent.abortReason;
  if (signal?.signal.aborted) throw signal.cancelled();
  const ctx = parent.child<Req, Res>({
    requestId: call.childId(parent),
    startedAt: performance.now(),
    time: Date.now(),
    operation: call.operation,
    ingress: 'openai',
  });
  call.prepare?.(ctx);
  const followParent = () => ctx.abort(parent.abortReason ?? clientClosed());
  const followSignal = () => {
    if (signal) ctx.abort(signal.cancelled());
  };
  parent.signal.addEventListener('abort', followParent, { once: true });
  signal?.signal.addEventListener('abort', followSignal, { once: true });
  const timer = setTimeout(() => ctx.abort(call.timedOut()), call.timeoutMs);
  timer.unref();
  try {
    const result = await runInternal(plan, ctx, call.request);
    if (result.type === 'error') throw result.error;
    if (result.type !== 'response') throw call.streamed();
    return result.response;
  } finally {
    clearTimeout(timer);
    parent.signal.removeEventListener('abort', followParent);
    signal?.signal.removeEventListener('abort', followSignal);
  }
}

/**
 * The child ids of one kind of internal call: `<parent id><suffix>`, then `<suffix>2`, ..., so each
 * call for the same parent is its own row in the request log.
 */
export function childIds(suffix: string): (parent: RequestContext) => string {
  const callsOf = new WeakMap<RequestContext, number>();
  return (parent) => {
    const calls = (callsOf.get(parent) ?? 0) + 1;
    callsOf.set(parent, calls);
    return calls === 1 ? `${parent.id}${suffix}` : `${parent.id}${suffix}${calls}`;
  };
}
