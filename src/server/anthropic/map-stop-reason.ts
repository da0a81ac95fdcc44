/** Canonical finish reason → Anthropic stop_reason, and canonical usage → Anthropic usage. */
import { randomId } from '../../core/ids.js';
import type { FinishReason, Usage } from '../../core/types.js';

const FINISH_OF_NATIVE: Record<string, FinishReason> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  pause_turn: 'stop',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  tool_use: 'tool_calls',
  refusal: 'content_filter',
};

/**
 * The stop_reason for a finish. When the upstream was Claude (Anthropic, Bedrock, Vertex) its
 * own reason is kept if it agrees with the finish, so pause_turn and friends survive the trip.
 */
export function stopReasonFor(finish: FinishReason, stopSequence?: string, nativeReason?: string): string {
  if (nativeReason && FINISH_OF_NATIVE[nativeReason] === finish) {
    if (nativeReason === 'stop_sequence' && stopSequence === undefined) return 'end_turn';
    if (nativeReason !== 'end_turn' || stopSequence === undefined) return nativeReason;
  }
  switch (finish) {
    case 'length':
      return 'max_tokens';
    case 'tool_calls':
      return 'tool_use';
    case 'content_filter':
      return 'refusal';
    default:
      return stopSequence !== undefined ? 'stop_sequence' : 'end_turn';
  }
}

/** Anthropic usage: input_tokens excludes cache reads and writes, which are reported apart. */
export function anthropicUsage(usage: Usage): Record<string, number> {
  const cacheRead = usage.cachedInputTokens ?? 0;
  const cacheWrite = usage.cacheWriteTokens ?? 0;
  return {
    input_tokens: Math.max(0, usage.inputTokens - cacheRead - cacheWrite),
    cache_creation_input_tokens: cacheWrite,
    cache_read_input_tokens: cacheRead,
    output_tokens: usage.outputTokens,
  };
}

/** Anthropic message ids start with msg_; ids from other providers get a fresh one. */
export function messageId(upstreamId: string): string {
  return upstreamId.startsWith('msg_') ? upstreamId : `msg_${randomId(24)}`;
}
