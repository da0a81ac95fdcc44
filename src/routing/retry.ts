/**
 * The retry interceptor: serves a request from a group's targets within its attempt budget and
 * deadline. Targets are tried in the strategy's order, skipping open breakers; a retryable failure
 * moves on to the next target at once, and coming back to a target already tried waits a
 * full-jitter backoff, never less than the provider's retry-after. A target that cannot take the
 * request is not tried again; client errors and cancellations end it at once.
 */
import type { Target } from '../config/compile.js';
import { GatewayError, toGatewayError } from '../core/errors.js';
import { clientClosed, type RequestContext } from '../pipeline/context.js';
import type { AttemptOptions, Dispatch, Interceptor, Reply } from '../pipeline/contract.js';
import { backoffDelayMs, requestedDelayMs } from './backoff.js';
import { failureCause } from './failure-cause.js';
import type { ModelGroup } from '../config/compile.js';
import { DEFAULT_RETRIES } from '../config/model-group.js';
import type { Breakers } from './health-contract.js';
import type { OrderTargets } from './strategies.js';

/** What the retry loop needs. */
export interface RetryDeps {
  breakers: Breakers;
  order: OrderTargets;
  random?: () => number;
}

/** Waits ms, or rejects with the request's abort reason when it is cancelled first. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** The group for a dispatch without a route (tests, internal calls): try each target once, no breaker. */
function implicitGroup(targets: readonly Target[]): ModelGroup {
  return {
    name: targets[0]?.key ?? '',
    targets,
    strategy: 'fallback',
    retries: { maxAttempts: targets.length, ...DEFAULT_RETRIES },
    breaker: null,
    fallbacks: {},
  };
}

/** The 503 when every target's breaker is open: fail fast, and say when to come back. */
function allOpenError(group: ModelGroup, retryInMs: number): GatewayError {
  const seconds = Math.max(1, Math.ceil(retryInMs / 1000));
  return new GatewayError(
    'upstream_unavailable',
    503,
    `Every target of model '${group.name}' is failing and has been taken out of rotation (circuit breaker open); the next try is in ${seconds} s.`,
    { retryAfterSeconds: seconds },
  );
}

/** Per-target bookkeeping for one request. */
interface Tried {
  count: number;
  /** performance.now() before which the provider asked not to be called again. */
  notBefore: number;
  excluded: boolean;
}

/** The retry interceptor. */
export function retrying(deps: RetryDeps): Interceptor {
  return <Res>(next: Dispatch<Res>): Dispatch<Res> =>
    (ctx, targets, options) =>
      serveGroup(deps, next, ctx, targets, options);
}

async function serveGroup<Res>(
  deps: RetryDeps,
  next: Dispatch<Res>,
  ctx: RequestContext<unknown, Res>,
  targets: readonly Target[],
  options: AttemptOptions | undefined,
): Promise<Reply<Res>> {
  const group = options?.group ?? ctx.route?.group ?? implicitGroup(targets);
  const { retries } = group;
  const deadline = performance.now() + retries.totalDeadlineMs;
  const ordered = deps.order(group, targets, ctx as RequestContext, Date.now());
  const n = ordered.length;
  // Per-target bookkeeping, made on the first failure: most requests succeed at once and need none.
  let tried: Tried[] | undefined;
  const attemptsBefore = ctx.attempts.length;
  const firstReason = options?.reason ?? 'first';
  let lastError: GatewayError | undefined;
  let cursor = 0;
  let revisits = 0;
  while (ctx.attempts.length - attemptsBefore < retries.maxAttempts) {
    const now = Date.now();
    let chosen = -1;
    let openForMs = Infinity;
    for (let k = 0; k < n; k++) {
      const i = (cursor + k) % n;
      if (tried?.[i]?.excluded) continue;
      if (group.breaker && deps.breakers.check(ordered[i]!, group.breaker, now) === 'open') {
        openForMs = Math.min(openForMs, deps.breakers.openForMs(ordered[i]!, now));
        continue;
      }
      chosen = i;
      break;
    }
    if (chosen < 0) throw lastError ?? allOpenError(group, openForMs);
    const target = ordered[chosen]!;
    const state = tried?.[chosen];
    if (state && state.count > 0) {
      const wait = Math.max(backoffDelayMs(retries, revisits++, deps.random), state.notBefore - performance.now());
      // Past the deadline the last failure is the answer; it carries the provider's retry-after.
      if (performance.now() + wait > deadline) throw lastError!;
      if (wait > 0) {
        try {
          await sleep(wait, ctx.signal);
        } catch {
          throw ctx.abortReason ?? clientClosed();
        }
      }
    }
    if (state) state.count++;
    const first = ctx.attempts.length === attemptsBefore;
    const reason = first ? firstReason : (state?.count ?? 1) > 1 ? 'retry' : 'fallback';
    try {
      const candidates = group.hedge && n > 1 ? hedgeOrder(ordered, chosen, tried) : chosen === 0 ? ordered : [target];
      return await next(ctx, candidates, { ...options, reason, group });
    } catch (err) {
      lastError = toGatewayError(err);
      const attempt = ctx.attempts.at(-1);
      const cause = failureCause(attempt, ctx.signal);
      if (cause !== 'unsuitable' && cause !== 'retryable') throw err;
      if (!tried) {
        tried = Array.from({ length: n }, () => ({ count: 0, notBefore: 0, excluded: false }));
        tried[chosen]!.count = 1;
      }
      const failed = tried[chosen]!;
      if (cause === 'unsuitable') failed.excluded = true;
      const requested = attempt ? requestedDelayMs(attempt) : undefined;
      if (requested !== undefined) failed.notBefore = performance.now() + requested;
      cursor = chosen + 1;
    }
  }
  throw lastError ?? new GatewayError('internal_error', 500, 'No target was tried.');
}

/** The chosen target first, then the others still worth trying: the hedge interceptor's second choice is the next one. */
function hedgeOrder(ordered: readonly Target[], chosen: number, tried: readonly Tried[] | undefined): Target[] {
  const out = [ordered[chosen]!];
  for (let k = 1; k < ordered.length; k++) {
    const i = (chosen + k) % ordered.length;
    if (!tried?.[i]?.excluded) out.push(ordered[i]!);
  }
  return out;
}
