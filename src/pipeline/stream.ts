/**
 * The streamed answer: upstream bytes → frames → the provider's canonical events → stream taps →
 * batches the server encodes for the caller. Every way a stream can go wrong (an error frame, a
 * cut connection, a decoder that throws at the end, a tap that aborts) ends the iteration with
 * a thrown GatewayError after the events decoded so far, so the server can close the stream
 * with the ingress's own error event. The upstream body is released on every exit.
 */
import { GatewayError } from '../core/errors.js';
import type { StreamEvent } from '../core/types.js';
import { transportError } from '../transport/http-client.js';
import type { RequestContext } from './context.js';
import type { Reply, StreamTap } from './contract.js';
import type { RoutePlan } from './route-plan.js';
import { createFrameDecoder } from './frame-decoder.js';
import { redactError } from './redact.js';
import { runHooks } from './run-hooks.js';

/** Runs one event through the taps in order; returns the events to send. */
function applyTaps(event: StreamEvent, taps: readonly StreamTap[], ctx: RequestContext, out: StreamEvent[]): void {
  let events: StreamEvent[] | undefined;
  let single: StreamEvent | undefined = event;
  for (const tap of taps) {
    if (!tap.onEvent) continue;
    if (single !== undefined) {
      const verdict = tap.onEvent(single, ctx);
      if (verdict === undefined) continue;
      if (verdict === null) return;
      if (Array.isArray(verdict)) {
        events = verdict;
        single = undefined;
      } else single = verdict;
    } else {
      const next: StreamEvent[] = [];
      for (const e of events!) {
        const verdict = tap.onEvent(e, ctx);
        if (verdict === undefined) next.push(e);
        else if (verdict !== null) Array.isArray(verdict) ? next.push(...verdict) : next.push(verdict);
      }
      events = next;
    }
  }
  if (single !== undefined) out.push(single);
  else for (const e of events!) out.push(e);
}

/** The canonical event batches of a streamed reply, one batch per upstream chunk. */
export async function* streamReply<Req, Res>(plan: RoutePlan<Req, Res>, ctx: RequestContext<Req, Res>, reply: Reply<Res>): AsyncGenerator<StreamEvent[]> {
  const { target, upstream } = reply;
  if (!upstream || !plan.operation.streamDecoder) throw new GatewayError('internal_error', 500, 'The operation cannot stream.');
  const { framing, decoder } = plan.operation.streamDecoder(target);
  const taps = plan.taps;
  const anyCtx = ctx as RequestContext;
  let batch: StreamEvent[] = [];
  let sawFinish = false;
  const take = (event: StreamEvent) => {
    if (event.type === 'finish') sawFinish = true;
    applyTaps(event, taps, anyCtx, batch);
  };
  const frames = createFrameDecoder(
    framing,
    (frame) => {
      for (const event of decoder.push(frame)) take(event);
    },
    { maxEventBytes: plan.services.http.limits.maxEventBytes, providerId: target.providerId },
  );
  const iterator = upstream.body[Symbol.asyncIterator]();
  let finished = false;
  try {
    while (true) {
      const waitStart = performance.now();
      const next = await iterator.next();
      ctx.upstreamMs += performance.now() - waitStart;
      if (next.done) break;
      frames.push(next.value);
      if (batch.length > 0) {
        const out = batch;
        batch = [];
        yield out;
      }
    }
    finished = true;
    frames.end();
    for (const event of decoder.end()) take(event);
    if (!sawFinish) {
      // The upstream closed without finishing: report it rather than pretending the answer is whole.
      throw new GatewayError('upstream_invalid_response', 502, `Provider '${target.providerId}' ended the stream before it finished.`, {
        provider: target.providerId,
      });
    }
    for (const tap of taps) {
      const extra = tap.onEnd?.(anyCtx);
      if (extra) batch.push(...extra);
    }
    await runHooks(plan.hooks.store, ctx);
    if (batch.length > 0) yield batch;
  } catch (err) {
    // A mid-stream error carries the upstream's own words, which may repeat a credential.
    const error = ctx.abortReason ?? redactError(transportError(err, target.providerId), target.compiled.settings, ctx.runtimeSecrets);
    ctx.fail(error);
    if (batch.length > 0 && !ctx.signal.aborted) yield batch;
    throw error;
  } finally {
    // Ends the upstream request when the stream stops early (client gone, error, tap abort).
    if (!finished) await iterator.return?.().catch(() => {});
  }
}
