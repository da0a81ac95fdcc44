/** Chooses the frame decoder for a provider's stream framing (SSE or AWS event-stream). */
import type { StreamFrame } from '../providers/spec/provider.js';
import { createSseFrameDecoder, type FrameDecoder } from '../providers/spec/sse.js';

/** Creates the decoder for the framing. AWS event-stream support is registered by the bedrock work. */
export function createFrameDecoder(framing: 'sse' | 'aws-eventstream', onFrame: (frame: StreamFrame) => void): FrameDecoder {
  if (framing === 'aws-eventstream') throw new Error('AWS event-stream framing is not available yet.');
  return createSseFrameDecoder(onFrame);
}
