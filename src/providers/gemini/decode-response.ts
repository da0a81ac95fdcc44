/** Gemini GenerateContentResponse (non-streamed) → canonical ChatResponse. */
import { GatewayError } from '../../core/errors.js';
import { newToolCallId, randomId } from '../../core/ids.js';
import type { ChatResponse, ToolCall } from '../../core/types.js';
import { asArray, asObject, asString } from '../spec/json.js';
import type { ProviderSettings } from '../spec/provider.js';
import { createdFromTime, decodePart } from './decode-parts.js';
import { decodeGeminiLogprobs } from './logprobs.js';
import { mapFinishReason } from './map-finish-reason.js';
import { mapUsage } from './map-usage.js';

/**
 * Decodes the first candidate. A prompt blocked before generation (promptFeedback.blockReason,
 * no candidates) is a content_filter finish with empty output, not an error: Google answers 200.
 */
export function decodeChatResponse(body: unknown, settings: ProviderSettings): ChatResponse {
  const root = asObject(body);
  if (!root) throw new GatewayError('upstream_invalid_response', 502, 'Gemini returned a body that is not a JSON object.', { provider: settings.id });
  const candidate = asObject(asArray(root.candidates)[0]);
  const blockReason = asString(asObject(root.promptFeedback)?.blockReason);
  if (!candidate && !blockReason) {
    throw new GatewayError('upstream_invalid_response', 502, 'Gemini returned no candidates.', { provider: settings.id });
  }
  let text = '';
  let reasoning = '';
  let reasoningSignature: string | undefined;
  const toolCalls: ToolCall[] = [];
  for (const value of asArray(asObject(candidate?.content)?.parts)) {
    const part = decodePart(value);
    if (!part) continue;
    if (part.kind === 'call') {
      const call: ToolCall = { id: part.id ?? newToolCallId(), name: part.name, arguments: part.arguments };
      if (part.signature) call.signature = part.signature;
      toolCalls.push(call);
      continue;
    }
    if (part.kind === 'thought') reasoning += part.text;
    else text += part.text;
    if (part.signature) reasoningSignature = part.signature;
  }
  const native = asString(candidate?.finishReason);
  const response: ChatResponse = {
    id: asString(root.responseId) ?? `gen-${randomId(24)}`,
    model: asString(root.modelVersion) ?? '',
    created: createdFromTime(root.createTime),
    text,
    toolCalls,
    finishReason: candidate ? mapFinishReason(native, toolCalls.length > 0) : 'content_filter',
    usage: mapUsage(root.usageMetadata) ?? { inputTokens: 0, outputTokens: 0 },
  };
  const nativeReason = native ?? blockReason;
  if (nativeReason) response.nativeFinishReason = nativeReason;
  if (reasoning) response.reasoning = reasoning;
  if (reasoningSignature) response.reasoningSignature = reasoningSignature;
  const logprobs = decodeGeminiLogprobs(candidate);
  if (logprobs) response.logprobs = logprobs;
  return response;
}
