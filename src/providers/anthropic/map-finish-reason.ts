/** Anthropic stop_reason → canonical finish reason. */
import type { FinishReason } from '../../core/types.js';

/**
 * Maps Anthropic's stop_reason. pause_turn means a server tool paused a long turn: the text so
 * far is complete and the caller may continue, so it reads as a normal stop.
 */
export function mapStopReason(reason: string | null | undefined): FinishReason {
  switch (reason) {
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    default:
      // end_turn, stop_sequence, pause_turn, and any reason added later.
      return 'stop';
  }
}
