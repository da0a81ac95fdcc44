/** SSE framing for upstream streams: bytes in, StreamFrames out (eventsource-parser does the parsing). */
import { createParser } from 'eventsource-parser';
import { type GatewayError, upstreamResponseTooLarge } from '../../core/errors.js';
import type { StreamFrame } from './provider.js';

/** A push-based frame decoder: feed it body chunks, it calls onFrame for every complete event. */
export interface FrameDecoder {
  push(chunk: Uint8Array): void;
  end(): void;
}

/** Options shared by the frame decoders. */
export interface FrameDecoderOptions {
  /** Largest event accepted, in bytes (config server.upstream_max_event_bytes); default DEFAULT_MAX_EVENT_BYTES. */
  maxEventBytes?: number;
  /** The provider named in the error past the cap. */
  providerId?: string;
}

/**
 * The default event cap, equal to the config default: a decoder made without options is still
 * bounded, so no caller can forget the limit and buffer an endless event.
 */
export const DEFAULT_MAX_EVENT_BYTES = 4 * 1024 * 1024;

/** The GatewayError for an event past the cap (shared with the event-stream decoder). */
export function eventTooLarge(options: FrameDecoderOptions, limit: number): GatewayError {
  return upstreamResponseTooLarge(options.providerId, 'a stream event', limit, 'raise server.upstream_max_event_bytes to accept larger events');
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * Creates an SSE frame decoder. Comment lines and retry fields are ignored, as clients do.
 * push() throws GatewayError upstream_response_too_large (502) once the event being received
 * (everything since the last blank line, a never-ending line included) outgrows maxEventBytes.
 */
export function createSseFrameDecoder(onFrame: (frame: StreamFrame) => void, options: FrameDecoderOptions = {}): FrameDecoder {
  const maxEventBytes = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
  const textDecoder = new TextDecoder('utf-8');
  const parser = createParser({
    onEvent(message) {
      onFrame(message.event ? { event: message.event, data: message.data } : { data: message.data });
    },
  });
  // The parser holds the event being received until its blank line, so its size is tracked here,
  // in bytes and before the parser sees them: a chunk that would take it past the cap is refused.
  let eventBytes = 0;
  let lineStart = true;
  let afterCr = false;

  function measure(bytes: Uint8Array): void {
    // Buffer's indexOf is a native memchr, about twice as fast as Uint8Array's on the hot path.
    const chunk = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let lf = chunk.indexOf(LF);
    let cr = chunk.indexOf(CR);
    let i = 0;
    while (i < chunk.length) {
      if (lf !== -1 && lf < i) lf = chunk.indexOf(LF, i);
      if (cr !== -1 && cr < i) cr = chunk.indexOf(CR, i);
      const eol = lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
      const lineEnd = eol === -1 ? chunk.length : eol;
      if (lineEnd > i) {
        eventBytes += lineEnd - i;
        lineStart = false;
        afterCr = false;
      }
      if (eol !== -1) {
        const isCr = chunk[eol] === CR;
        if (!isCr && afterCr) {
          // The LF of a CRLF: the line already ended at its CR.
          afterCr = false;
        } else if (lineStart) {
          // A blank line dispatches the event: the next one starts from zero.
          eventBytes = 0;
          afterCr = isCr;
        } else {
          eventBytes++;
          lineStart = true;
          afterCr = isCr;
        }
      }
      if (eventBytes > maxEventBytes) throw eventTooLarge(options, maxEventBytes);
      if (eol === -1) return;
      i = eol + 1;
    }
  }

  return {
    push(chunk) {
      measure(chunk);
      parser.feed(textDecoder.decode(chunk, { stream: true }));
    },
    end() {
      const rest = textDecoder.decode();
      if (rest) parser.feed(rest);
      // A final event without the blank line terminator is still delivered.
      parser.feed('\n\n');
    },
  };
}
