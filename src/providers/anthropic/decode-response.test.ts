import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../core/errors.js';
import { decodeResponse } from './decode-response.js';
import { mapStopReason } from './map-finish-reason.js';
import { fixtureJson, testSettings } from './test-helpers.js';

describe('anthropic decodeResponse', () => {
  it('decodes text and adds cache reads and writes to input tokens', () => {
    expect(decodeResponse(fixtureJson('message-text.json'), testSettings())).toEqual({
      id: 'msg_01XyZ',
      model: 'claude-sonnet-4-5-20250929',
      created: 0,
      text: 'Hello there.',
      toolCalls: [],
      finishReason: 'stop',
      nativeFinishReason: 'end_turn',
      usage: { inputTokens: 412 + 1290 + 100, outputTokens: 61, cachedInputTokens: 1290, cacheWriteTokens: 100 },
    });
  });

  it('decodes thinking with its signature, redacted thinking and tool_use blocks', () => {
    const response = decodeResponse(fixtureJson('message-thinking-tools.json'), testSettings());
    expect(response.reasoning).toBe('Two cities, two calls.');
    expect(response.reasoningSignature).toBe('EqQBCgIYAhIMsig');
    expect(response.redactedReasoning).toEqual(['EmwKAhgBEgy3va3pzix']);
    expect(response.text).toBe('Checking the weather.');
    expect(response.toolCalls).toEqual([
      { id: 'toolu_01AbCdEf', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { id: 'toolu_01GhIjKl', name: 'get_time', arguments: '{}' },
    ]);
    expect(response.finishReason).toBe('tool_calls');
    expect(response.usage).toEqual({ inputTokens: 50, outputTokens: 90 });
  });

  it('unwraps the reserved JSON-mode tool into text with a stop finish', () => {
    const response = decodeResponse(
      {
        id: 'msg_j',
        type: 'message',
        role: 'assistant',
        model: 'claude-haiku-4-5',
        content: [{ type: 'tool_use', id: 'toolu_j', name: 'switchboard_json_response', input: { answer: 42 } }],
        stop_reason: 'tool_use',
        stop_sequence: null,
        usage: { input_tokens: 5, output_tokens: 9 },
      },
      testSettings(),
    );
    expect(response.text).toBe('{"answer":42}');
    expect(response.toolCalls).toEqual([]);
    expect(response.finishReason).toBe('stop');
  });

  it('keeps the matched stop sequence', () => {
    const response = decodeResponse(
      { type: 'message', id: 'm', model: 'x', content: [], stop_reason: 'stop_sequence', stop_sequence: 'END', usage: {} },
      testSettings(),
    );
    expect(response.finishReason).toBe('stop');
    expect(response.stopSequence).toBe('END');
  });

  it('rejects a body that is not a message', () => {
    expect(() => decodeResponse({ hello: 1 }, testSettings())).toThrow(GatewayError);
  });

  it('maps every stop_reason', () => {
    expect(mapStopReason('end_turn')).toBe('stop');
    expect(mapStopReason('stop_sequence')).toBe('stop');
    expect(mapStopReason('pause_turn')).toBe('stop');
    expect(mapStopReason('max_tokens')).toBe('length');
    expect(mapStopReason('model_context_window_exceeded')).toBe('length');
    expect(mapStopReason('tool_use')).toBe('tool_calls');
    expect(mapStopReason('refusal')).toBe('content_filter');
    expect(mapStopReason(null)).toBe('stop');
  });
});
