/**
 * Hedging: when a group sets `hedge.after_ms` and the first attempt has not produced its first
 * token by then, a second attempt starts on the next target. The first to answer wins; the other
 * is cancelled (its upstream request aborted, so the provider stops generating). A failure of one
 * leaves the other to finish.
 */
import type { Target } from '../config/compile.js';
import type { AttemptOptions, Dispatch, Interceptor, Reply } from '../pipeline/contract.js';
import type { Breakers } from './health-contract.js';

/** The hedging interceptor; without `hedge` on the group it passes the first target straight on. */
export function hedging(breakers: Breakers): Interceptor {
  return <Res>(next: Dispatch<Res>): Dispatch<Res> =>
    (ctx, targets, options) => {
      const group = options?.group ?? ctx.route?.group;
      const hedge = group?.hedge;
      if (!hedge || targets.length < 2) return next(ctx, targets, options);
      const now = Date.now();
      const second = group.breaker ? targets.slice(1).find((t) => breakers.check(t, group.breaker!, now) !== 'open') : targets[1];
      if (!second) return next(ctx, targets, options);
      return race(next, ctx, targets[0]!, second, hedge.afterMs, options);
    };
}

function race<Res>(
  next: Dispatch<Res>,
  ctx: Parameters<Dispatch<Res>>[0],
  first: Target,
  second: Target,
  afterMs: number,
  options: AttemptOptions | undefined,
): Promise<Reply<Res>> {
  return new Promise<Reply<Res>>((resolve, reject) => {
    const controllers = [new AbortController(), new AbortController()];
    let settled = false;
    let running = 1;
    let firstError: unknown;
    let timer: NodeJS.Timeout | undefined;
    const win = (index: number, reply: Reply<Res>) => {
      if (settled) {
        // Both answered: the loser's open stream must be released, or the provider keeps generating.
        controllers[index]!.abort();
        void reply.primed?.release();
        return;
      }
      settled = true;
      clearTimeout(timer);
      controllers[1 - index]!.abort();
      resolve(reply);
    };
    const lose = (error: unknown) => {
      firstError ??= error;
      if (--running > 0 || settled) return;
      // The hedge was never started (the first failed early): let the retry loop decide, as without hedging.
      settled = true;
      clearTimeout(timer);
      reject(firstError);
    };
    const start = (index: number, target: Target, reason: AttemptOptions['reason']) =>
      next(ctx, [target], { ...options, signal: controllers[index]!.signal, ...(reason ? { reason } : {}) }).then((reply) => win(index, reply), lose);
    start(0, first, options?.reason);
    timer = setTimeout(() => {
      if (settled) return;
      running++;
      start(1, second, 'hedge');
    }, afterMs);
  });
}
