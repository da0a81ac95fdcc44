import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../core/errors.js';
import type { ChatResponse, StreamEvent } from '../../core/types.js';
import { anthropicIngress } from './index.js';

// biome-ignore lint/suspicious/noExplicitAny: wire bodies are read loosely in assertions
type Loose = any;

const context = { requestedModel: 'sonnet', includeUsage: false };

function response(extra: Partial<ChatResponse> = {}): ChatResponse {
  return {
    id: 'chatcmpl-123',
    model: 'gpt-4o-2024-08-06',
    created: 1700000000,
    text: 'Hello',
    toolCalls: [],
    finishReason: 'stop',
    usage: { inputTokens: 100, outputTokens: 20, cachedInputTokens: 60, cacheWriteTokens: 10 },
    ...extra,
  };
}

/** Parses SSE text into [event, data] pairs, checking each event's name matches its data type. */
function parseSse(text: string): Array<[string, Loose]> {
  return text
    .split('\n\n')
    .filter(Boolean)
    .map((chunk) => {
      const match = /^event: (\S+)\ndata: (.*)$/s.exec(chunk);
      if (!match) throw new Error(`bad SSE chunk: ${chunk}`);
      const data = JSON.parse(match[2]!);
      expect(data.type).toBe(match[1]);
      return [match[1]!, data];
    });
}

describe('anthropic ingress encodeChat', () => {
  it('encodes thinking first, then text, then tool_use with parsed input, and uncached input tokens', () => {
    const body = anthropicIngress.encodeChat(
      response({
        id: 'msg_abc',
        reasoning: 'Let me think',
        reasoningSignature: 'sig',
        redactedReasoning: ['opaque'],
        toolCalls: [
          { id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
          { id: 'call_2', name: 'noop', arguments: '' },
        ],
        finishReason: 'tool_calls',
      }),
      context,
    );
    expect(body).toEqual({
      id: 'msg_abc',
      type: 'message',
      role: 'assistant',
      model: 'sonnet',
      content: [
        { type: 'thinking', thinking: 'Let me think', signature: 'sig' },
        { type: 'redacted_thinking', data: 'opaque' },
        { type: 'text', text: 'Hello' },
        { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } },
        { type: 'tool_use', id: 'call_2', name: 'noop', input: {} },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 30, cache_creation_input_tokens: 10, cache_read_input_tokens: 60, output_tokens: 20 },
    });
  });

  it('maps finish reasons, including stop_sequence and a Claude-native pause_turn', () => {
    const reason = (extra: Partial<ChatResponse>) => anthropicIngress.encodeChat(response(extra), context) as Record<string, unknown>;
    expect(reason({}).stop_reason).toBe('end_turn');
    expect(reason({}).id).toMatch(/^msg_[A-Za-z0-9]{24}$/);
    expect(reason({ stopSequence: 'END' })).toMatchObject({ stop_reason: 'stop_sequence', stop_sequence: 'END' });
    expect(reason({ finishReason: 'length' }).stop_reason).toBe('max_tokens');
    expect(reason({ finishReason: 'content_filter' }).stop_reason).toBe('refusal');
    expect(reason({ nativeFinishReason: 'pause_turn' }).stop_reason).toBe('pause_turn');
    expect(reason({ nativeFinishReason: 'stop' }).stop_reason).toBe('end_turn');
  });
});

describe('anthropic ingress stream encoder', () => {
  it('emits the exact Anthropic event sequence for thinking, text and two tool calls', () => {
    const encoder = anthropicIngress.createStreamEncoder(context);
    const events: StreamEvent[] = [
      { type: 'start', id: 'msg_s1', model: 'claude-x', created: 0 },
      { type: 'reasoning', text: 'Think' },
      { type: 'reasoning', text: 'ing' },
      { type: 'reasoning_signature', signature: 'sig' },
      { type: 'text', text: 'Hi' },
      { type: 'text', text: ' there' },
      { type: 'tool_call_start', index: 0, id: 'call_a', name: 'f' },
      { type: 'tool_call_delta', index: 0, arguments: '{"x":' },
      { type: 'tool_call_delta', index: 0, arguments: '1}' },
      { type: 'tool_call_start', index: 1, id: 'call_b', name: 'g' },
      { type: 'tool_call_delta', index: 1, arguments: '{}' },
      { type: 'finish', reason: 'tool_calls' },
      { type: 'usage', usage: { inputTokens: 50, outputTokens: 12, cachedInputTokens: 20 } },
    ];
    const text = events.map((e) => encoder.encode(e)).join('') + encoder.end();
    expect(parseSse(text)).toEqual([
      [
        'message_start',
        {
          type: 'message_start',
          message: {
            id: 'msg_s1',
            type: 'message',
            role: 'assistant',
            model: 'sonnet',
            content: [],
            stop_reason: null,
            stop_sequence: null,
            usage: { input_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 0 },
          },
        },
      ],
      ['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } }],
      ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'Think' } }],
      ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'ing' } }],
      ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'sig' } }],
      ['content_block_stop', { type: 'content_block_stop', index: 0 }],
      ['content_block_start', { type: 'content_block_start', index: 1, content_block: { type: 'text', text: '' } }],
      ['content_block_delta', { type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: 'Hi' } }],
      ['content_block_delta', { type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: ' there' } }],
      ['content_block_stop', { type: 'content_block_stop', index: 1 }],
      ['content_block_start', { type: 'content_block_start', index: 2, content_block: { type: 'tool_use', id: 'call_a', name: 'f', input: {} } }],
      ['content_block_delta', { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '{"x":' } }],
      ['content_block_delta', { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '1}' } }],
      ['content_block_stop', { type: 'content_block_stop', index: 2 }],
      ['content_block_start', { type: 'content_block_start', index: 3, content_block: { type: 'tool_use', id: 'call_b', name: 'g', input: {} } }],
      ['content_block_delta', { type: 'content_block_delta', index: 3, delta: { type: 'input_json_delta', partial_json: '{}' } }],
      ['content_block_stop', { type: 'content_block_stop', index: 3 }],
      [
        'message_delta',
        {
          type: 'message_delta',
          delta: { stop_reason: 'tool_use', stop_sequence: null },
          usage: { input_tokens: 30, cache_creation_input_tokens: 0, cache_read_input_tokens: 20, output_tokens: 12 },
        },
      ],
      ['message_stop', { type: 'message_stop' }],
    ]);
  });

  it('reports a stop sequence and emits message_start even when the stream had no start event', () => {
    const encoder = anthropicIngress.createStreamEncoder(context);
    const text =
      encoder.encode({ type: 'text', text: 'one' }) +
      encoder.encode({ type: 'usage', usage: { inputTokens: 3, outputTokens: 1 } }) +
      encoder.encode({ type: 'finish', reason: 'stop', stopSequence: 'two' }) +
      encoder.end();
    const events = parseSse(text);
    expect(events.map(([name]) => name)).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(events[0]![1].message.id).toMatch(/^msg_/);
    expect(events[4]![1].delta).toEqual({ stop_reason: 'stop_sequence', stop_sequence: 'two' });
  });

  it('writes a redacted thinking block as start+stop and renders mid-stream errors as an error event', () => {
    const encoder = anthropicIngress.createStreamEncoder(context);
    const text = encoder.encode({ type: 'start', id: 'x', model: 'm', created: 0 }) + encoder.encode({ type: 'redacted_reasoning', data: 'opaque' });
    expect(parseSse(text).slice(1)).toEqual([
      ['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'redacted_thinking', data: 'opaque' } }],
      ['content_block_stop', { type: 'content_block_stop', index: 0 }],
    ]);
    const error = encoder.error(new GatewayError('upstream_overloaded', 503, 'Upstream overloaded.'));
    expect(parseSse(error)).toEqual([
      ['error', { type: 'error', error: { type: 'overloaded_error', message: 'Upstream overloaded.', code: 'upstream_overloaded' } }],
    ]);
  });
});

describe('anthropic ingress encodeError', () => {
  it.each([
    [400, 'invalid_request_error'],
    [401, 'authentication_error'],
    [403, 'permission_error'],
    [404, 'not_found_error'],
    [413, 'request_too_large'],
    [429, 'rate_limit_error'],
    [500, 'api_error'],
    [502, 'api_error'],
    [503, 'overloaded_error'],
    [529, 'overloaded_error'],
    [504, 'timeout_error'],
    [422, 'invalid_request_error'],
  ])('status %i renders as %s', (status, type) => {
    const encoded = anthropicIngress.encodeError(new GatewayError('upstream_error', status, 'boom'));
    expect(encoded.status).toBe(status);
    expect(encoded.body).toEqual({ type: 'error', error: { type, message: 'boom', code: 'upstream_error' } });
    expect(encoded.headers).toEqual({});
  });

  it('sends retry-after and the parameter at fault', () => {
    const encoded = anthropicIngress.encodeError(new GatewayError('upstream_rate_limited', 429, 'Slow down.', { retryAfterSeconds: 2.2, param: 'model' }));
    expect(encoded.headers).toEqual({ 'retry-after': '3' });
    expect(encoded.body).toEqual({
      type: 'error',
      error: { type: 'rate_limit_error', message: 'Slow down.', code: 'upstream_rate_limited', param: 'model' },
    });
  });
});
