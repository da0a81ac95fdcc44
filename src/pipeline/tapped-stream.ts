/**
 * A stream that did not come from an upstream (a cache replay), run through the plan's taps the
 * way an upstream's is: each batch's events pass the taps, the taps' ends add theirs after the
 * last batch, and the store phase runs once the whole answer went out. A tap that throws ends the
 * stream with that error, as it would an upstream's.
 */
import { toGatewayError } from '../core/errors.js';
import type { StreamEvent } from '../core/types.js';
import type { RequestContext } from './context.js';
import type { RoutePlan } from './route-plan.js';
import { runHooks } from './run-hooks.js';
import { applyTaps, endTaps } from './stream.js';

/** The batches of `source` after the taps, with the store phase at the end. */
export async function* tappedStream<Req, Res>(
  plan: RoutePlan<Req, Res>,
  ctx: RequestContext<Req, Res>,
  source: AsyncIterable<StreamEvent[]>,
): AsyncGenerator<StreamEvent[]> {
  const taps = plan.taps;
  const anyCtx = ctx as RequestContext;
  try {
    for await (const batch of source) {
      const out: StreamEvent[] = [];
      for (const event of batch) applyTaps(event, taps, anyCtx, out);
      if (out.length > 0) yield out;
    }
    const tail: StreamEvent[] = [];
    const ending = endTaps(taps, anyCtx, tail, 0);
    if (ending) await ending;
    if (tail.length > 0) yield tail;
  } catch (err) {
    const error = ctx.abortReason ?? toGatewayError(err);
    ctx.fail(error);
    throw error;
  }
  if (plan.hooks.store.length > 0) await runHooks(plan.hooks.store, ctx);
}
