/**
 * The contract between the pipeline and the features that plug into it: phases and their hooks,
 * stream taps, the dispatcher and its interceptors, the result the pipeline hands to the server,
 * and the observers that see phases and attempts. ARCHITECTURE.md "The request path in code".
 */
import type { Target } from '../config/compile.js';
import type { GatewayError } from '../core/errors.js';
import type { StreamEvent } from '../core/types.js';
import type { HttpRequestSpec, Provider, StreamDecoder } from '../providers/spec/provider.js';
import type { ModelGroup } from '../config/compile.js';
import type { UpstreamResponse } from '../transport/http-client.js';
import type { AttemptReason, AttemptRecord, OperationName, RequestContext } from './context.js';
import type { StreamSource } from './stream-source.js';

/**
 * The phases with hooks, in the order they run. Routing sits between `prepare` and `admit` (prepare
 * may change the model and the input that routing and admission price: decision 0016); `dispatch`
 * sits between `lookup` and `checkOutput`.
 */
export const HOOK_PHASES = ['authenticate', 'prepare', 'admit', 'checkInput', 'lookup', 'checkOutput', 'store', 'settle'] as const;
/** One of the phases with hooks. */
export type HookPhase = (typeof HOOK_PHASES)[number];
/** Every phase, for timing and phase events. */
export type Phase = HookPhase | 'decode' | 'dispatch' | 'record';

/**
 * What the pipeline hands to the server to write: a canonical response, a stream of canonical
 * event batches (one batch per upstream chunk; a batch's array is reused for a later chunk, so
 * encode it before asking for the next), or an error. The server encodes it for the
 * caller's API format; headers are in ctx.responseHeaders.
 */
export type PipelineResult<Res = unknown> =
  | { type: 'response'; response: Res }
  | { type: 'stream'; events: AsyncIterable<StreamEvent[]> }
  | { type: 'error'; error: GatewayError };

/** What a hook returns: undefined to go on, or the result that ends the request. */
export type HookOutcome<Res> = PipelineResult<Res> | undefined;

/**
 * A hook: one small step of a phase. It returns nothing to let the request go on, or a result
 * to end it early (a 401, a 429, a cache hit). Throwing a GatewayError ends it with that error.
 * `settle` hooks run in `finally` on every request, whatever the outcome; what they return is ignored.
 */
export interface Hook<Req = unknown, Res = unknown> {
  name: string;
  run(ctx: RequestContext<Req, Res>): HookOutcome<Res> | Promise<HookOutcome<Res>>;
}

/**
 * A stream tap sees each canonical event between the provider's decoder and the ingress
 * encoder. onEvent returns undefined to pass the event on unchanged, null to drop it, or the
 * events to send instead; it throws a GatewayError to end the stream with the ingress's own
 * error event. Taps keep per-request state in context slots, so one tap object serves all.
 */
export interface StreamTap {
  name: string;
  onEvent?(event: StreamEvent, ctx: RequestContext): StreamEvent | StreamEvent[] | null | undefined;
  /**
   * After the last upstream event, before the stream closes: events to add, if any. It may return
   * a promise (a guard that asks a service about the whole answer it held back); only taps that
   * need to wait do, so a stream whose taps all answer at once takes no extra promise turn.
   */
  onEnd?(ctx: RequestContext): StreamEvent[] | undefined | Promise<StreamEvent[] | undefined>;
}

/** What the dispatcher returns: the target that answered, with its decoded body or open stream. */
export interface Reply<Res> {
  target: Target;
  /** The decoded answer (non-streamed calls). */
  response?: Res;
  /** The upstream response whose body is the event stream (streamed calls). */
  upstream?: UpstreamResponse;
  /**
   * Streamed calls: the stream read up to its first content event, with those events held for the
   * taps and the decoders to read on with (stream-source.ts). A dispatcher that drops such a reply
   * (a hedge's loser) must release it: `reply.primed?.release()`, or abort the attempt's signal.
   */
  primed?: StreamSource;
}

/** Per-attempt options an interceptor hands down: its own cancellation and why the attempt is made. */
export interface AttemptOptions {
  /**
   * Cancels this attempt only (a hedge that lost, a retry deadline); ctx.signal still cancels
   * everything. An abort fails the attempt with the signal's reason when it is a GatewayError
   * (else 499 client_closed "The attempt was cancelled."), marks it `cancelled`, and releases the
   * upstream; after the attempt answered, it ends the streamed body with that error.
   */
  signal?: AbortSignal;
  reason?: AttemptReason;
  /** The model group whose policies apply (a cause fallback serves another alias's group); else ctx.route's. */
  group?: ModelGroup;
}

/** Serves a request from one or more targets. */
export type Dispatch<Res = unknown> = (ctx: RequestContext<unknown, Res>, targets: readonly Target[], options?: AttemptOptions) => Promise<Reply<Res>>;

/** Wraps a dispatcher with a policy (fallback, retry, breaker, hedge, deadline), undici-style. */
export type Interceptor = <Res>(next: Dispatch<Res>) => Dispatch<Res>;

/** How one operation (chat, embeddings, ...) talks to providers; the runner does the rest. */
export interface Operation<Req, Res> {
  name: OperationName;
  /** The model the client asked for, and whether it wants a stream. */
  modelOf(request: Req): string;
  streams(request: Req): boolean;
  /** Encodes the request for one target (fetching what it needs); a throw is a failed attempt. */
  encode(ctx: RequestContext<Req, Res>, target: Target): HttpRequestSpec | Promise<HttpRequestSpec>;
  /** Decodes a non-streamed answer and records its usage, model and finish on ctx. */
  decode(ctx: RequestContext<Req, Res>, target: Target, json: unknown, headers: Record<string, string>): Res;
  /** For operations that stream: the provider's framing and a fresh event decoder. */
  streamDecoder?(target: Target): { framing: Provider['streamFraming']; decoder: StreamDecoder };
}

/** Sees the pipeline from outside: the request's start, phases, attempts and the finished request. */
export interface PipelineObserver {
  /** Before authenticate: a trace starts here (it reads ctx.requestHeaders, e.g. traceparent). */
  onRequestStart?(ctx: RequestContext): void;
  /** A phase ended after durationMs (it started durationMs before this call). */
  onPhase?(ctx: RequestContext, phase: Phase, durationMs: number): void;
  /**
   * An attempt is about to be sent (after encoding): returns headers to add to this attempt's
   * upstream request (a W3C traceparent), or nothing.
   */
  onAttemptStart?(ctx: RequestContext, attempt: AttemptRecord): Record<string, string> | undefined;
  /** An attempt ended (answered with its head or first token, or failed). */
  onAttempt?(ctx: RequestContext, attempt: AttemptRecord): void;
  /** After settle: the request's outcome is final. The request log is one of these. */
  onRequestEnd?(ctx: RequestContext): void;
}
