/** Converse JSON response → canonical ChatResponse. */
import { GatewayError } from '../../core/errors.js';
import { newToolCallId } from '../../core/ids.js';
import type { ChatResponse, ToolCall } from '../../core/types.js';
import { asArray, asObject, asString } from '../spec/json.js';
import { JSON_TOOL_NAME } from './json-mode.js';
import { mapStopReason } from './map-finish-reason.js';
import { mapUsage } from './map-usage.js';

/**
 * Decodes a Converse response. Converse returns neither an id nor the model, so `id` and `model`
 * are '' and `created` is 0, for the caller to fill from the request and its clock. The reserved
 * JSON-mode tool's input comes back as the text answer.
 */
export function decodeConverseBody(raw: unknown, providerId: string): ChatResponse {
  const body = asObject(raw);
  const message = asObject(asObject(body?.output)?.message);
  if (!body || !message) {
    throw new GatewayError('upstream_invalid_response', 502, `Provider '${providerId}' returned a Converse response without output.message.`, {
      provider: providerId,
    });
  }
  let text = '';
  let reasoning = '';
  let reasoningSignature: string | undefined;
  const redacted: string[] = [];
  const toolCalls: ToolCall[] = [];
  let jsonMode = false;
  for (const item of asArray(message.content)) {
    const block = asObject(item);
    if (!block) continue;
    const blockText = asString(block.text);
    if (blockText !== undefined) text += blockText;
    const toolUse = asObject(block.toolUse);
    if (toolUse) {
      const name = asString(toolUse.name) ?? '';
      const args = JSON.stringify(toolUse.input ?? {});
      if (name === JSON_TOOL_NAME) {
        jsonMode = true;
        text += args;
      } else {
        toolCalls.push({ id: asString(toolUse.toolUseId) || newToolCallId(), name, arguments: args });
      }
    }
    const thought = asObject(block.reasoningContent);
    if (thought) {
      const reasoningText = asObject(thought.reasoningText);
      if (reasoningText) {
        reasoning += asString(reasoningText.text) ?? '';
        reasoningSignature = asString(reasoningText.signature) ?? reasoningSignature;
      }
      const redactedContent = asString(thought.redactedContent);
      if (redactedContent !== undefined) redacted.push(redactedContent);
    }
  }
  const nativeReason = asString(body.stopReason);
  let finishReason = mapStopReason(nativeReason);
  if (jsonMode && toolCalls.length === 0 && finishReason === 'tool_calls') finishReason = 'stop';
  const response: ChatResponse = {
    id: '',
    model: '',
    created: 0,
    text,
    toolCalls,
    finishReason,
    usage: mapUsage(body.usage) ?? { inputTokens: 0, outputTokens: 0 },
  };
  if (nativeReason !== undefined) response.nativeFinishReason = nativeReason;
  if (reasoning.length > 0) response.reasoning = reasoning;
  if (reasoningSignature !== undefined) response.reasoningSignature = reasoningSignature;
  if (redacted.length > 0) response.redactedReasoning = redacted;
  const stopSequence = asString(asObject(body.additionalModelResponseFields)?.stop_sequence);
  if (stopSequence) response.stopSequence = stopSequence;
  return response;
}
