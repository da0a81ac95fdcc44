/**
 * Fallbacks by cause, the outermost routing interceptor: when a group's own targets fail, the
 * alias configured for the cause serves the request instead — `context_window` when the prompt
 * does not fit, `content_filter` when the provider's filter refused (an error, or a non-streamed
 * answer that finished with content_filter), `any` for every other failure worth another try.
 * Fallback aliases may use other providers and formats; the ingress encodes whatever answers
 * in the client's own format. Residency and rule filters apply to the fallback's targets too.
 */
import type { RuntimePlan, Target } from '../config/compile.js';
import { toGatewayError } from '../core/errors.js';
import type { AttemptReason, RequestContext } from '../pipeline/context.js';
import type { AttemptOptions, Dispatch, Interceptor, Reply } from '../pipeline/contract.js';
import type { CostFunction } from '../pipeline/services.js';
import { failureCause } from './failure-cause.js';
import type { CauseFallbacks } from '../config/model-group.js';
import type { ModelGroup } from '../config/compile.js';
import { MAX_FALLBACK_DEPTH } from './router.js';

/** What the fallback interceptor needs. */
export interface CauseFallbackDeps {
  plan: RuntimePlan;
  cost: CostFunction;
}

type Cause = keyof CauseFallbacks;

/** The fallback alias for a failure, by its cause; undefined when the failure is final. */
function fallbackFor(ctx: RequestContext, group: ModelGroup, err: unknown): { alias: string; cause: Cause } | undefined {
  if (ctx.signal.aborted) return undefined;
  const attempt = ctx.attempts.at(-1);
  // The retry loop can fail with no new attempt (every breaker open): that is a target failure too.
  const cause = attempt?.error === err ? failureCause(attempt, ctx.signal) : toGatewayError(err).status >= 500 ? 'retryable' : 'final';
  const { fallbacks } = group;
  if (cause === 'context_window') return fallbacks.context_window ? { alias: fallbacks.context_window, cause } : undefined;
  if (cause === 'content_filter') return fallbacks.content_filter ? { alias: fallbacks.content_filter, cause } : undefined;
  if (cause === 'retryable' || cause === 'unsuitable') return fallbacks.any ? { alias: fallbacks.any, cause: 'any' } : undefined;
  return undefined;
}

/** The cause-fallback interceptor. */
export function causeFallback(deps: CauseFallbackDeps): Interceptor {
  return <Res>(next: Dispatch<Res>): Dispatch<Res> => {
    const serve = async (
      ctx: RequestContext<unknown, Res>,
      targets: readonly Target[],
      options: AttemptOptions | undefined,
      depth: number,
    ): Promise<Reply<Res>> => {
      const group = options?.group ?? ctx.route?.group;
      if (!group) return next(ctx, targets, options);
      let reply: Reply<Res>;
      try {
        reply = await next(ctx, targets, options);
      } catch (err) {
        const fallback = depth < MAX_FALLBACK_DEPTH ? fallbackFor(ctx as RequestContext, group, err) : undefined;
        const fallbackGroup = fallback && deps.plan.groups.get(fallback.alias);
        const allowed = fallbackGroup && admitted(ctx as RequestContext, fallbackGroup.targets);
        if (!fallback || !allowed || allowed.length === 0) throw err;
        return serve(ctx, allowed, { ...options, group: fallbackGroup, reason: fallback.cause as AttemptReason }, depth + 1);
      }
      // A non-streamed answer the provider's filter refused: pay for it, and ask the configured alternative.
      const alias = group.fallbacks.content_filter;
      if (alias && reply.response !== undefined && ctx.finishReason === 'content_filter' && depth < MAX_FALLBACK_DEPTH) {
        const fallbackGroup = deps.plan.groups.get(alias);
        const allowed = fallbackGroup && admitted(ctx as RequestContext, fallbackGroup.targets);
        if (fallbackGroup && allowed && allowed.length > 0) {
          discard(deps, ctx as RequestContext, reply.target);
          return serve(ctx, allowed, { ...options, group: fallbackGroup, reason: 'content_filter' }, depth + 1);
        }
      }
      return reply;
    };
    return (ctx, targets, options) => serve(ctx, targets, options, 0);
  };
}

/** The targets the request's route lets it reach (residency, rule tags). */
function admitted(ctx: RequestContext, targets: readonly Target[]): readonly Target[] {
  const allows = ctx.route?.allows;
  return allows ? targets.filter(allows) : targets;
}

/** Books a refused answer's cost and clears what its decode recorded, before another target answers. */
function discard(deps: CauseFallbackDeps, ctx: RequestContext, target: Target): void {
  if (ctx.usage) ctx.discardedCostUsd += deps.cost(target.compiled, target.model, ctx.usage) ?? 0;
  ctx.usage = undefined;
  ctx.finishReason = undefined;
  ctx.modelServed = undefined;
  ctx.response = undefined;
}
