import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../core/errors.js';
import type { StreamEvent } from '../../core/types.js';
import { decodeItems } from './decode-items.js';
import { decodeResponsesRequest } from './decode-request.js';
import { ResponsesStreamEncoder } from './encode-stream.js';
import type { ResponseShell } from './response-object.js';

const ID = 'resp_0123456789abcdefABCDEF0123456789';
const BODY = ID.slice(5);
const shell = (): ResponseShell => ({ id: ID, createdAt: 1741290958, store: true, echo: decodeResponsesRequest({ model: 'gpt-4o-mini', input: 'hi' }).echo });

interface Sse {
  event: string;
  data: Record<string, unknown>;
  raw: string;
}

function parse(text: string): Sse[] {
  return text
    .split('\n\n')
    .filter((block) => block.length > 0)
    .map((block) => {
      const [eventLine, dataLine, ...rest] = block.split('\n');
      expect(rest).toEqual([]);
      expect(eventLine).toMatch(/^event: /);
      expect(dataLine).toMatch(/^data: /);
      const data = JSON.parse(dataLine!.slice(6)) as Record<string, unknown>;
      expect(data.type).toBe(eventLine!.slice(7));
      return { event: eventLine!.slice(7), data, raw: dataLine!.slice(6) };
    });
}

function encodeAll(events: StreamEvent[], encoder = new ResponsesStreamEncoder(shell(), 'gpt-4o-mini')): { text: string; encoder: ResponsesStreamEncoder } {
  let text = '';
  for (const event of events) text += encoder.encode(event);
  return { text, encoder };
}

const start: StreamEvent = { type: 'start', id: 'up', model: 'gpt-4o-mini', created: 1 };
const usage: StreamEvent = { type: 'usage', usage: { inputTokens: 37, outputTokens: 1 } };

describe('ResponsesStreamEncoder', () => {
  it("writes a text answer byte for byte as OpenAI's documented stream", () => {
    const { text, encoder } = encodeAll([start, { type: 'text', text: 'Hi' }, { type: 'finish', reason: 'stop' }, usage]);
    const events = parse(text + encoder.end());
    expect(events.map((e) => e.data.sequence_number)).toEqual(events.map((_, i) => i));
    // The documented lines (openai.md 5.4), with our ids and our sequence numbers (we also send response.in_progress).
    const msg = `msg_${BODY}00`;
    const documented = [
      `{"type":"response.output_item.added","sequence_number":2,"output_index":0,"item":{"id":"${msg}","type":"message","status":"in_progress","role":"assistant","content":[]}}`,
      `{"type":"response.content_part.added","sequence_number":3,"item_id":"${msg}","output_index":0,"content_index":0,"part":{"type":"output_text","text":"","annotations":[]}}`,
      `{"type":"response.output_text.delta","sequence_number":4,"item_id":"${msg}","output_index":0,"content_index":0,"delta":"Hi","logprobs":[]}`,
      `{"type":"response.output_text.done","sequence_number":5,"item_id":"${msg}","output_index":0,"content_index":0,"text":"Hi","logprobs":[]}`,
      `{"type":"response.content_part.done","sequence_number":6,"item_id":"${msg}","output_index":0,"content_index":0,"part":{"type":"output_text","text":"Hi","annotations":[]}}`,
      `{"type":"response.output_item.done","sequence_number":7,"output_index":0,"item":{"id":"${msg}","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","text":"Hi","annotations":[]}]}}`,
    ];
    expect(events.slice(2, 8).map((e) => e.raw)).toEqual(documented);
    expect(events.map((e) => e.event)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events[0]!.data.response).toMatchObject({
      id: ID,
      object: 'response',
      created_at: 1741290958,
      status: 'in_progress',
      model: 'gpt-4o-mini',
      output: [],
      usage: null,
    });
    expect(events[8]!.data.response).toMatchObject({
      id: ID,
      status: 'completed',
      output: [{ id: msg, type: 'message', status: 'completed', content: [{ type: 'output_text', text: 'Hi', annotations: [] }] }],
      usage: { input_tokens: 37, output_tokens: 1, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 38 },
    });
  });

  it('streams reasoning as a summary, then parallel function calls, each closed before the next opens', () => {
    const { text, encoder } = encodeAll([
      start,
      { type: 'reasoning', text: 'Let me ' },
      { type: 'reasoning', text: 'think.' },
      { type: 'reasoning_signature', signature: 'sig' },
      { type: 'tool_call_start', index: 0, id: 'call_a', name: 'get_weather' },
      { type: 'tool_call_delta', index: 0, arguments: '{"city":' },
      { type: 'tool_call_delta', index: 0, arguments: '"Paris"}' },
      { type: 'tool_call_start', index: 1, id: 'call_b', name: 'get_time' },
      { type: 'tool_call_delta', index: 1, arguments: '{}' },
      { type: 'finish', reason: 'tool_calls' },
      usage,
    ]);
    const events = parse(text + encoder.end());
    expect(events.map((e) => e.event)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.reasoning_summary_part.added',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.done',
      'response.reasoning_summary_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events[4]!.data).toMatchObject({ item_id: `rs_${BODY}00`, output_index: 0, summary_index: 0, delta: 'Let me ' });
    expect(events[7]!.data.part).toEqual({ type: 'summary_text', text: 'Let me think.' });
    expect(events[9]!.data.item).toEqual({
      id: `fc_${BODY}01`,
      type: 'function_call',
      status: 'in_progress',
      arguments: '',
      call_id: 'call_a',
      name: 'get_weather',
    });
    expect(events[12]!.data).toMatchObject({ item_id: `fc_${BODY}01`, output_index: 1, name: 'get_weather', arguments: '{"city":"Paris"}' });
    const final = events.at(-1)!.data.response as { output: Array<Record<string, unknown>> };
    expect(final.output.map((o) => o.id)).toEqual([`rs_${BODY}00`, `fc_${BODY}01`, `fc_${BODY}02`]);
    // The signature closes its reasoning item, and comes back when the output is sent back.
    const [turn] = decodeItems(final.output, 'input').messages;
    expect(turn!.content).toEqual([{ type: 'reasoning', text: 'Let me think.', signature: 'sig' }]);
  });

  it('carries state that came after the last reasoning item in one more reasoning item at the end', () => {
    const { text, encoder } = encodeAll([
      start,
      { type: 'tool_call_start', index: 0, id: 'c1', name: 'f', signature: 'gem-sig' },
      { type: 'finish', reason: 'tool_calls' },
    ]);
    const final = parse(text + encoder.end()).at(-1)!.data.response as { output: Array<Record<string, unknown>> };
    expect(final.output.map((o) => o.type)).toEqual(['function_call', 'reasoning']);
    expect(decodeItems(final.output, 'input').messages[0]).toMatchObject({ toolCalls: [{ id: 'c1', signature: 'gem-sig' }] });
  });

  it('keeps redacted thinking in a reasoning item ahead of the text after it', () => {
    const { text, encoder } = encodeAll([
      start,
      { type: 'redacted_reasoning', data: 'opaque' },
      { type: 'text', text: 'answer' },
      { type: 'finish', reason: 'stop' },
    ]);
    const final = parse(text + encoder.end()).at(-1)!.data.response as { output: Array<Record<string, unknown>> };
    expect(final.output.map((o) => o.type)).toEqual(['reasoning', 'message']);
    expect(decodeItems(final.output, 'input').messages[0]!.content).toEqual([
      { type: 'reasoning', text: '', redactedData: 'opaque' },
      { type: 'text', text: 'answer' },
    ]);
  });

  it('is incomplete when cut by the token limit, the open message marked incomplete', () => {
    const { text, encoder } = encodeAll([start, { type: 'text', text: 'a b' }, { type: 'finish', reason: 'length' }]);
    const last = parse(text + encoder.end()).at(-1)!;
    expect(last.event).toBe('response.incomplete');
    expect(last.data.response).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' }, output: [{ status: 'incomplete' }] });
  });

  it('hands the store the same final object response.completed carries', () => {
    const { text, encoder } = encodeAll([start, { type: 'text', text: 'x' }, { type: 'finish', reason: 'stop' }]);
    const stored = encoder.finalResponse();
    const completed = parse(text + encoder.end()).at(-1)!.data.response;
    expect(completed).toEqual(JSON.parse(JSON.stringify(stored)));
  });

  it("sends OpenAI's built-in tool items through unchanged, and its reasoning item inside the gateway's", () => {
    const search = { id: 'ws_1', type: 'web_search_call', status: 'completed', action: { type: 'search', query: 'q' } };
    const { text, encoder } = encodeAll([
      start,
      { type: 'reasoning', text: 'looking' },
      { type: 'reasoning_encrypted', id: 'rs_openai', data: 'gAAA' },
      { type: 'native_item', item: search },
      { type: 'text', text: 'found' },
      { type: 'finish', reason: 'stop' },
    ]);
    const events = parse(text + encoder.end());
    const added = events.filter((e) => e.event === 'response.output_item.added').map((e) => (e.data.item as { id: string }).id);
    const done = events.filter((e) => e.event === 'response.output_item.done').map((e) => e.data.item as Record<string, unknown>);
    // Every item is done under the id it was added with (clients match the two by id).
    expect(done.map((item) => item.id)).toEqual(added);
    expect(done[0]).toMatchObject({ id: `rs_${BODY}00`, type: 'reasoning', summary: [{ type: 'summary_text', text: 'looking' }] });
    expect(done[1]).toEqual(search);
    // Sent back, the reasoning item is OpenAI's again, for a provider's own Responses API.
    expect(decodeItems(done, 'input').messages[0]!.content).toEqual([
      { type: 'reasoning', text: 'looking', openaiReasoningId: 'rs_openai', encryptedContent: 'gAAA' },
      { type: 'native_item', item: search },
      { type: 'text', text: 'found' },
    ]);
  });

  it('streams log-probabilities with the text that carries them', () => {
    const { text } = encodeAll([start, { type: 'text', text: 'Hi', logprobs: [{ token: 'Hi', logprob: -0.1 }] }]);
    const delta = parse(text).find((e) => e.event === 'response.output_text.delta')!;
    expect(delta.data.logprobs).toEqual([{ token: 'Hi', logprob: -0.1, bytes: null, top_logprobs: [] }]);
  });

  it('ends a failed stream with an error event and response.failed, and nothing after', () => {
    const { text, encoder } = encodeAll([start, { type: 'text', text: 'partial' }]);
    const failure = encoder.error(new GatewayError('upstream_error', 502, "Provider 'p' cut the stream."));
    const events = parse(text + failure + encoder.end());
    expect(events.slice(-2).map((e) => e.event)).toEqual(['error', 'response.failed']);
    expect(events.at(-2)!.data).toMatchObject({ code: 'upstream_error', message: "Provider 'p' cut the stream.", param: null });
    expect(events.at(-1)!.data.response).toMatchObject({ status: 'failed', error: { code: 'upstream_error' } });
    expect(encoder.finalResponse()).toBeUndefined();
  });

  it('still opens the response when the stream fails before its first event', () => {
    const encoder = new ResponsesStreamEncoder(shell(), 'm');
    const events = parse(encoder.error(new GatewayError('upstream_invalid_response', 502, 'bad')) + encoder.end());
    expect(events.map((e) => e.event)).toEqual(['response.created', 'response.in_progress', 'error', 'response.failed']);
    expect(events.map((e) => e.data.sequence_number)).toEqual([0, 1, 2, 3]);
    expect(events[3]!.data.response).toMatchObject({ status: 'failed', model: 'm', error: { code: 'upstream_invalid_response', message: 'bad' } });
  });
});
