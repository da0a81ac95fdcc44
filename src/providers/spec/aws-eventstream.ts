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
import type { FrameDecoder } from './sse.js';

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
 * an impossible length; end() throws when the body stopped inside a message.
 */
export function createAwsEventStreamFrameDecoder(onFrame: (frame: StreamFrame) => void): FrameDecoder {
  const codec = new EventStreamCodec(toUtf8, fromUtf8);
  // Unconsumed bytes live in buffer[start, end); it grows only when one message outgrows it.
  let buffer = new Uint8Array(0);
  let start = 0;
  let end = 0;

  function append(chunk: Uint8Array): void {
    const held = end - start;
    if (end + chunk.length > buffer.length) {
      const needed = held + chunk.length;
      if (needed > buffer.length) {
        const next = new Uint8Array(Math.max(needed, buffer.length * 2, 4096));
        next.set(buffer.subarray(start, end), 0);
        buffer = next;
      } else {
        buffer.copyWithin(0, start, end);
      }
      start = 0;
      end = held;
    }
    buffer.set(chunk, end);
    end += chunk.length;
  }

  function drain(): void {
    while (end - start >= PRELUDE_LENGTH) {
      const view = new DataView(buffer.buffer, buffer.byteOffset + start, PRELUDE_LENGTH);
      const total = view.getUint32(0, false);
      const headersLength = view.getUint32(4, false);
      // Checked before waiting for the body: a corrupt length must not make us buffer forever.
      if (crc32(buffer.subarray(start, start + 8)) !== view.getUint32(8, false)) throw invalid('prelude CRC mismatch');
      if (total < MIN_MESSAGE_LENGTH || total > MAX_MESSAGE_LENGTH || headersLength > total - MIN_MESSAGE_LENGTH) {
        throw invalid(`impossible message length ${total} (headers ${headersLength})`);
      }
      if (end - start < total) return;
      let message: Message;
      try {
        message = codec.decode(buffer.subarray(start, start + total));
      } catch (err) {
        throw invalid(err instanceof Error ? err.message : String(err), err);
      }
      start += total;
      if (start === end) start = end = 0;
      onFrame(toFrame(message));
    }
  }

  return {
    push(chunk) {
      if (chunk.length === 0) return;
      append(chunk);
      drain();
    },
    end() {
      if (end - start > 0) throw invalid(`stream ended inside a message (${end - start} bytes left over)`);
    },
  };
}
