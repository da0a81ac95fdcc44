/**
 * The LLM judge guard calls its chat alias through the gateway's own chat plan, as the caller of
 * the request being checked: a child request (`<id>-guard`, an id the admin API can look up) that
 * is admitted against the caller's limits and budgets, dispatched with the alias's routing,
 * settled in the ledger (billed to the caller) and written to the request log as its own row. It
 * never re-checks credentials, and it is exempt from the guardrails: the judge reads the very text
 * under test, and guarding its call would loop.
 */
import { GatewayError } from '../core/errors.js';
import type { ChatRequest, ChatResponse, Message } from '../core/types.js';
import type { JudgeThroughGateway } from '../guardrails/external/llm-judge.js';
import { exemptFromGuardrails } from '../guardrails/exempt.js';
import { clientClosed, type RequestContext } from '../pipeline/context.js';
import { runInternal } from '../pipeline/internal-run.js';
import type { RoutePlan } from '../pipeline/route-plan.js';

/**
 * A backstop only: the guard passes its own timeout_ms (at most 60 s) through the signal, and
 * that is the bound that applies.
 */
export const DEFAULT_JUDGE_TIMEOUT_MS = 60_000;

/** The judge's answer is a short verdict: enough tokens for a JSON object with a reason. */
export const JUDGE_MAX_TOKENS = 256;

/** What the internal chat call is built from. */
export interface InternalChatOptions {
  /** The chat plan; a function, since the plans are built after the guardrails. */
  plan: () => RoutePlan<ChatRequest, ChatResponse> | undefined;
  /** The longest the call may take (the parent's own deadline and abort, and the given signal, still apply). */
  timeoutMs?: number;
}

/** Builds the function the LLM judge guards call. */
export function internalChat(options: InternalChatOptions): JudgeThroughGateway {
  const timeoutMs = options.timeoutMs ?? DEFAULT_JUDGE_TIMEOUT_MS;
  return async (parent: RequestContext, alias: string, messages: Message[], signal: AbortSignal): Promise<string> => {
    const plan = options.plan();
    if (!plan) throw new Error('the gateway is not serving yet: no chat plan');
    // The caller is gone or out of time, or the guard gave up: nothing to judge for, and nothing to bill.
    if (parent.abortReason) throw parent.abortReason;
    if (signal.aborted) throw cancelled(signal, alias);
    const ctx = parent.child<ChatRequest, ChatResponse>({
      requestId: childId(parent),
      startedAt: performance.now(),
      time: Date.now(),
      operation: 'chat',
      ingress: 'openai',
    });
    exemptFromGuardrails(ctx);
    const followParent = () => ctx.abort(parent.abortReason ?? clientClosed());
    const followSignal = () => ctx.abort(cancelled(signal, alias));
    parent.signal.addEventListener('abort', followParent, { once: true });
    signal.addEventListener('abort', followSignal, { once: true });
    const timer = setTimeout(
      () => ctx.abort(new GatewayError('deadline_exceeded', 504, `The guard's judge call to '${alias}' did not finish within ${timeoutMs} ms.`)),
      timeoutMs,
    );
    timer.unref();
    try {
      const request: ChatRequest = { model: alias, messages, stream: false, temperature: 0, maxTokens: JUDGE_MAX_TOKENS };
      const result = await runInternal(plan, ctx, request);
      if (result.type === 'error') throw result.error;
      if (result.type !== 'response') throw new Error(`the judge alias '${alias}' answered a stream`);
      return result.response.text;
    } finally {
      clearTimeout(timer);
      parent.signal.removeEventListener('abort', followParent);
      signal.removeEventListener('abort', followSignal);
    }
  };
}

/** The error the child is aborted with when the guard cancels it: the signal's own, if it is a GatewayError. */
function cancelled(signal: AbortSignal, alias: string): GatewayError {
  if (signal.reason instanceof GatewayError) return signal.reason;
  return new GatewayError('deadline_exceeded', 504, `The guard cancelled its judge call to '${alias}'.`);
}

/** Counts the judge calls made for one parent request, so each has an id of its own. */
const callsOf = new WeakMap<RequestContext, number>();

/** `<parent id>-guard`, then `-guard2`, ...: input and output checks each call, and each call is its own row in the log. */
function childId(parent: RequestContext): string {
  const calls = (callsOf.get(parent) ?? 0) + 1;
  callsOf.set(parent, calls);
  return calls === 1 ? `${parent.id}-guard` : `${parent.id}-guard${calls}`;
}
