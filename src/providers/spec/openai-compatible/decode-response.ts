/** OpenAI chat.completion JSON → canonical ChatResponse. */
import { GatewayError } from '../../../core/errors.js';
import type { ChatResponse, ToolCall } from '../../../core/types.js';
import { newToolCallId } from '../../../core/ids.js';
import { asArray, asNumber, asObject, asString } from '../json.js';
import { splitContent } from './content-parts.js';
import type { OpenAIDialect } from './dialect.js';
import { decodeChoiceLogprobs } from './logprobs.js';
import { mapOpenAIFinishReason } from './map-finish-reason.js';
import { mapOpenAIUsage } from './map-usage.js';
import { splitThinkTags } from './think-tags.js';

/**
 * Decodes the first choice of a chat.completion. Reasoning comes from reasoning_content or
 * reasoning, from thinking chunks of an array content (Mistral), or from <think> tags when the
 * dialect says so.
 */
export function decodeChatBody(raw: unknown, providerId: string, dialect?: OpenAIDialect): ChatResponse {
  const body = asObject(raw);
  const choice = asObject(asArray(body?.choices)[0]);
  const message = asObject(choice?.message);
  if (!body || !message) {
    throw new GatewayError('upstream_invalid_response', 502, `Provider '${providerId}' returned a response without choices[0].message.`, {
      provider: providerId,
    });
  }
  const toolCalls: ToolCall[] = [];
  for (const item of asArray(message.tool_calls)) {
    const call = asObject(item);
    const fn = asObject(call?.function);
    if (!fn) continue;
    const args = fn.arguments;
    toolCalls.push({
      id: asString(call?.id) ?? newToolCallId(),
      name: asString(fn.name) ?? '',
      arguments: typeof args === 'string' ? args : JSON.stringify(args ?? {}),
    });
  }
  const content = splitContent(message.content);
  let text = content.text;
  let reasoning = asString(message.reasoning_content) ?? asString(message.reasoning) ?? '';
  reasoning += content.reasoning;
  if (dialect?.thinkTags) {
    const split = splitThinkTags(text);
    text = split.text;
    reasoning += split.reasoning;
  }
  const response: ChatResponse = {
    id: asString(body.id) ?? '',
    model: asString(body.model) ?? '',
    created: asNumber(body.created) ?? Math.floor(Date.now() / 1000),
    text,
    toolCalls,
    finishReason: toolCalls.length > 0 && choice?.finish_reason === 'stop' ? 'tool_calls' : mapOpenAIFinishReason(choice?.finish_reason),
    nativeFinishReason: asString(choice?.finish_reason),
    usage: mapOpenAIUsage(body.usage) ?? { inputTokens: 0, outputTokens: 0 },
  };
  if (reasoning) response.reasoning = reasoning;
  const refusal = asString(message.refusal);
  if (refusal) response.refusal = refusal;
  const logprobs = decodeChoiceLogprobs(choice?.logprobs);
  if (logprobs.content) response.logprobs = logprobs.content;
  if (logprobs.refusal) response.refusalLogprobs = logprobs.refusal;
  const tier = asString(body.service_tier);
  if (tier) response.serviceTier = tier;
  const fingerprint = asString(body.system_fingerprint);
  if (fingerprint) response.systemFingerprint = fingerprint;
  return response;
}
