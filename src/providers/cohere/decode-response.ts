/** Cohere v2 chat response body → canonical ChatResponse. */
import { GatewayError } from '../../core/errors.js';
import { newToolCallId } from '../../core/ids.js';
import type { ChatResponse, ToolCall } from '../../core/types.js';
import { asArray, asObject, asString } from '../spec/json.js';
import { mapCohereFinishReason } from './map-finish-reason.js';
import { mapCohereUsage } from './map-usage.js';

/** Arguments as JSON text, whether Cohere sent a string or (defensively) an object. */
export function argumentsText(value: unknown): string {
  if (typeof value === 'string') return value;
  return value === undefined || value === null ? '' : JSON.stringify(value);
}

function decodeToolCall(raw: unknown): ToolCall | undefined {
  const call = asObject(raw);
  const fn = asObject(call?.function);
  const name = asString(fn?.name);
  if (!name) return undefined;
  return { id: asString(call?.id) || newToolCallId(), name, arguments: argumentsText(fn?.arguments) };
}

/**
 * Decodes a non-streamed response. Cohere sends neither the model nor a timestamp, so `model`
 * is '' and `created` is 0 for the caller to fill from the request and its clock.
 */
export function decodeCohereChat(body: unknown): ChatResponse {
  const root = asObject(body);
  const message = asObject(root?.message);
  if (!root || !message) {
    throw new GatewayError('upstream_invalid_response', 502, 'Cohere response has no message.', { provider: 'cohere' });
  }
  let text = '';
  const thinking: string[] = [];
  for (const item of asArray(message.content)) {
    const part = asObject(item);
    if (part?.type === 'text') text += asString(part.text) ?? '';
    else if (part?.type === 'thinking') thinking.push(asString(part.thinking) ?? '');
  }
  // Older models plan tool use in tool_plan, newer ones in thinking items: both are reasoning.
  const plan = asString(message.tool_plan);
  if (plan) thinking.push(plan);
  const toolCalls: ToolCall[] = [];
  for (const raw of asArray(message.tool_calls)) {
    const call = decodeToolCall(raw);
    if (call) toolCalls.push(call);
  }
  const nativeReason = asString(root.finish_reason);
  const response: ChatResponse = {
    id: asString(root.id) ?? '',
    model: asString(root.model) ?? '',
    created: 0,
    text,
    toolCalls,
    finishReason: mapCohereFinishReason(nativeReason),
    usage: mapCohereUsage(root.usage),
  };
  const reasoning = thinking.filter(Boolean).join('\n\n');
  if (reasoning) response.reasoning = reasoning;
  if (nativeReason) response.nativeFinishReason = nativeReason;
  return response;
}
