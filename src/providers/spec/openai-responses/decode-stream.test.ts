/** Golden Responses streams: documented event sequences in, exact canonical events out, at any chunking. */
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../core/errors.js';
import type { StreamEvent } from '../../../core/types.js';
import { createResponsesStreamDecoder } from './decode-stream.js';
import { decodeSseFixture } from './test-helpers.js';

describe.each([1, 7, 64, 1 << 20])('golden Responses streams, %i-byte chunks', (chunkSize) => {
  it('text: start from response.created, deltas, finish and usage from response.completed', () => {
    expect(decodeSseFixture('stream-text.sse', chunkSize)).toEqual([
      { type: 'start', id: 'resp_1', model: 'gpt-4o-mini-2024-07-18', created: 1741290958, serviceTier: 'auto' },
      { type: 'text', text: 'Hi' },
      { type: 'text', text: ' there' },
      { type: 'finish', reason: 'stop', nativeReason: 'completed' },
      { type: 'usage', usage: { inputTokens: 37, outputTokens: 2 } },
    ]);
  });

  it('reasoning summary parts, the encrypted reasoning item, and function calls indexed from 0', () => {
    expect(decodeSseFixture('stream-reasoning-tools.sse', chunkSize)).toEqual([
      { type: 'start', id: 'resp_2', model: 'o4-mini-2025-04-16', created: 1755000000 },
      { type: 'reasoning', text: '**Planning**' },
      { type: 'reasoning', text: '\n\nTwo cities.' },
      { type: 'reasoning', text: '\n\n' },
      { type: 'reasoning', text: 'Call get_weather twice.' },
      { type: 'reasoning_encrypted', id: 'rs_1', data: 'gAAAAABencrypted-one==' },
      { type: 'tool_call_start', index: 0, id: 'call_Paris01', name: 'get_weather' },
      { type: 'tool_call_delta', index: 0, arguments: '{"city":' },
      { type: 'tool_call_delta', index: 0, arguments: '"Paris"}' },
      { type: 'tool_call_start', index: 1, id: 'call_Rome02', name: 'get_weather' },
      // No argument deltas for this call: its arguments come from the done event, once.
      { type: 'tool_call_delta', index: 1, arguments: '{"city":"Rome"}' },
      { type: 'finish', reason: 'tool_calls', nativeReason: 'completed' },
      { type: 'usage', usage: { inputTokens: 81, outputTokens: 213, cachedInputTokens: 64, reasoningTokens: 192 } },
    ]);
  });

  it('a built-in tool call comes out verbatim when done; its progress events add nothing', () => {
    expect(decodeSseFixture('stream-web-search.sse', chunkSize)).toEqual([
      { type: 'start', id: 'resp_3', model: 'gpt-4.1-2025-04-14', created: 1756000000 },
      { type: 'native_item', item: { type: 'web_search_call', id: 'ws_1', status: 'completed', action: { type: 'search', query: 'positive news today' } } },
      { type: 'text', text: 'Turtles.' },
      { type: 'finish', reason: 'stop', nativeReason: 'completed' },
      { type: 'usage', usage: { inputTokens: 328, outputTokens: 356 } },
    ]);
  });

  it('response.incomplete at max_output_tokens finishes with length', () => {
    const events = decodeSseFixture('stream-incomplete.sse', chunkSize);
    expect(events.slice(1)).toEqual([
      { type: 'text', text: 'Once' },
      { type: 'text', text: ' upon' },
      { type: 'finish', reason: 'length', nativeReason: 'max_output_tokens' },
      { type: 'usage', usage: { inputTokens: 12, outputTokens: 16 } },
    ]);
  });
});

function thrown(file: string): GatewayError {
  try {
    decodeSseFixture(file);
  } catch (err) {
    if (err instanceof GatewayError) return err;
    throw err;
  }
  throw new Error(`${file} decoded without an error`);
}

describe('failures in a Responses stream', () => {
  it('response.failed throws the upstream error with its code', () => {
    expect(thrown('stream-failed.sse')).toMatchObject({
      code: 'upstream_error',
      status: 502,
      message: 'The model failed to generate a response.',
      provider: 'oai',
      upstreamType: 'server_error',
    });
  });

  it('an error event throws with its message and code', () => {
    expect(thrown('stream-error.sse')).toMatchObject({
      code: 'upstream_error',
      message: 'Rate limit reached for requests.',
      upstreamType: 'rate_limit_exceeded',
    });
  });

  it('data that is not JSON is an invalid upstream response', () => {
    const decoder = createResponsesStreamDecoder('oai');
    expect(() => decoder.push({ data: '{"type":' })).toThrow(/not JSON/);
  });
});

describe('streams that leave things out', () => {
  const push = (events: Array<Record<string, unknown>>): StreamEvent[] => {
    const decoder = createResponsesStreamDecoder('oai');
    return [...events.flatMap((event) => decoder.push({ event: String(event.type), data: JSON.stringify(event) })), ...decoder.end()];
  };

  it('opens the stream on content that comes before response.created, and takes items whole from their done event', () => {
    expect(
      push([
        { type: 'response.output_item.done', output_index: 0, item: { id: 'rs_9', type: 'reasoning', summary: [{ type: 'summary_text', text: 'Short.' }] } },
        { type: 'response.output_item.done', output_index: 1, item: { id: 'fc_9', type: 'function_call', call_id: 'call_9', name: 'f', arguments: '{}' } },
        { type: 'response.output_item.done', output_index: 2, item: { id: 'msg_9', type: 'message', content: [{ type: 'output_text', text: 'Whole.' }] } },
        { type: 'response.completed', response: { status: 'completed' } },
        // A second terminal event adds nothing.
        { type: 'response.completed', response: { status: 'completed' } },
      ]),
    ).toEqual([
      expect.objectContaining({ type: 'start', id: '', model: '' }),
      { type: 'reasoning', text: 'Short.' },
      { type: 'tool_call_start', index: 0, id: 'call_9', name: 'f' },
      { type: 'tool_call_delta', index: 0, arguments: '{}' },
      { type: 'text', text: 'Whole.' },
      { type: 'finish', reason: 'tool_calls', nativeReason: 'completed' },
    ]);
  });

  it('sends a later reasoning item verbatim, as the non-streamed decoder keeps it', () => {
    const second = { id: 'rs_b', type: 'reasoning', summary: [], encrypted_content: 'enc-b' };
    const events = push([
      { type: 'response.created', response: { id: 'r', model: 'm', created_at: 1 } },
      { type: 'response.output_item.done', output_index: 0, item: { id: 'rs_a', type: 'reasoning', summary: [], encrypted_content: 'enc-a' } },
      { type: 'response.output_item.done', output_index: 1, item: second },
    ]);
    expect(events.slice(1)).toEqual([
      { type: 'reasoning_encrypted', id: 'rs_a', data: 'enc-a' },
      { type: 'native_item', item: second },
    ]);
  });

  it('ignores [DONE], empty data, unknown events and argument deltas for calls it never saw', () => {
    expect(
      push([
        { type: 'response.created', response: { id: 'r', model: 'm', created_at: 1 } },
        { type: 'response.audio.delta', delta: 'AAAA' },
        { type: 'response.function_call_arguments.delta', item_id: 'fc_unknown', delta: '{' },
        { type: 'keepalive' },
      ]),
    ).toEqual([{ type: 'start', id: 'r', model: 'm', created: 1 }]);
    const decoder = createResponsesStreamDecoder('oai');
    expect(decoder.push({ data: '[DONE]' })).toEqual([]);
    expect(decoder.push({ data: '' })).toEqual([]);
    expect(decoder.push({ data: '[1,2]' })).toEqual([]);
  });
});
