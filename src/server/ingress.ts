/**
 * The IngressCodec contract: how a client API format (OpenAI chat, Anthropic messages) is
 * decoded into the canonical request and how canonical results are encoded back to it.
 * Codecs are pure: no I/O, no server objects.
 */
import type { GatewayError } from '../core/errors.js';
import type { ChatRequest, ChatResponse, IngressFormat, StreamEvent } from '../core/types.js';

/** Context an encoder needs about the call it answers. */
export interface EncodeContext {
  /** The model name the client sent. */
  requestedModel: string;
  /** OpenAI stream_options.include_usage as the client sent it (Anthropic always streams usage). */
  includeUsage: boolean;
  /**
   * The gateway's estimate of the input tokens, for a stream whose upstream reports them only at
   * its end, when the format must state them first (Anthropic's message_start). Absent when the
   * upstream reports them up front (Anthropic's own message_start): its first usage event carries them.
   */
  estimateInputTokens?: () => number;
}

/** Turns canonical stream events into the client's wire text (SSE). */
export interface StreamEncoder {
  /** The wire text for one event; '' when the event produces nothing yet. */
  encode(event: StreamEvent): string;
  /** The closing text after the last event (e.g. OpenAI's `data: [DONE]`). */
  end(): string;
  /** The wire text that reports an error after the response headers were sent. */
  error(error: GatewayError): string;
  /** Response headers the encoder adds, known before the first byte (e.g. that a count is an estimate). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** The wire form of an error: status, headers and JSON body. */
export interface EncodedError {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** One client API format. */
export interface IngressCodec {
  format: IngressFormat;
  /** Validate and decode a parsed JSON body. Throws GatewayError (400) naming the bad param. */
  decodeChat(body: unknown): ChatRequest;
  /** Encode a non-streamed response as a JSON-serialisable object. */
  encodeChat(response: ChatResponse, context: EncodeContext): unknown;
  /** A fresh stream encoder for one streamed response. */
  createStreamEncoder(context: EncodeContext): StreamEncoder;
  /** Render any gateway error in this format. */
  encodeError(error: GatewayError): EncodedError;
}
