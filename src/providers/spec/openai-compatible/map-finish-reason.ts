/** OpenAI finish_reason → canonical FinishReason. */
import type { FinishReason } from '../../../core/types.js';

/**
 * Maps finish_reason, including compatible APIs' own values: Mistral's model_length (the model's
 * context limit) is a length stop, and its error (also OpenRouter's mid-stream error) is an error.
 * Unknown values, such as Together's eos, count as a normal stop.
 */
export function mapOpenAIFinishReason(reason: unknown): FinishReason {
  switch (reason) {
    case 'length':
    case 'model_length':
      return 'length';
    case 'tool_calls':
    case 'function_call':
      return 'tool_calls';
    case 'content_filter':
      return 'content_filter';
    case 'error':
      return 'error';
    default:
      return 'stop';
  }
}
