/** OpenAI Responses SSE events → canonical stream events. */
import { GatewayError } from '../../../core/errors.js';
import { newToolCallId } from '../../../core/ids.js';
import type { StreamEvent } from '../../../core/types.js';
import { asNumber, asObject, asString } from '../json.js';
import type { StreamDecoder, StreamFrame } from '../provider.js';
import { responseFailed } from './decode-response.js';
import { mapResponsesFinish } from './map-finish-reason.js';
import { mapResponsesUsage } from './map-usage.js';
import { isNativeItem, messageTextOf, reasoningTextOf, SUMMARY_PART_SEPARATOR } from './output-items.js';

type Json = Record<string, unknown>;

/** Events that open, end or fail the response: they carry the response object (or an error) themselves. */
const LIFECYCLE = new Set(['response.created', 'response.in_progress', 'response.queued', 'response.completed', 'response.incomplete', 'response.failed']);

/** A function call being streamed: its canonical index and whether any arguments went out. */
interface OpenCall {
  index: number;
  sentArguments: boolean;
}

/**
 * A decoder for one stream. Function calls are indexed from 0 in order of first appearance and
 * found again by item id (or output index). Reasoning summary parts are joined the way the
 * non-streamed decoder joins them. The first reasoning item's encrypted_content becomes a
 * reasoning_encrypted event; later reasoning items and every item without a canonical form come
 * out verbatim as native_item events when done. Items whose content arrives only in their done
 * event (no deltas) are still decoded from it.
 */
export function createResponsesStreamDecoder(providerId: string): StreamDecoder {
  let started = false;
  let finished = false;
  let calledFunctions = false;
  let nextIndex = 0;
  let sawReasoningItem = false;
  let reasoningEmitted = false;
  let reasoningPart = '';
  const calls = new Map<string, OpenCall>();
  const streamedText = new Set<string>();
  const streamedReasoning = new Set<string>();

  function start(response: Json | undefined, events: StreamEvent[]): void {
    if (started) return;
    started = true;
    const event: StreamEvent & { type: 'start' } = {
      type: 'start',
      id: asString(response?.id) ?? '',
      model: asString(response?.model) ?? '',
      created: asNumber(response?.created_at) ?? Math.floor(Date.now() / 1000),
    };
    const tier = asString(response?.service_tier);
    if (tier) event.serviceTier = tier;
    events.push(event);
  }

  const callKey = (chunk: Json): string => asString(chunk.item_id) ?? `#${asNumber(chunk.output_index) ?? 0}`;

  function openCall(item: Json, chunk: Json, events: StreamEvent[]): OpenCall {
    const call: OpenCall = { index: nextIndex++, sentArguments: false };
    const id = asString(item.id);
    if (id) calls.set(id, call);
    calls.set(`#${asNumber(chunk.output_index) ?? 0}`, call);
    calledFunctions = true;
    events.push({ type: 'tool_call_start', index: call.index, id: asString(item.call_id) ?? newToolCallId(), name: asString(item.name) ?? '' });
    return call;
  }

  function sendArguments(call: OpenCall, args: unknown, events: StreamEvent[]): void {
    if (typeof args !== 'string' || args.length === 0) return;
    call.sentArguments = true;
    events.push({ type: 'tool_call_delta', index: call.index, arguments: args });
  }

  /** Reasoning text; a new summary part or item is set apart from the text before it. */
  function reasoning(part: string, text: string, events: StreamEvent[]): void {
    if (!text) return;
    if (reasoningEmitted && part !== reasoningPart) events.push({ type: 'reasoning', text: SUMMARY_PART_SEPARATOR });
    reasoningPart = part;
    reasoningEmitted = true;
    events.push({ type: 'reasoning', text });
  }

  function itemDone(item: Json, chunk: Json, events: StreamEvent[]): void {
    const id = asString(item.id) ?? '';
    switch (item.type) {
      case 'message': {
        if (streamedText.has(id)) return;
        const { text } = messageTextOf(item);
        if (text) events.push({ type: 'text', text });
        return;
      }
      case 'function_call': {
        const call = calls.get(id) ?? calls.get(callKey(chunk)) ?? openCall(item, chunk, events);
        if (!call.sentArguments) sendArguments(call, item.arguments, events);
        return;
      }
      case 'reasoning': {
        if (!streamedReasoning.has(id)) reasoning(`${id}:done`, reasoningTextOf(item), events);
        if (sawReasoningItem) events.push({ type: 'native_item', item });
        else {
          sawReasoningItem = true;
          const data = asString(item.encrypted_content);
          if (data) events.push(id ? { type: 'reasoning_encrypted', id, data } : { type: 'reasoning_encrypted', data });
        }
        return;
      }
      default:
        if (isNativeItem(item)) events.push({ type: 'native_item', item });
    }
  }

  function finish(response: Json | undefined, events: StreamEvent[]): void {
    if (finished) return;
    finished = true;
    const outcome = mapResponsesFinish(response?.status, response?.incomplete_details, calledFunctions);
    events.push({ type: 'finish', reason: outcome.reason, nativeReason: outcome.nativeReason });
    const usage = mapResponsesUsage(response?.usage);
    if (usage) events.push({ type: 'usage', usage });
  }

  function decode(type: string, chunk: Json, events: StreamEvent[]): void {
    switch (type) {
      case 'response.created':
      case 'response.in_progress':
      case 'response.queued':
        start(asObject(chunk.response), events);
        return;
      case 'response.output_text.delta': {
        const delta = asString(chunk.delta);
        if (!delta) return;
        streamedText.add(asString(chunk.item_id) ?? '');
        events.push({ type: 'text', text: delta });
        return;
      }
      case 'response.reasoning_summary_text.delta':
      case 'response.reasoning_text.delta': {
        const id = asString(chunk.item_id) ?? '';
        streamedReasoning.add(id);
        const part = type === 'response.reasoning_text.delta' ? `${id}:text` : `${id}:${asNumber(chunk.summary_index) ?? 0}`;
        reasoning(part, asString(chunk.delta) ?? '', events);
        return;
      }
      case 'response.output_item.added': {
        const item = asObject(chunk.item);
        if (item?.type === 'function_call') sendArguments(openCall(item, chunk, events), item.arguments, events);
        return;
      }
      case 'response.function_call_arguments.delta': {
        const call = calls.get(callKey(chunk));
        if (call) sendArguments(call, chunk.delta, events);
        return;
      }
      case 'response.function_call_arguments.done': {
        const call = calls.get(callKey(chunk));
        if (call && !call.sentArguments) sendArguments(call, chunk.arguments, events);
        return;
      }
      case 'response.output_item.done': {
        const item = asObject(chunk.item);
        if (item) itemDone(item, chunk, events);
        return;
      }
      case 'response.completed':
      case 'response.incomplete':
        start(asObject(chunk.response), events);
        finish(asObject(chunk.response), events);
        return;
      case 'response.failed':
        throw responseFailed(providerId, asObject(chunk.response));
      case 'error':
        throw new GatewayError('upstream_error', 502, asString(chunk.message) ?? `Provider '${providerId}' reported an error mid-stream.`, {
          provider: providerId,
          upstreamType: asString(chunk.code),
        });
    }
  }

  return {
    push(frame: StreamFrame): StreamEvent[] {
      const data = frame.data;
      if (data === '[DONE]' || data.length === 0) return [];
      let chunk: Json | undefined;
      try {
        chunk = asObject(JSON.parse(data));
      } catch {
        throw new GatewayError('upstream_invalid_response', 502, `Provider '${providerId}' sent a stream event that is not JSON.`, { provider: providerId });
      }
      if (!chunk) return [];
      const type = asString(chunk.type) ?? frame.event ?? '';
      const events: StreamEvent[] = [];
      // Content before the response.created event still opens the stream.
      if (!started && type.startsWith('response.') && !LIFECYCLE.has(type)) start(undefined, events);
      decode(type, chunk, events);
      return events;
    },
    end: () => [],
  };
}
