/**
 * The ordered-fallback interceptor: try each target in turn until one answers. A failure moves
 * on when another target could do better: the target could not take the request (it failed to
 * encode it, or to fetch what it needed), or the upstream was rate limited, failing (5xx) or
 * unreachable. Anything else (a 400 the next target would refuse alike, a client that left) is
 * final.
 */
import { GatewayError } from '../core/errors.js';
import type { Target } from '../config/compile.js';
import type { AttemptRecord, RequestContext } from '../pipeline/context.js';
import type { Dispatch, Interceptor, Reply } from '../pipeline/contract.js';

/** Whether a failed attempt is worth trying the next target for. */
export function worthFallingBack(attempt: AttemptRecord | undefined, signal: AbortSignal): boolean {
  if (!attempt?.error || signal.aborted) return false;
  if (attempt.stage === 'encode') return true;
  const status = attempt.error.status;
  return status === 429 || status >= 500;
}

/** Tries targets in order; the last failure is the answer when none succeeds. A single target is passed straight through. */
export const fallback: Interceptor = (next) => (ctx, targets) => (targets.length === 1 ? next(ctx, targets) : tryInOrder(next, ctx, targets));

async function tryInOrder<Res>(next: Dispatch<Res>, ctx: RequestContext<unknown, Res>, targets: readonly Target[]): Promise<Reply<Res>> {
  let lastError: unknown;
  for (let i = 0; i < targets.length; i++) {
    try {
      return await next(ctx, [targets[i]!]);
    } catch (err) {
      lastError = err;
      if (!worthFallingBack(ctx.attempts.at(-1), ctx.signal)) throw err;
    }
  }
  throw lastError ?? new GatewayError('internal_error', 500, 'No target was tried.');
}
