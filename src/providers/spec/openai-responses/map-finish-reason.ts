/** A Responses status (and its incomplete_details.reason) → canonical FinishReason. */
import type { FinishReason } from '../../../core/types.js';
import { asObject, asString } from '../json.js';

/** The finish reason and the provider's own word for it. */
export interface ResponsesFinish {
  reason: FinishReason;
  nativeReason: string;
}

/**
 * `completed` is a normal stop (tool_calls when the model called functions); `incomplete` says
 * why in incomplete_details.reason: max_output_tokens is a length stop, content_filter a filtered
 * answer, and any other cut-short answer counts as a length stop too. `failed` and `cancelled`
 * are errors.
 */
export function mapResponsesFinish(status: unknown, incompleteDetails: unknown, calledFunctions: boolean): ResponsesFinish {
  if (status === 'incomplete') {
    const why = asString(asObject(incompleteDetails)?.reason) ?? 'incomplete';
    return { reason: why === 'content_filter' ? 'content_filter' : 'length', nativeReason: why };
  }
  if (status === 'failed' || status === 'cancelled') return { reason: 'error', nativeReason: status };
  return { reason: calledFunctions ? 'tool_calls' : 'stop', nativeReason: asString(status) ?? 'completed' };
}
