/**
 * Requests the gateway makes itself on a caller's behalf (the cache embedding a question through
 * an embeddings alias). They run the same plan as a client's request from decode on — admit,
 * dispatch, settle and record — so they are limited, billed and logged as that caller, but skip
 * authenticate: the context already carries the caller (RequestContext.child).
 */
import { GatewayError } from '../core/errors.js';
import type { RequestContext } from './context.js';
import type { PipelineResult } from './contract.js';
import type { RoutePlan } from './route-plan.js';
import { type RequestIO, runRequest } from './runner.js';

/** The result an internal request produced; errors are results, never throws. */
export type InternalResult<Res> = PipelineResult<Res>;

/**
 * Runs `request` (already canonical) through `plan` for an authenticated child context and
 * returns its result. Settle and record have run by the time it resolves.
 */
export async function runInternal<Req, Res>(plan: RoutePlan<Req, Res>, ctx: RequestContext<Req, Res>, request: Req): Promise<InternalResult<Res>> {
  let result: PipelineResult<Res> | undefined;
  const io: RequestIO<Req, Res> = {
    readBody: () => Promise.resolve(request),
    decode: () => request,
    respond(outcome) {
      result = outcome;
      return undefined;
    },
  };
  await runRequest(plan, ctx, io, { authenticated: true });
  // The runner skips respond only when the request was aborted as "client gone": the outcome is on the context.
  if (result) return result;
  return { type: 'error', error: ctx.error ?? new GatewayError('internal_error', 500, 'The internal request ended without a result.') };
}
