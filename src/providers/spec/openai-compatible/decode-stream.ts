/** OpenAI chat.completion.chunk SSE frames → canonical stream events. */
import { GatewayError } from '../../../core/errors.js';
import { newToolCallId } from '../../../core/ids.js';
import type { StreamEvent, TokenLogprob } from '../../../core/types.js';
import { asArray, asNumber, asObject, asString } from '../json.js';
import type { StreamDecoder, StreamFrame } from '../provider.js';
import { splitContent } from './content-parts.js';
import type { OpenAIDialect } from './dialect.js';
import { mapOpenAIFinishReason } from './map-finish-reason.js';
import { decodeChoiceLogprobs } from './logprobs.js';
import { mapOpenAIUsage } from './map-usage.js';
import { createThinkSplitter, type ThinkSplitter } from './think-tags.js';

/**
 * A decoder for one stream. Tool-call fragments are re-indexed: some compatible APIs send every
 * call with index 0 and tell calls apart only by id, so a new id on a used index opens a new call.
 * Usage is taken from wherever the dialect's vendor puts it and emitted once; finish is emitted
 * once. Chunks that carry only annotations (Azure's content-filter results: empty id, no delta)
 * produce no events.
 */
export function createOpenAIStreamDecoder(providerId: string, dialect?: OpenAIDialect): StreamDecoder {
  let started = false;
  let sawToolCalls = false;
  let finished = false;
  let usageSent = false;
  const callIndexByUpstream = new Map<number, { index: number; id: string }>();
  let nextIndex = 0;
  const think: ThinkSplitter | undefined = dialect?.thinkTags ? createThinkSplitter() : undefined;

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

  function pushText(text: string, events: StreamEvent[]): void {
    if (!think) {
      if (text) events.push({ type: 'text', text });
      return;
    }
    for (const segment of think.push(text)) events.push({ type: segment.kind, text: segment.text });
  }

  /**
   * Puts a chunk's token log-probabilities on the text event it produced; when it produced none
   * (a token that ends mid-character, or text held back by the <think> splitter), on an empty one.
   */
  function attachLogprobs(events: StreamEvent[], from: number, logprobs: TokenLogprob[]): void {
    for (let i = events.length - 1; i >= from; i--) {
      const event = events[i]!;
      if (event.type === 'text') {
        event.logprobs = logprobs;
        return;
      }
    }
    events.push({ type: 'text', text: '', logprobs });
  }

  /** A chunk with no delta, no finish and no usage whose id is empty only annotates (Azure). */
  function annotationOnly(chunk: Record<string, unknown>, choice: Record<string, unknown> | undefined): boolean {
    if (chunk.id !== '') return false;
    if (choice?.delta !== undefined || typeof choice?.finish_reason === 'string') return false;
    return mapOpenAIUsage(chunk.usage) === undefined;
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
      const choice = asObject(asArray(chunk.choices)[0]);
      if (annotationOnly(chunk, choice)) return [];
      const events: StreamEvent[] = [];
      if (!started) {
        started = true;
        const start: StreamEvent & { type: 'start' } = {
          type: 'start',
          id: asString(chunk.id) ?? '',
          model: asString(chunk.model) ?? '',
          created: asNumber(chunk.created) ?? Math.floor(Date.now() / 1000),
        };
        const tier = asString(chunk.service_tier);
        if (tier) start.serviceTier = tier;
        const fingerprint = asString(chunk.system_fingerprint);
        if (fingerprint) start.systemFingerprint = fingerprint;
        events.push(start);
      }
      const delta = asObject(choice?.delta);
      if (delta) {
        const content = splitContent(delta.content);
        const reasoning = (asString(delta.reasoning_content) ?? asString(delta.reasoning) ?? '') + content.reasoning;
        if (reasoning) events.push({ type: 'reasoning', text: reasoning });
        const from = events.length;
        pushText(content.text, events);
        // Most chunks carry `logprobs: null`: skip the decoding (and its allocation) for them.
        if (choice?.logprobs != null) {
          const logprobs = decodeChoiceLogprobs(choice.logprobs).content;
          if (logprobs && logprobs.length > 0) attachLogprobs(events, from, logprobs);
        }
        for (const call of asArray(delta.tool_calls)) decodeToolCall(call, events);
      }
      const finish = choice?.finish_reason;
      if (typeof finish === 'string' && !finished) {
        finished = true;
        if (think) for (const segment of think.end()) events.push({ type: segment.kind, text: segment.text });
        const reason = sawToolCalls && finish === 'stop' ? 'tool_calls' : mapOpenAIFinishReason(finish);
        events.push({ type: 'finish', reason, nativeReason: finish });
      }
      if (!usageSent) {
        const usage = mapOpenAIUsage(chunk.usage) ?? (dialect?.streamUsage ? mapOpenAIUsage(dialect.streamUsage(chunk)) : undefined);
        if (usage) {
          usageSent = true;
          events.push({ type: 'usage', usage });
        }
      }
      return events;
    },
    end: () => (think && !finished ? think.end().map((segment): StreamEvent => ({ type: segment.kind, text: segment.text })) : []),
  };
}
