/**
 * The streamed answer: upstream bytes → frames → the provider's canonical events → stream taps →
 * batches the server encodes for the caller. The winning attempt was primed (stream-source.ts):
 * the events it decoded up to its first content go through the taps first, then the same
 * decoders read on. Every way a stream can go wrong from there (an error frame, a cut connection,
 * a decoder that throws at the end, a tap that aborts, the total timeout) ends the iteration with
 * a thrown GatewayError after the events decoded so far, so the server can close the stream
 * with the ingress's own error event. The upstream body is released on every exit.
 */
import { GatewayError } from '../core/errors.js';
import type { StreamEvent } from '../core/types.js';
import type { Target } from '../config/compile.js';
import { transportError } from '../transport/http-client.js';
import type { RequestContext } from './context.js';
import type { Reply, StreamTap } from './contract.js';
import type { RoutePlan } from './route-plan.js';
import { redactError } from './redact.js';
import { runHooks } from './run-hooks.js';
import { type EventSink, StreamSource } from './stream-source.js';

/** Runs one event through the taps in order, pushing the events to send onto `out`. */
export function applyTaps(event: StreamEvent, taps: readonly StreamTap[], ctx: RequestContext, out: StreamEvent[]): void {
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

/**
 * Runs the taps' ends from `from` on, in order, pushing what they add onto `out` (through the taps
 * after the one that added them). Synchronous until a tap's end returns a promise; the rest then
 * run after it.
 */
export function endTaps(taps: readonly StreamTap[], ctx: RequestContext, out: StreamEvent[], from: number): Promise<void> | undefined {
  for (let i = from; i < taps.length; i++) {
    const extra = taps[i]!.onEnd?.(ctx);
    if (extra instanceof Promise)
      return extra.then((events) => {
        if (events) addTapped(events, taps, i + 1, ctx, out);
        return endTaps(taps, ctx, out, i + 1);
      });
    if (extra) addTapped(extra, taps, i + 1, ctx, out);
  }
  return undefined;
}

/** Events a tap's end added, through the taps after it (they see them as they would an upstream's). */
function addTapped(events: readonly StreamEvent[], taps: readonly StreamTap[], next: number, ctx: RequestContext, out: StreamEvent[]): void {
  if (next >= taps.length) {
    out.push(...events);
    return;
  }
  const rest = taps.slice(next);
  for (const event of events) applyTaps(event, rest, ctx, out);
}

/**
 * The canonical event batches of a streamed reply, one batch per upstream chunk. A hand-written
 * async iterator rather than an async generator: a generator's yield costs extra promise turns on
 * every upstream chunk, and streams are where the gateway spends most of its CPU.
 */
class ReplyStream<Req, Res> implements AsyncIterableIterator<StreamEvent[]>, EventSink {
  private batch: StreamEvent[] = [];
  private spare: StreamEvent[] = [];
  private readonly out: { done: false; value: StreamEvent[] } = { done: false, value: [] };
  private sawFinish = false;
  /** The decoders were flushed and the taps' ends ran; the store phase comes after the last batch. */
  private ended = false;
  private done = false;
  /** An error to throw on the next call, after the batch decoded before it went out. */
  private pendingError: GatewayError | undefined;
  /** The events priming decoded, for the taps on the first call; undefined after. */
  private primed: StreamEvent[] | undefined;

  constructor(
    private readonly plan: RoutePlan<Req, Res>,
    private readonly ctx: RequestContext<Req, Res>,
    private readonly target: Target,
    private readonly source: StreamSource,
  ) {
    const primed = source.attach(this);
    if (primed.length > 0) this.primed = primed;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** Runs one decoded event through the taps into the batch (the source calls it as it decodes). */
  take(event: StreamEvent): void {
    if (event.type === 'finish') this.sawFinish = true;
    applyTaps(event, this.plan.taps, this.ctx as RequestContext, this.batch);
  }

  /**
   * Hands out the events decoded so far. The array and the result object are reused for the next
   * chunk (one of each per stream, not per chunk): the consumer encodes a batch before it asks for
   * the next one, as `for await` does.
   */
  private takeBatch(): IteratorResult<StreamEvent[]> {
    this.out.value = this.batch;
    this.batch = this.spare;
    this.spare = this.out.value;
    this.batch.length = 0;
    return this.out;
  }

  async next(): Promise<IteratorResult<StreamEvent[]>> {
    if (this.pendingError) {
      const error = this.pendingError;
      this.pendingError = undefined;
      throw error;
    }
    if (this.done) return { done: true, value: undefined };
    const { ctx, source } = this;
    try {
      if (this.primed) {
        // The winning attempt's first events, tapped only now that it is the one answering.
        const primed = this.primed;
        this.primed = undefined;
        for (const event of primed) this.take(event);
        if (this.batch.length > 0) return this.takeBatch();
      }
      while (!source.bodyDone) {
        const waitStart = performance.now();
        const next = await source.body.next();
        ctx.upstreamMs += performance.now() - waitStart;
        if (next.done) {
          source.bodyDone = true;
          source.dispose();
          break;
        }
        source.frames.push(next.value);
        if (this.batch.length > 0) return this.takeBatch();
      }
      if (!this.ended) {
        const ending = this.end();
        if (ending) await ending;
        this.ended = true;
        if (this.batch.length > 0) return this.takeBatch();
      }
      // The last batch has been encoded: the answer is whole, so the store phase sees all of it
      // (and the ingress can hand its final form to a store hook). No promise turn when nothing stores.
      if (this.plan.hooks.store.length > 0) await runHooks(this.plan.hooks.store, ctx);
      this.done = true;
      return { done: true, value: undefined };
    } catch (err) {
      // A mid-stream error carries the upstream's own words, which may repeat a credential.
      const error = ctx.abortReason ?? redactError(transportError(err, this.target.providerId), this.target.compiled.settings, ctx.runtimeSecrets);
      ctx.fail(error);
      this.done = true;
      await this.release();
      if (this.batch.length > 0 && !ctx.signal.aborted) {
        this.pendingError = error;
        return this.takeBatch();
      }
      throw error;
    }
  }

  /**
   * The upstream ended: flush the decoders (unless priming did), check the answer is whole, run the
   * taps' ends (a promise only when a tap's end has to wait).
   */
  private end(): Promise<void> | undefined {
    if (!this.source.flushed) {
      this.source.flushed = true;
      this.source.frames.end();
      for (const event of this.source.decoder.end()) this.take(event);
    }
    if (!this.sawFinish) {
      // The upstream closed without finishing: report it rather than pretending the answer is whole.
      throw new GatewayError('upstream_invalid_response', 502, `Provider '${this.target.providerId}' ended the stream before it finished.`, {
        provider: this.target.providerId,
      });
    }
    return endTaps(this.plan.taps, this.ctx as RequestContext, this.batch, 0);
  }

  /** The consumer stopped early (client gone, a write failed): release the upstream. */
  async return(): Promise<IteratorResult<StreamEvent[]>> {
    this.done = true;
    await this.release();
    return { done: true, value: undefined };
  }

  /** Ends the upstream request if it is still open, so the provider stops generating. */
  private release(): Promise<void> {
    return this.source.release();
  }
}

/**
 * The canonical event batches of a streamed reply, continuing from its primed source; a reply
 * with only `upstream` (a dispatcher that does not prime) is read from its first byte. The
 * upstream body is released on every exit.
 */
export function streamReply<Req, Res>(plan: RoutePlan<Req, Res>, ctx: RequestContext<Req, Res>, reply: Reply<Res>): AsyncIterableIterator<StreamEvent[]> {
  let source = reply.primed;
  if (!source) {
    if (!reply.upstream || !plan.operation.streamDecoder) throw new GatewayError('internal_error', 500, 'The operation cannot stream.');
    const { framing, decoder } = plan.operation.streamDecoder(reply.target);
    const { providerId } = reply.target;
    source = new StreamSource({ framing, decoder, body: reply.upstream.body, providerId, maxEventBytes: plan.services.http.limits.maxEventBytes });
  }
  return new ReplyStream(plan, ctx, reply.target, source);
}
