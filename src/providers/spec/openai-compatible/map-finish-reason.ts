/** OpenAI finish_reason → canonical FinishReason. */
import type { FinishReason } from '../../../core/types.js';

/** Maps finish_reason; unknown values count as a normal stop. */
export function mapOpenAIFinishReason(reason: unknown): FinishReason {
  switch (reason) {
    case 'length':
      return 'length';
    case 'tool_calls':
    case 'function_call':
      return 'tool_calls';
    case 'content_filter':
      return 'content_filter';
    default:
      return 'stop';
  }
}
