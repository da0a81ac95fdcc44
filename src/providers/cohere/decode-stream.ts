/** Cohere v2 chat SSE events → canonical stream events. */
import { GatewayError } from '../../core/errors.js';
import { newToolCallId } from '../../core/ids.js';
import type { StreamEvent } from '../../core/types.js';
import { asNumber, asObject, asString, tryParseJson } from '../spec/json.js';
import type { StreamDecoder, StreamFrame } from '../spec/provider.js';
import { argumentsText } from './decode-response.js';
import { mapCohereFinishReason } from './map-finish-reason.js';
import { mapCohereUsage } from './map-usage.js';

function invalid(message: string): GatewayError {
  return new GatewayError('upstream_invalid_response', 502, message, { provider: 'cohere' });
}

/** Reads `delta.message` of an event payload. */
function deltaMessage(payload: Record<string, unknown>): Record<string, unknown> | undefined {
  return asObject(asObject(payload.delta)?.message);
}

/**
 * A decoder for one Cohere stream. Cohere's tool `index` is already an ordinal, but it is
 * renumbered in order of appearance anyway so canonical indexes always start at 0 without gaps.
 * message-end carries both the finish reason and usage (Cohere always sends it); a stream that
 * ends without it was cut short.
 */
export function createCohereStreamDecoder(): StreamDecoder {
  const toolIndex = new Map<number, number>();
  const thinkingBlocks = new Set<number>();
  let ended = false;

  function content(payload: Record<string, unknown>, index: number | undefined): StreamEvent[] {
    const part = asObject(deltaMessage(payload)?.content);
    if (!part) return [];
    const thinking = asString(part.thinking);
    if (thinking !== undefined || part.type === 'thinking') {
      if (index !== undefined) thinkingBlocks.add(index);
      return thinking ? [{ type: 'reasoning', text: thinking }] : [];
    }
    const text = asString(part.text);
    if (!text) return [];
    // A text fragment inside a block opened as thinking is still reasoning.
    return index !== undefined && thinkingBlocks.has(index) ? [{ type: 'reasoning', text }] : [{ type: 'text', text }];
  }

  function toolStart(payload: Record<string, unknown>, cohereIndex: number | undefined): StreamEvent[] {
    const call = asObject(deltaMessage(payload)?.tool_calls);
    const fn = asObject(call?.function);
    const index = toolIndex.size;
    toolIndex.set(cohereIndex ?? index, index);
    const events: StreamEvent[] = [{ type: 'tool_call_start', index, id: asString(call?.id) || newToolCallId(), name: asString(fn?.name) ?? '' }];
    const args = argumentsText(fn?.arguments);
    if (args) events.push({ type: 'tool_call_delta', index, arguments: args });
    return events;
  }

  function toolDelta(payload: Record<string, unknown>, cohereIndex: number | undefined): StreamEvent[] {
    const index = toolIndex.get(cohereIndex ?? toolIndex.size - 1);
    if (index === undefined) throw invalid('Cohere stream sent tool-call-delta before tool-call-start.');
    const args = argumentsText(asObject(asObject(deltaMessage(payload)?.tool_calls)?.function)?.arguments);
    return args ? [{ type: 'tool_call_delta', index, arguments: args }] : [];
  }

  function messageEnd(payload: Record<string, unknown>): StreamEvent[] {
    ended = true;
    const delta = asObject(payload.delta);
    const nativeReason = asString(delta?.finish_reason);
    const reason = mapCohereFinishReason(nativeReason, asString(delta?.error));
    const finish: StreamEvent = nativeReason ? { type: 'finish', reason, nativeReason } : { type: 'finish', reason };
    return [finish, { type: 'usage', usage: mapCohereUsage(delta?.usage) }];
  }

  return {
    push(frame: StreamFrame): StreamEvent[] {
      const data = frame.data.trim();
      if (data === '' || data === '[DONE]') return [];
      const payload = asObject(tryParseJson(data));
      if (!payload) throw invalid('Cohere stream sent a frame that is not a JSON object.');
      const type = asString(payload.type) ?? frame.event;
      const index = asNumber(payload.index);
      switch (type) {
        case 'message-start':
          return [{ type: 'start', id: asString(payload.id) ?? '', model: '', created: 0 }];
        case 'content-start':
        case 'content-delta':
          return content(payload, index);
        case 'tool-plan-delta': {
          const plan = asString(deltaMessage(payload)?.tool_plan);
          return plan ? [{ type: 'reasoning', text: plan }] : [];
        }
        case 'tool-call-start':
          return toolStart(payload, index);
        case 'tool-call-delta':
          return toolDelta(payload, index);
        case 'message-end':
          return messageEnd(payload);
        default:
          // content-end, tool-call-end, citation-start/end, debug: nothing canonical to say.
          return [];
      }
    },
    end(): StreamEvent[] {
      if (!ended) throw invalid('Cohere stream ended before message-end.');
      return [];
    },
  };
}
