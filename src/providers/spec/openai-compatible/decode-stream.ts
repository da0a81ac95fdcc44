/** OpenAI chat.completion.chunk SSE frames → canonical stream events. */
import { GatewayError } from '../../../core/errors.js';
import type { StreamEvent } from '../../../core/types.js';
import { newToolCallId } from '../../../core/ids.js';
import { asArray, asNumber, asObject, asString } from '../json.js';
import type { StreamDecoder, StreamFrame } from '../provider.js';
import { mapOpenAIFinishReason } from './map-finish-reason.js';
import { mapOpenAIUsage } from './map-usage.js';

/**
 * A decoder for one stream. Tool-call fragments are re-indexed: some compatible APIs send every
 * call with index 0 and tell calls apart only by id, so a new id on a used index opens a new call.
 */
export function createOpenAIStreamDecoder(providerId: string): StreamDecoder {
  let started = false;
  let sawToolCalls = false;
  const callIndexByUpstream = new Map<number, { index: number; id: string }>();
  let nextIndex = 0;

  function decodeToolCall(raw: unknown, events: StreamEvent[]): void {
    const fragment = asObject(raw);
    if (!fragment) return;
    const fn = asObject(fragment.function);
    const upstreamIndex = asNumber(fragment.index) ?? 0;
    const id = asString(fragment.id);
    let current = callIndexByUpstream.get(upstreamIndex);
    if (!current || (id && id !== current.id)) {
      current = { index: nextIndex++, id: id ?? newToolCallId() };
      callIndexByUpstream.set(upstreamIndex, current);
      sawToolCalls = true;
      events.push({ type: 'tool_call_start', index: current.index, id: current.id, name: asString(fn?.name) ?? '' });
    }
    const args = fn?.arguments;
    const text = typeof args === 'string' ? args : args !== undefined && args !== null ? JSON.stringify(args) : '';
    if (text.length > 0) events.push({ type: 'tool_call_delta', index: current.index, arguments: text });
  }

  return {
    push(frame: StreamFrame): StreamEvent[] {
      const data = frame.data;
      if (data === '[DONE]' || data.length === 0) return [];
      let chunk: Record<string, unknown> | undefined;
      try {
        chunk = asObject(JSON.parse(data));
      } catch {
        throw new GatewayError('upstream_invalid_response', 502, `Provider '${providerId}' sent a stream chunk that is not JSON.`, { provider: providerId });
      }
      if (!chunk) return [];
      const error = asObject(chunk.error);
      if (error || frame.event === 'error') {
        throw new GatewayError('upstream_error', 502, asString(error?.message) ?? `Provider '${providerId}' reported an error mid-stream.`, {
          provider: providerId,
          upstreamType: asString(error?.type),
        });
      }
      const events: StreamEvent[] = [];
      if (!started) {
        started = true;
        events.push({
          type: 'start',
          id: asString(chunk.id) ?? '',
          model: asString(chunk.model) ?? '',
          created: asNumber(chunk.created) ?? Math.floor(Date.now() / 1000),
        });
      }
      const choice = asObject(asArray(chunk.choices)[0]);
      const delta = asObject(choice?.delta);
      if (delta) {
        const reasoning = asString(delta.reasoning_content) ?? asString(delta.reasoning);
        if (reasoning) events.push({ type: 'reasoning', text: reasoning });
        const content = asString(delta.content);
        if (content) events.push({ type: 'text', text: content });
        for (const call of asArray(delta.tool_calls)) decodeToolCall(call, events);
      }
      const finish = choice?.finish_reason;
      if (typeof finish === 'string') {
        const reason = sawToolCalls && finish === 'stop' ? 'tool_calls' : mapOpenAIFinishReason(finish);
        events.push({ type: 'finish', reason, nativeReason: finish });
      }
      const usage = mapOpenAIUsage(chunk.usage);
      if (usage) events.push({ type: 'usage', usage });
      return events;
    },
    end: () => [],
  };
}
