/** Converse stopReason → canonical finish reason. */
import type { FinishReason } from '../../core/types.js';

/**
 * malformed_model_output / malformed_tool_use mean the model produced something unusable, which
 * is an error for the caller rather than a normal stop. Unknown future values read as "stop".
 */
export function mapStopReason(stopReason: string | undefined): FinishReason {
  switch (stopReason) {
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'guardrail_intervened':
    case 'content_filtered':
      return 'content_filter';
    case 'malformed_model_output':
    case 'malformed_tool_use':
      return 'error';
    default:
      return 'stop';
  }
}
