/**
 * AWS event-stream framing (`application/vnd.amazon.eventstream`) for upstream streams: binary
 * messages in, StreamFrames out. @smithy/eventstream-codec parses each complete message and checks
 * both CRCs; this file only finds message boundaries, since network reads split and merge frames.
 */
import { crc32 } from 'node:zlib';
import { EventStreamCodec, type Message, type MessageHeaders } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { GatewayError } from '../../core/errors.js';
import type { StreamFrame } from './provider.js';
import { DEFAULT_MAX_EVENT_BYTES, eventTooLarge, type FrameDecoder, type FrameDecoderOptions } from './sse.js';

const PRELUDE_LENGTH = 12;
const MIN_MESSAGE_LENGTH = 16;
// aws-c-event-stream's limit; no Bedrock event comes near it, so anything larger is corruption.
const MAX_MESSAGE_LENGTH = 24 * 1024 * 1024;

function invalid(message: string, cause?: unknown): GatewayError {
  return new GatewayError('upstream_invalid_response', 502, `Malformed AWS event stream: ${message}`, cause === undefined ? {} : { cause });
}

function headerString(headers: MessageHeaders, name: string): string | undefined {
  const header = headers[name];
  return header?.type === 'string' ? header.value : undefined;
}

/** Maps a decoded message to a StreamFrame (see StreamFrame for which header fills which field). */
function toFrame(message: Message): StreamFrame {
  const headers = message.headers;
  const kind = headerString(headers, ':message-type');
  const data = toUtf8(message.body);
  if (kind === 'exception') {
    const type = headerString(headers, ':exception-type');
    return type === undefined ? { messageType: 'exception', data } : { messageType: 'exception', event: type, data };
  }
  if (kind === 'error') {
    // Unmodeled errors carry their text in headers and usually an empty payload.
    const code = headerString(headers, ':error-code');
    const text = data.length > 0 ? data : (headerString(headers, ':error-message') ?? '');
    return code === undefined ? { messageType: 'error', data: text } : { messageType: 'error', event: code, data: text };
  }
  const type = headerString(headers, ':event-type');
  return type === undefined ? { messageType: 'event', data } : { messageType: 'event', event: type, data };
}

/**
 * Creates an event-stream frame decoder. push() throws GatewayError (502) on a CRC mismatch or
 * an impossible length, upstream_response_too_large when a message announces more than
 * maxEventBytes; end() throws when the body stopped inside a message.
 */
export function createAwsEventStreamFrameDecoder(onFrame: (frame: StreamFrame) => void, options: FrameDecoderOptions = {}): FrameDecoder {
  const maxEventBytes = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
  const codec = new EventStreamCodec(toUtf8, fromUtf8);
  // Only a message split across reads is copied: `held` bytes of it in `partial`, which is sized
  // to the message's announced (already capped) length, so the buffer never outgrows the cap.
  let partial = new Uint8Array(PRELUDE_LENGTH);
  let held = 0;
  // The held message's announced length; 0 while its prelude is still incomplete.
  let announced = 0;

  /** Validates a prelude and returns the message length it announces. */
  function messageLength(prelude: Uint8Array): number {
    const view = new DataView(prelude.buffer, prelude.byteOffset, PRELUDE_LENGTH);
    const total = view.getUint32(0, false);
    const headersLength = view.getUint32(4, false);
    // Checked before waiting for the body: a corrupt length must not make us buffer forever.
    if (crc32(prelude.subarray(0, 8)) !== view.getUint32(8, false)) throw invalid('prelude CRC mismatch');
    if (total < MIN_MESSAGE_LENGTH || total > MAX_MESSAGE_LENGTH || headersLength > total - MIN_MESSAGE_LENGTH) {
      throw invalid(`impossible message length ${total} (headers ${headersLength})`);
    }
    if (total > maxEventBytes) throw eventTooLarge(options, maxEventBytes);
    return total;
  }

  function emit(bytes: Uint8Array): void {
    let message: Message;
    try {
      message = codec.decode(bytes);
    } catch (err) {
      throw invalid(err instanceof Error ? err.message : String(err), err);
    }
    onFrame(toFrame(message));
  }

  function reserve(length: number): void {
    if (partial.length >= length) return;
    const next = new Uint8Array(length);
    next.set(partial.subarray(0, held), 0);
    partial = next;
  }

  return {
    push(chunk) {
      let offset = 0;
      // First complete the message left over from earlier reads, taking only the bytes it needs.
      while (held > 0 && offset < chunk.length) {
        const take = chunk.subarray(offset, offset + (announced === 0 ? PRELUDE_LENGTH : announced) - held);
        offset += take.length;
        partial.set(take, held);
        held += take.length;
        if (announced === 0) {
          if (held < PRELUDE_LENGTH) continue;
          announced = messageLength(partial.subarray(0, PRELUDE_LENGTH));
          reserve(announced);
        } else if (held === announced) {
          const total = announced;
          held = announced = 0;
          emit(partial.subarray(0, total));
        }
      }
      // Then whole messages straight from the chunk, without copying.
      while (held === 0 && chunk.length - offset >= PRELUDE_LENGTH) {
        const total = messageLength(chunk.subarray(offset, offset + PRELUDE_LENGTH));
        if (chunk.length - offset < total) {
          announced = total;
          break;
        }
        emit(chunk.subarray(offset, offset + total));
        offset += total;
      }
      // Keep the incomplete rest: part of one message, whose announced length passed the cap check.
      if (offset < chunk.length) {
        reserve(Math.max(announced, PRELUDE_LENGTH));
        partial.set(chunk.subarray(offset), 0);
        held = chunk.length - offset;
      }
    },
    end() {
      if (held > 0) throw invalid(`stream ended inside a message (${held} bytes left over)`);
    },
  };
}
