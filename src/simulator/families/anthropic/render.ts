/** Renders a SimReply as an Anthropic message JSON or as the exact SSE event sequence. */
import type { SimReply } from '../../reply.js';
import { chunkText } from '../../reply.js';
import { sseEvent } from '../../responder.js';
import { signThinking } from './signature.js';

/** Anthropic tool ids start with toolu_; the planner's ids are reused after the prefix. */
export function toolUseId(plannedId: string): string {
  return `toolu_${plannedId.replace(/^call_/, '')}`;
}

function stopReason(reply: SimReply): string {
  if (reply.finish === 'tool_calls') return 'tool_use';
  if (reply.finish === 'length') return 'max_tokens';
  if (reply.finish === 'content_filter') return 'refusal';
  return reply.stopSequence !== undefined ? 'stop_sequence' : 'end_turn';
}

function usage(reply: SimReply): Record<string, unknown> {
  const cached = reply.usage.cachedInputTokens;
  return {
    input_tokens: reply.usage.inputTokens - cached,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: cached,
    output_tokens: reply.usage.outputTokens,
    service_tier: 'standard',
  };
}

/** The non-streamed message. */
export function renderMessage(reply: SimReply, model: string, id: string): Record<string, unknown> {
  const content: Record<string, unknown>[] = [];
  if (reply.reasoning !== undefined) {
    content.push({ type: 'thinking', thinking: reply.reasoning, signature: signThinking(reply.reasoning) });
  }
  if (reply.text !== '') content.push({ type: 'text', text: reply.text, citations: null });
  for (const call of reply.toolCalls) {
    content.push({ type: 'tool_use', id: toolUseId(call.id), name: call.name, input: JSON.parse(call.arguments) });
  }
  return {
    id,
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: stopReason(reply),
    stop_sequence: reply.stopSequence ?? null,
    usage: usage(reply),
  };
}

/** Splits tool arguments into at least two fragments, led by "" as the real API often does. */
export function jsonFragments(json: string): string[] {
  if (json.length < 2) return ['', json];
  const step = Math.max(1, Math.ceil(json.length / 3));
  const parts = [''];
  for (let i = 0; i < json.length; i += step) parts.push(json.slice(i, i + step));
  return parts;
}

/** The SSE events of a streamed reply, one string per event (so faults can cut between them). */
export function renderEvents(reply: SimReply, model: string, id: string): string[] {
  const ev = (data: Record<string, unknown>) => sseEvent(data, data.type as string);
  const delta = (index: number, d: Record<string, unknown>) => ev({ type: 'content_block_delta', index, delta: d });
  const start = usage(reply);
  const frames = [
    ev({
      type: 'message_start',
      message: {
        id,
        type: 'message',
        role: 'assistant',
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { ...start, output_tokens: 1 },
      },
    }),
  ];
  let index = 0;
  const open = (block: Record<string, unknown>) => {
    frames.push(ev({ type: 'content_block_start', index, content_block: block }));
    if (index === 0) frames.push(sseEvent({ type: 'ping' }, 'ping'));
  };
  const close = () => frames.push(ev({ type: 'content_block_stop', index: index++ }));

  if (reply.reasoning !== undefined) {
    open({ type: 'thinking', thinking: '', signature: '' });
    for (const piece of chunkText(reply.reasoning)) frames.push(delta(index, { type: 'thinking_delta', thinking: piece }));
    frames.push(delta(index, { type: 'signature_delta', signature: signThinking(reply.reasoning) }));
    close();
  }
  if (reply.text !== '') {
    open({ type: 'text', text: '' });
    for (const piece of reply.textChunks) frames.push(delta(index, { type: 'text_delta', text: piece }));
    close();
  }
  for (const call of reply.toolCalls) {
    open({ type: 'tool_use', id: toolUseId(call.id), name: call.name, input: {} });
    for (const piece of jsonFragments(call.arguments)) frames.push(delta(index, { type: 'input_json_delta', partial_json: piece }));
    close();
  }
  if (index === 0) frames.push(sseEvent({ type: 'ping' }, 'ping'));
  frames.push(
    ev({
      type: 'message_delta',
      delta: { stop_reason: stopReason(reply), stop_sequence: reply.stopSequence ?? null },
      usage: { output_tokens: reply.usage.outputTokens },
    }),
    ev({ type: 'message_stop' }),
  );
  return frames;
}
