/** Chooses the frame decoder for a provider's stream framing (SSE or AWS event-stream). */
import { createAwsEventStreamFrameDecoder } from '../providers/spec/aws-eventstream.js';
import type { StreamFrame } from '../providers/spec/provider.js';
import { createSseFrameDecoder, type FrameDecoder, type FrameDecoderOptions } from '../providers/spec/sse.js';

/** Creates the decoder for the framing; options carry the event cap (server.upstream_max_event_bytes). */
export function createFrameDecoder(framing: 'sse' | 'aws-eventstream', onFrame: (frame: StreamFrame) => void, options: FrameDecoderOptions = {}): FrameDecoder {
  return framing === 'aws-eventstream' ? createAwsEventStreamFrameDecoder(onFrame, options) : createSseFrameDecoder(onFrame, options);
}
