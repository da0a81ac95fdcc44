/**
 * A cached answer replayed as a real stream: the canonical events an upstream would have sent
 * (start, reasoning and text in small deltas, each tool call's start and argument deltas, finish,
 * usage), which the ingress encoder turns into the caller's own wire format, `[DONE]` or
 * `message_stop` included. Clients that assemble deltas see what they would see from a provider.
 */
import type { ChatResponse, StreamEvent } from '../core/types.js';

/** Characters per text or argument delta: a few tokens, as providers send them. */
const DELTA_CHARS = 24;
/** Events per batch: one batch is one socket write, so a long answer still yields to backpressure. */
const BATCH_EVENTS = 64;

/** Splits text into deltas at word boundaries where it can, never inside a surrogate pair. */
export function deltas(text: string, size = DELTA_CHARS): string[] {
  const out: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + size);
    if (end < text.length) {
      const space = text.lastIndexOf(' ', end);
      if (space > start) end = space + 1;
      const code = text.charCodeAt(end - 1);
      if (code >= 0xd800 && code <= 0xdbff) end++;
    }
    out.push(text.slice(start, end));
    start = end;
  }
  return out;
}

/** The answer as canonical stream events, in order. `id` is the replayed answer's own id. */
export function replayEvents(response: ChatResponse, id: string, created: number): StreamEvent[] {
  const events: StreamEvent[] = [{ type: 'start', id, model: response.model, created }];
  if (response.reasoning) for (const text of deltas(response.reasoning)) events.push({ type: 'reasoning', text });
  if (response.reasoningSignature) events.push({ type: 'reasoning_signature', signature: response.reasoningSignature });
  for (const data of response.redactedReasoning ?? []) events.push({ type: 'redacted_reasoning', data });
  if (response.text) for (const text of deltas(response.text)) events.push({ type: 'text', text });
  response.toolCalls.forEach((call, index) => {
    events.push({ type: 'tool_call_start', index, id: call.id, name: call.name, ...(call.signature ? { signature: call.signature } : {}) });
    for (const piece of deltas(call.arguments, DELTA_CHARS * 2)) events.push({ type: 'tool_call_delta', index, arguments: piece });
  });
  events.push({
    type: 'finish',
    reason: response.finishReason,
    ...(response.nativeFinishReason ? { nativeReason: response.nativeFinishReason } : {}),
    ...(response.stopSequence ? { stopSequence: response.stopSequence } : {}),
  });
  events.push({ type: 'usage', usage: { ...response.usage } });
  return events;
}

/** The events in batches, as an async iterable the pipeline taps and the server writes. */
export async function* replayBatches(events: readonly StreamEvent[]): AsyncGenerator<StreamEvent[]> {
  for (let i = 0; i < events.length; i += BATCH_EVENTS) yield events.slice(i, i + BATCH_EVENTS);
}

/**
 * The answer served again as a body, with its own id and time: a copy down to the arrays and
 * objects a later step might change (tool calls, usage), so callers never share them with the
 * stored entry. Strings are immutable and shared; a deep clone would cost more than the hit saves.
 */
export function replayResponse(response: ChatResponse, id: string, created: number): ChatResponse {
  const copy: ChatResponse = { ...response, id, created, toolCalls: response.toolCalls.map((call) => ({ ...call })), usage: { ...response.usage } };
  if (response.redactedReasoning) copy.redactedReasoning = [...response.redactedReasoning];
  if (response.nativeItems) copy.nativeItems = response.nativeItems.map((item) => structuredClone(item));
  if (response.logprobs) copy.logprobs = structuredClone(response.logprobs);
  return copy;
}
