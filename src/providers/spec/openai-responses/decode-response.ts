/** OpenAI Responses `response` JSON → canonical ChatResponse. */
import { GatewayError } from '../../../core/errors.js';
import { newToolCallId } from '../../../core/ids.js';
import type { ChatResponse, ToolCall } from '../../../core/types.js';
import { asArray, asNumber, asObject, asString } from '../json.js';
import { mapResponsesFinish } from './map-finish-reason.js';
import { mapResponsesUsage } from './map-usage.js';
import { isNativeItem, messageTextOf, reasoningTextOf } from './output-items.js';

/** The GatewayError for a response (or stream) the provider reports as failed. */
export function responseFailed(providerId: string, response: Record<string, unknown> | undefined): GatewayError {
  const error = asObject(response?.error);
  return new GatewayError('upstream_error', 502, asString(error?.message) ?? `Provider '${providerId}' reported that the response failed.`, {
    provider: providerId,
    upstreamType: asString(error?.code),
  });
}

/**
 * Decodes a response object. Text and refusal come from message items, tool calls from
 * function_call items (call_id is the id a tool result answers), reasoning text from summaries.
 * The canonical answer carries one reasoning item's id and encrypted_content (the first); any
 * further reasoning items, like every item without a canonical form, are kept verbatim in
 * nativeItems, so nothing the next turn needs is lost.
 */
export function decodeResponsesBody(raw: unknown, providerId: string): ChatResponse {
  const body = asObject(raw);
  if (!body || !Array.isArray(body.output)) {
    throw new GatewayError('upstream_invalid_response', 502, `Provider '${providerId}' returned a response without an output list.`, {
      provider: providerId,
    });
  }
  if (body.status === 'failed') throw responseFailed(providerId, body);
  let text = '';
  let refusal = '';
  const reasoning: string[] = [];
  const toolCalls: ToolCall[] = [];
  const nativeItems: Record<string, unknown>[] = [];
  let reasoningItem: Record<string, unknown> | undefined;
  for (const raw of asArray(body.output)) {
    const item = asObject(raw);
    if (!item) continue;
    if (item.type === 'message') {
      const parts = messageTextOf(item);
      text += parts.text;
      refusal += parts.refusal;
    } else if (item.type === 'function_call') {
      const args = item.arguments;
      toolCalls.push({
        id: asString(item.call_id) ?? newToolCallId(),
        name: asString(item.name) ?? '',
        arguments: typeof args === 'string' ? args : JSON.stringify(args ?? {}),
      });
    } else if (item.type === 'reasoning') {
      const summary = reasoningTextOf(item);
      if (summary) reasoning.push(summary);
      if (!reasoningItem) reasoningItem = item;
      else nativeItems.push(item);
    } else if (isNativeItem(item)) nativeItems.push(item);
  }
  const finish = mapResponsesFinish(body.status, body.incomplete_details, toolCalls.length > 0);
  const response: ChatResponse = {
    id: asString(body.id) ?? '',
    model: asString(body.model) ?? '',
    created: asNumber(body.created_at) ?? Math.floor(Date.now() / 1000),
    text,
    toolCalls,
    finishReason: finish.reason,
    nativeFinishReason: finish.nativeReason,
    usage: mapResponsesUsage(body.usage) ?? { inputTokens: 0, outputTokens: 0 },
  };
  if (reasoning.length > 0) response.reasoning = reasoning.join('\n\n');
  if (refusal) response.refusal = refusal;
  const reasoningId = asString(reasoningItem?.id);
  if (reasoningId) response.openaiReasoningId = reasoningId;
  const encrypted = asString(reasoningItem?.encrypted_content);
  if (encrypted) response.encryptedReasoning = encrypted;
  if (nativeItems.length > 0) response.nativeItems = nativeItems;
  const tier = asString(body.service_tier);
  if (tier) response.serviceTier = tier;
  return response;
}
