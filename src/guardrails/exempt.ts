/**
 * Requests the guardrails make themselves (an LLM judge's call through an alias) are not guarded
 * again: the judge reads the very text under test, and guarding it would loop. The internal call
 * marks its child context with this slot; the guardrail hooks and taps skip such requests.
 */
import { type RequestContext, slotKey } from '../pipeline/context.js';

const EXEMPT = slotKey<true>('guardrails.exempt');

/** Marks a request the gateway makes for a guard, so no guard checks it. */
export function exemptFromGuardrails(ctx: RequestContext): void {
  ctx.set(EXEMPT, true);
}

/** Whether the request is a guard's own call. */
export function isExemptFromGuardrails(ctx: RequestContext): boolean {
  return ctx.get(EXEMPT) === true;
}
