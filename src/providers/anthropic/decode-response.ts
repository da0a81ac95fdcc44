/** Anthropic message JSON → canonical ChatResponse. */
import { GatewayError } from '../../core/errors.js';
import type { ChatResponse, ToolCall } from '../../core/types.js';
import { asArray, asObject, asString } from '../spec/json.js';
import type { ProviderSettings } from '../spec/provider.js';
import { JSON_TOOL_NAME } from './json-mode.js';
import { mapStopReason } from './map-finish-reason.js';
import { mapUsage } from './map-usage.js';

/**
 * Decodes a 2xx body. Anthropic sends no timestamp, and codecs do not read the clock, so
 * `created` is 0 for the server to stamp. Several thinking blocks (interleaved thinking) are
 * joined; the canonical response keeps one signature, the last one.
 */
export function decodeResponse(body: unknown, settings: ProviderSettings): ChatResponse {
  const message = asObject(body);
  if (message?.type !== 'message') {
    throw new GatewayError('upstream_invalid_response', 502, 'Anthropic returned a body that is not a message.', {
      provider: settings.id,
    });
  }
  let text = '';
  const reasoning: string[] = [];
  let signature: string | undefined;
  const redacted: string[] = [];
  const toolCalls: ToolCall[] = [];
  let jsonAnswer = false;

  for (const item of asArray(message.content)) {
    const block = asObject(item);
    if (!block) continue;
    switch (block.type) {
      case 'text':
        text += asString(block.text) ?? '';
        break;
      case 'thinking':
        reasoning.push(asString(block.thinking) ?? '');
        signature = asString(block.signature) || signature;
        break;
      case 'redacted_thinking':
        redacted.push(asString(block.data) ?? '');
        break;
      case 'tool_use': {
        const name = asString(block.name) ?? '';
        const args = JSON.stringify(block.input ?? {});
        if (name === JSON_TOOL_NAME) {
          text += args;
          jsonAnswer = true;
        } else {
          toolCalls.push({ id: asString(block.id) ?? '', name, arguments: args });
        }
        break;
      }
      // Server-tool and future block types carry nothing the canonical response can hold.
    }
  }

  const nativeReason = asString(message.stop_reason);
  // A forced JSON-mode tool call is the answer itself, not a request to run a tool.
  const finishReason = jsonAnswer && toolCalls.length === 0 && nativeReason === 'tool_use' ? 'stop' : mapStopReason(nativeReason);
  const response: ChatResponse = {
    id: asString(message.id) ?? '',
    model: asString(message.model) ?? '',
    created: 0,
    text,
    toolCalls,
    finishReason,
    usage: mapUsage(message.usage),
  };
  if (reasoning.length > 0) response.reasoning = reasoning.join('\n\n');
  if (signature) response.reasoningSignature = signature;
  if (redacted.length > 0) response.redactedReasoning = redacted;
  if (nativeReason) response.nativeFinishReason = nativeReason;
  const stopSequence = asString(message.stop_sequence);
  if (stopSequence !== undefined) response.stopSequence = stopSequence;
  return response;
}
