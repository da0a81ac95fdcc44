import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../core/errors.js';
import { createStreamDecoder } from './decode-stream.js';
import { decodeSseBytes, fixtureBytes, testSettings } from './test-helpers.js';

describe('anthropic stream decoder (golden streams)', () => {
  it('decodes text followed by a tool call, counting tool indexes apart from block indexes', () => {
    for (const chunk of [1, 13, 4096]) {
      expect(decodeSseBytes(fixtureBytes('text-tool.sse'), chunk)).toEqual([
        { type: 'start', id: 'msg_01Q8vW2', model: 'claude-sonnet-4-5-20250929', created: 0 },
        { type: 'usage', usage: { inputTokens: 402, outputTokens: 2 } },
        { type: 'text', text: 'Let me look' },
        { type: 'text', text: ' that up.' },
        { type: 'tool_call_start', index: 0, id: 'toolu_01Hq7Zk', name: 'get_weather' },
        { type: 'tool_call_delta', index: 0, arguments: '{"city": "Pa' },
        { type: 'tool_call_delta', index: 0, arguments: 'ris"}' },
        { type: 'finish', reason: 'tool_calls', nativeReason: 'tool_use' },
        { type: 'usage', usage: { inputTokens: 402, outputTokens: 58 } },
      ]);
    }
  });

  it('decodes parallel tool calls, including one without arguments', () => {
    expect(decodeSseBytes(fixtureBytes('parallel-tools.sse'))).toEqual([
      { type: 'start', id: 'msg_01ParA11', model: 'claude-sonnet-4-5-20250929', created: 0 },
      { type: 'usage', usage: { inputTokens: 510, outputTokens: 1 } },
      { type: 'text', text: 'Checking both cities.' },
      { type: 'tool_call_start', index: 0, id: 'toolu_01Aaa', name: 'get_weather' },
      { type: 'tool_call_delta', index: 0, arguments: '{"city":' },
      { type: 'tool_call_delta', index: 0, arguments: ' "Paris"}' },
      { type: 'tool_call_start', index: 1, id: 'toolu_01Bbb', name: 'get_weather' },
      { type: 'tool_call_delta', index: 1, arguments: '{"city": "Ro' },
      { type: 'tool_call_delta', index: 1, arguments: 'me"}' },
      { type: 'tool_call_start', index: 2, id: 'toolu_01Ccc', name: 'get_time' },
      { type: 'tool_call_delta', index: 2, arguments: '{}' },
      { type: 'finish', reason: 'tool_calls', nativeReason: 'tool_use' },
      { type: 'usage', usage: { inputTokens: 510, outputTokens: 97 } },
    ]);
  });

  it('decodes thinking, its signature, redacted thinking, and ignores citations and unknown events', () => {
    expect(decodeSseBytes(fixtureBytes('thinking.sse'))).toEqual([
      { type: 'start', id: 'msg_01ThK9', model: 'claude-sonnet-4-5-20250929', created: 0 },
      { type: 'usage', usage: { inputTokens: 1526, outputTokens: 1, cachedInputTokens: 1290, cacheWriteTokens: 200 } },
      { type: 'reasoning', text: 'The user wants 27*453. ' },
      { type: 'reasoning', text: '27*453 = 12231.' },
      { type: 'reasoning_signature', signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds' },
      { type: 'redacted_reasoning', data: 'EmwKAhgBEgy3va3pzix/LafPsn4a' },
      { type: 'text', text: '27 * 453 = **12,231**' },
      { type: 'finish', reason: 'stop', nativeReason: 'end_turn' },
      {
        type: 'usage',
        usage: { inputTokens: 36 + 200 + 1290, outputTokens: 120, cachedInputTokens: 1290, cacheWriteTokens: 200, reasoningTokens: 80 },
      },
    ]);
  });

  it('reports the stop sequence and lets message_delta usage overwrite message_start usage', () => {
    const events = decodeSseBytes(fixtureBytes('stop-sequence.sse'));
    expect(events.slice(-2)).toEqual([
      { type: 'finish', reason: 'stop', nativeReason: 'stop_sequence', stopSequence: 'three' },
      { type: 'usage', usage: { inputTokens: 20, outputTokens: 4 } },
    ]);
  });

  it('throws the mid-stream error as an overloaded GatewayError', () => {
    let error: unknown;
    try {
      decodeSseBytes(fixtureBytes('error-mid-stream.sse'));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({
      code: 'upstream_overloaded',
      status: 503,
      message: 'Overloaded',
      provider: 'claude',
      upstreamStatus: 529,
      upstreamType: 'overloaded_error',
    });
  });

  it('streams the reserved JSON-mode tool as text and finishes with stop', () => {
    const decoder = createStreamDecoder(testSettings());
    const frames = [
      { type: 'message_start', message: { id: 'm', model: 'x', usage: { input_tokens: 3, output_tokens: 1 } } },
      { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 't', name: 'switchboard_json_response', input: {} } },
      { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{"a":' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '1}' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 6 } },
      { type: 'message_stop' },
    ];
    const events = frames.flatMap((f) => decoder.push({ event: f.type, data: JSON.stringify(f) }));
    expect(
      events
        .filter((e) => e.type === 'text')
        .map((e) => (e as { text: string }).text)
        .join(''),
    ).toBe('{"a":1}');
    expect(events.some((e) => e.type === 'tool_call_start')).toBe(false);
    expect(events.find((e) => e.type === 'finish')).toMatchObject({ reason: 'stop' });
  });

  it('fails a stream that ends before message_delta, and finishes one that lost only message_stop', () => {
    const cut = createStreamDecoder(testSettings());
    cut.push({ event: 'message_start', data: '{"type":"message_start","message":{"id":"m","model":"x","usage":{}}}' });
    expect(() => cut.end()).toThrow(/ended before/);

    const late = createStreamDecoder(testSettings());
    late.push({ event: 'message_start', data: '{"type":"message_start","message":{"id":"m","model":"x","usage":{"input_tokens":2}}}' });
    late.push({ event: 'message_delta', data: '{"type":"message_delta","delta":{"stop_reason":"max_tokens"},"usage":{"output_tokens":9}}' });
    expect(late.end()).toEqual([
      { type: 'finish', reason: 'length', nativeReason: 'max_tokens' },
      { type: 'usage', usage: { inputTokens: 2, outputTokens: 9 } },
    ]);
  });

  it('rejects a frame that is not JSON', () => {
    const decoder = createStreamDecoder(testSettings());
    expect(() => decoder.push({ event: 'message_start', data: 'not json' })).toThrow(GatewayError);
  });
});
