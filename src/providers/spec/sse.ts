/** SSE framing for upstream streams: bytes in, StreamFrames out (eventsource-parser does the parsing). */
import { createParser } from 'eventsource-parser';
import type { StreamFrame } from './provider.js';

/** A push-based frame decoder: feed it body chunks, it calls onFrame for every complete event. */
export interface FrameDecoder {
  push(chunk: Uint8Array): void;
  end(): void;
}

/** Creates an SSE frame decoder. Comment lines and retry fields are ignored, as clients do. */
export function createSseFrameDecoder(onFrame: (frame: StreamFrame) => void): FrameDecoder {
  const textDecoder = new TextDecoder('utf-8');
  const parser = createParser({
    onEvent(message) {
      onFrame(message.event ? { event: message.event, data: message.data } : { data: message.data });
    },
  });
  return {
    push(chunk) {
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
