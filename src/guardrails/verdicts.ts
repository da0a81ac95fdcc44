/**
 * What guards tell the caller and the record: the errors a block or a failed guard ends a request
 * with (naming the guard, never the text it matched), the header that names the guard, and the
 * verdicts kept on the context for the request log, traces and metrics.
 */
import { GatewayError } from '../core/errors.js';
import type { GuardVerdict, RequestContext } from '../pipeline/context.js';
import type { Finding } from './engine.js';

/** The response header naming the guard that blocked a request or failed. */
export const GUARDRAIL_HEADER = 'x-switchboard-guardrail';

/** A new verdict for a guard at a stage, added to the request's list. */
export function addVerdict(ctx: RequestContext, guard: string, stage: GuardVerdict['stage']): GuardVerdict {
  const verdict: GuardVerdict = { guard, stage, outcome: 'pass' };
  (ctx.guardrailVerdicts ??= []).push(verdict);
  return verdict;
}

/** Counts findings by type into the verdict (types only: never the values). */
export function countFindings(verdict: GuardVerdict, findings: readonly Finding[]): void {
  if (findings.length === 0) return;
  const counts = (verdict.findings ??= {});
  for (const finding of findings) {
    counts[finding.type] = (counts[finding.type] ?? 0) + 1;
    if (finding.score !== undefined && (verdict.score === undefined || finding.score > verdict.score)) verdict.score = finding.score;
  }
}

/** The distinct finding types, sorted, for a message. */
function typesOf(findings: readonly Finding[]): string {
  return [...new Set(findings.map((f) => f.type))].sort().join(', ');
}

/** The 400 a block ends a request with; the header names the guard. */
export function blockedError(ctx: RequestContext, guard: string, stage: GuardVerdict['stage'], findings: readonly Finding[]): GatewayError {
  ctx.responseHeaders[GUARDRAIL_HEADER] = guard;
  const what = stage === 'input' ? 'The request was' : 'The answer was';
  const found = findings.length > 0 ? ` (found: ${typesOf(findings)})` : '';
  return new GatewayError('guardrail_blocked', 400, `${what} blocked by guardrail '${guard}'${found}.`);
}

/** The 503 a guard that failed closed ends a request with; the reason is the guard's own (a timeout, a status), never request text. */
export function unavailableError(ctx: RequestContext, guard: string, stage: GuardVerdict['stage'], reason: string): GatewayError {
  ctx.responseHeaders[GUARDRAIL_HEADER] = guard;
  const what = stage === 'input' ? 'request' : 'answer';
  return new GatewayError(
    'guardrail_unavailable',
    503,
    `Guardrail '${guard}' could not check the ${what} (${reason}); it fails closed, so the ${what} was blocked.`,
  );
}

/** A short, loggable reason for a guard's failure: its message cut to 200 characters. */
export function failureReason(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.length > 200 ? `${message.slice(0, 197)}...` : message;
}
