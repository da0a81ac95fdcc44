/** Chooses the frame decoder for a provider's stream framing (SSE or AWS event-stream). */
import { createAwsEventStreamFrameDecoder } from '../providers/spec/aws-eventstream.js';
import type { StreamFrame } from '../providers/spec/provider.js';
import { createSseFrameDecoder, type FrameDecoder } from '../providers/spec/sse.js';

/** Creates the decoder for the framing. */
export function createFrameDecoder(framing: 'sse' | 'aws-eventstream', onFrame: (frame: StreamFrame) => void): FrameDecoder {
  return framing === 'aws-eventstream' ? createAwsEventStreamFrameDecoder(onFrame) : createSseFrameDecoder(onFrame);
}
