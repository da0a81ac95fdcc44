/**
 * A streamed answer's decoding state, and its priming. A streamed attempt counts as answered only
 * once its first content event has been decoded (or the stream ended with it): any failure before
 * (a cut connection, an error frame, a decoder throw, no content at all, the first-token timeout)
 * is a failed attempt the interceptors may retry or fall back from, since nothing has reached the
 * client yet. The events decoded while priming are held, not tapped: the reply stream of the
 * winning attempt hands them to its taps first and then reads on from the same decoders.
 */
import { GatewayError } from '../core/errors.js';
import type { StreamEvent } from '../core/types.js';
import type { Provider, StreamDecoder } from '../providers/spec/provider.js';
import type { FrameDecoder } from '../providers/spec/sse.js';
import type { UpstreamBody } from '../transport/http-client.js';
import type { AttemptScope } from './attempt-scope.js';
import { createFrameDecoder } from './frame-decoder.js';
import type { Expiring } from './timeout-sweep.js';

/**
 * Whether an event carries part of the answer, so that once it is out the attempt is committed:
 * non-empty text, reasoning or tool-call arguments, a tool call's start, reasoning signatures and
 * opaque reasoning, items, and the finish. A start (role-only chunk), usage and empty deltas do not.
 */
export function isContentEvent(event: StreamEvent): boolean {
  switch (event.type) {
    case 'text':
    case 'reasoning':
      return event.text.length > 0;
    case 'tool_call_delta':
      return event.arguments.length > 0;
    case 'start':
    case 'usage':
      return false;
    default:
      return true;
  }
}

/** Receives the events decoded once the reply stream has taken over. */
export interface EventSink {
  take(event: StreamEvent): void;
}

/** Where a stream source is read from, and what bounds its priming. */
export interface StreamSourceInit {
  framing: Provider['streamFraming'];
  decoder: StreamDecoder;
  body: UpstreamBody;
  providerId: string;
  maxEventBytes: number;
  /** The attempt's own cancellation, disposed when the stream is released; undefined: the request's signal alone. */
  scope?: AttemptScope;
}

/**
 * The frame decoder, event decoder and body iterator of one streamed answer. While priming,
 * decoded events collect in `buffered`; once a sink is set, they go to it as they are decoded.
 */
export class StreamSource implements Expiring {
  readonly frames: FrameDecoder;
  readonly decoder: StreamDecoder;
  readonly body: AsyncIterator<Uint8Array>;
  readonly providerId: string;
  /** Events decoded while priming, not yet seen by any tap, in order; undefined once handed over. */
  buffered: StreamEvent[] | undefined = [];
  /** A content event has been decoded. */
  hasContent = false;
  /** The body was read to its end, or released: nothing more to read. */
  bodyDone = false;
  /** The decoders were flushed (the body ended while priming); their last events are in `buffered`. */
  flushed = false;
  /** The first-token bound (timeouts.first_token_ms), the sweep lane this source waits in while priming. */
  timeoutMs = 0;
  /** performance.now() by which the first content must have been decoded. */
  deadline = 0;
  private sink: EventSink | undefined;
  private readonly upstream: UpstreamBody;
  private scope: AttemptScope | undefined;

  constructor(init: StreamSourceInit) {
    this.decoder = init.decoder;
    this.providerId = init.providerId;
    this.upstream = init.body;
    this.scope = init.scope;
    const decoder = init.decoder;
    this.frames = createFrameDecoder(
      init.framing,
      (frame) => {
        for (const event of decoder.push(frame)) this.collect(event);
      },
      { maxEventBytes: init.maxEventBytes, providerId: init.providerId },
    );
    this.body = init.body[Symbol.asyncIterator]();
  }

  private collect(event: StreamEvent): void {
    if (this.sink) this.sink.take(event);
    else {
      this.buffered!.push(event);
      if (!this.hasContent && isContentEvent(event)) this.hasContent = true;
    }
  }

  /**
   * Reads until the first content event has been decoded (with the rest of its chunk), or the
   * stream ended with content. Throws the failure otherwise: an error frame's GatewayError, the
   * transport's, or upstream_invalid_response for a stream that ended without content.
   */
  async prime(): Promise<void> {
    while (!this.hasContent) {
      const next = await this.body.next();
      if (next.done) {
        this.bodyDone = true;
        this.frames.end();
        for (const event of this.decoder.end()) this.collect(event);
        this.flushed = true;
        if (this.hasContent) return;
        throw new GatewayError('upstream_invalid_response', 502, `Provider '${this.providerId}' ended the stream before it sent any content.`, {
          provider: this.providerId,
        });
      }
      this.frames.push(next.value);
    }
  }

  /** The first-token bound passed while priming: hang up, failing the pending read with upstream_timeout. */
  expire(): void {
    this.upstream.abort(
      new GatewayError(
        'upstream_timeout',
        504,
        `Provider '${this.providerId}' did not send its first token within ${this.timeoutMs} ms (timeouts.first_token_ms).`,
        { provider: this.providerId },
      ),
    );
  }

  /** Hands the buffered events over (once) and sends every later event to the sink. */
  attach(sink: EventSink): StreamEvent[] {
    this.sink = sink;
    const buffered = this.buffered ?? [];
    this.buffered = undefined;
    return buffered;
  }

  /** The attempt is over (its body read to the end): drop its listeners and timer. */
  dispose(): void {
    this.scope?.dispose();
    this.scope = undefined;
  }

  /**
   * The stream is over, or abandoned: hang up on the upstream if it is still open (so the provider
   * stops generating), and drop the attempt's listeners and timer. Safe to call more than once.
   */
  async release(): Promise<void> {
    this.dispose();
    if (this.bodyDone) return;
    this.bodyDone = true;
    await this.body.return?.().catch(() => {});
  }
}
