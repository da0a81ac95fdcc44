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
import type { RequestContext } from '../pipeline/context.js';
import type { RoutePlan } from '../pipeline/route-plan.js';
import { childIds, runInternalCall } from './internal-call.js';

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
    const response = await runInternalCall<ChatRequest, ChatResponse>({
      plan: options.plan(),
      parent,
      operation: 'chat',
      childId: guardChildId,
      request: { model: alias, messages, stream: false, temperature: 0, maxTokens: JUDGE_MAX_TOKENS },
      timeoutMs,
      timedOut: () => new GatewayError('deadline_exceeded', 504, `The guard's judge call to '${alias}' did not finish within ${timeoutMs} ms.`),
      signal: { signal, cancelled: () => cancelled(signal, alias) },
      // The judge reads the very text under test: guarding its call would loop.
      prepare: exemptFromGuardrails,
      streamed: () => new Error(`the judge alias '${alias}' answered a stream`),
    });
    return response.text;
  };
}

/** The error the child is aborted with when the guard cancels it: the signal's own, if it is a GatewayError. */
function cancelled(signal: AbortSignal, alias: string): GatewayError {
  if (signal.reason instanceof GatewayError) return signal.reason;
  return new GatewayError('deadline_exceeded', 504, `The guard cancelled its judge call to '${alias}'.`);
}

/** `<parent id>-guard`, then `-guard2`, ...: input and output checks each call, and each call is its own row in the log. */
const guardChildId = childIds('-guard');
