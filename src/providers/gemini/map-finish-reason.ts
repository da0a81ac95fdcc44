/** Gemini finishReason / promptFeedback.blockReason → canonical finish reason. */
import type { FinishReason } from '../../core/types.js';

const FILTERED = new Set(['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'IMAGE_SAFETY', 'IMAGE_PROHIBITED_CONTENT', 'IMAGE_RECITATION']);

/**
 * Maps a candidate's finishReason. Gemini ends a function-call turn with STOP (it has no
 * tool-call reason), so calls in the output decide `tool_calls`. Reasons without a canonical
 * counterpart (LANGUAGE, OTHER, MALFORMED_FUNCTION_CALL, …) map to `stop`; the native reason
 * is kept alongside for logs.
 */
export function mapFinishReason(native: string | undefined, hasToolCalls: boolean): FinishReason {
  if (native === 'MAX_TOKENS') return 'length';
  if (native !== undefined && FILTERED.has(native)) return 'content_filter';
  return hasToolCalls ? 'tool_calls' : 'stop';
}
