/** Canonical ChatResponse → Anthropic message JSON. */
import type { ChatResponse } from '../../core/types.js';
import type { EncodeContext } from '../ingress.js';
import { anthropicUsage, messageId, stopReasonFor } from './map-stop-reason.js';

/** Parses tool arguments for tool_use.input; text that is not a JSON object becomes {}. */
export function toolInput(args: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(args === '' ? '{}' : args);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Encodes the message: thinking first, then text, then tool_use blocks. */
export function encodeResponse(response: ChatResponse, context: EncodeContext): Record<string, unknown> {
  const content: Record<string, unknown>[] = [];
  if (response.reasoning !== undefined || response.reasoningSignature !== undefined) {
    content.push({ type: 'thinking', thinking: response.reasoning ?? '', signature: response.reasoningSignature ?? '' });
  }
  for (const data of response.redactedReasoning ?? []) content.push({ type: 'redacted_thinking', data });
  const text = response.text !== '' ? response.text : (response.refusal ?? '');
  if (text !== '') content.push({ type: 'text', text });
  for (const call of response.toolCalls) {
    content.push({ type: 'tool_use', id: call.id, name: call.name, input: toolInput(call.arguments) });
  }
  const stopReason = stopReasonFor(response.finishReason, response.stopSequence, response.nativeFinishReason);
  return {
    id: messageId(response.id),
    type: 'message',
    role: 'assistant',
    model: context.requestedModel,
    content,
    stop_reason: stopReason,
    stop_sequence: stopReason === 'stop_sequence' ? (response.stopSequence ?? null) : null,
    usage: anthropicUsage(response.usage),
  };
}
