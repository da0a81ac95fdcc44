/**
 * The innermost routing interceptor: tells the breakers and the statistics about every attempt
 * that reaches a target (hedges included), so the outer interceptors only decide.
 */
import type { Target } from '../config/compile.js';
import type { AttemptRecord, RequestContext } from '../pipeline/context.js';
import type { Dispatch, Interceptor } from '../pipeline/contract.js';
import { failureCause } from './failure-cause.js';
import type { Breakers, TargetStats } from './health-contract.js';

/** What the measuring interceptor reports to. */
export interface MeasureDeps {
  breakers: Breakers;
  stats: TargetStats;
}

/** This call's own attempt: the newest one for the target (a hedge runs two at once, on different targets). */
function attemptOf(ctx: RequestContext, target: Target, from: number): AttemptRecord | undefined {
  for (let i = ctx.attempts.length - 1; i >= from; i--) if (ctx.attempts[i]!.target === target) return ctx.attempts[i];
  return undefined;
}

/** A stand-in record when the attempt never started, so the in-flight count still comes down. */
function orphan(target: Target): AttemptRecord {
  return {
    providerId: target.providerId,
    providerType: target.compiled.settings.type,
    model: target.model,
    durationMs: 0,
    startedAt: performance.now(),
    target,
    cancelled: true,
  };
}

/** The measuring interceptor. */
export function measuring(deps: MeasureDeps): Interceptor {
  const { breakers, stats } = deps;
  return <Res>(next: Dispatch<Res>): Dispatch<Res> =>
    async (ctx, targets, options) => {
      const target = targets[0]!;
      const settings = (options?.group ?? ctx.route?.group)?.breaker;
      const from = ctx.attempts.length;
      stats.begin(target);
      try {
        const reply = await next(ctx, targets, options);
        const attempt = attemptOf(ctx as RequestContext, target, from);
        const now = Date.now();
        stats.end(target, attempt ?? orphan(target), now);
        if (settings) breakers.record(target, settings, false, now);
        return reply;
      } catch (err) {
        const attempt = attemptOf(ctx as RequestContext, target, from);
        const now = Date.now();
        stats.end(target, attempt ?? orphan(target), now);
        // A retryable failure says the target is unhealthy; a client error says it answered (a half-open probe
        // passes); a cancelled attempt or one that never left the gateway says nothing about it.
        if (settings && attempt && !attempt.cancelled && attempt.stage !== 'encode') {
          const cause = failureCause(attempt, ctx.signal);
          if (cause !== 'final' || !ctx.signal.aborted) breakers.record(target, settings, cause === 'retryable', now);
        }
        throw err;
      }
    };
}
