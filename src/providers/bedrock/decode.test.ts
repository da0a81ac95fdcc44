import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../core/errors.js';
import type { StreamEvent } from '../../core/types.js';
import { createAwsEventStreamFrameDecoder } from '../spec/aws-eventstream.js';
import type { StreamFrame } from '../spec/provider.js';
import { decodeConverseBody } from './decode-response.js';
import { createConverseStreamDecoder } from './decode-stream.js';

const json = (name: string) => JSON.parse(readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8')) as unknown;
const bin = (name: string) => new Uint8Array(readFileSync(new URL(`fixtures/${name}`, import.meta.url)));

/** Runs wire bytes through the frame decoder and the stream decoder, in the given chunks. */
function decodeStream(chunks: Uint8Array[]): StreamEvent[] {
  const decoder = createConverseStreamDecoder('aws');
  const events: StreamEvent[] = [];
  const frames = createAwsEventStreamFrameDecoder((frame) => events.push(...decoder.push(frame)));
  for (const chunk of chunks) frames.push(chunk);
  frames.end();
  events.push(...decoder.end());
  return events;
}

const bytewise = (data: Uint8Array) => Array.from(data, (_, i) => data.subarray(i, i + 1));

describe('decodeConverseBody', () => {
  it('decodes text, tool use, stop reason and cache-inclusive usage (reference §2.5)', () => {
    expect(decodeConverseBody(json('converse-response-tools.json'), 'aws')).toEqual({
      id: '',
      model: '',
      created: 0,
      text: 'Checking.',
      toolCalls: [{ id: 'tooluse_kZJMlvQmRJ6eAyJE5GIl7Q', name: 'get_weather', arguments: '{"city":"Paris"}' }],
      finishReason: 'tool_calls',
      nativeFinishReason: 'tool_use',
      usage: { inputTokens: 1702, outputTokens: 61, cachedInputTokens: 1290 },
    });
  });

  it('decodes reasoning with its signature and redacted blocks', () => {
    expect(decodeConverseBody(json('converse-response-reasoning.json'), 'aws')).toMatchObject({
      text: 'Hello!',
      reasoning: 'Simple greeting.',
      reasoningSignature: 'EqQBCkgIARABGAIiQL',
      redactedReasoning: ['cmVkYWN0ZWQ='],
      finishReason: 'stop',
      usage: { inputTokens: 40, outputTokens: 90 },
    });
  });

  it('maps every stop reason and reads the matched stop sequence', () => {
    const decode = (stopReason: string, extra = {}) =>
      decodeConverseBody({ output: { message: { role: 'assistant', content: [{ text: 'x' }] } }, stopReason, usage: {}, ...extra }, 'aws');
    expect(decode('end_turn').finishReason).toBe('stop');
    expect(decode('max_tokens').finishReason).toBe('length');
    expect(decode('model_context_window_exceeded').finishReason).toBe('length');
    expect(decode('guardrail_intervened').finishReason).toBe('content_filter');
    expect(decode('content_filtered').finishReason).toBe('content_filter');
    expect(decode('malformed_tool_use').finishReason).toBe('error');
    expect(decode('stop_sequence', { additionalModelResponseFields: { stop_sequence: 'END' } })).toMatchObject({ finishReason: 'stop', stopSequence: 'END' });
  });

  it('returns the reserved JSON tool input as text (json_object mode)', () => {
    const body = {
      output: { message: { role: 'assistant', content: [{ toolUse: { toolUseId: 't1', name: 'switchboard_json_response', input: { a: 1 } } }] } },
      stopReason: 'tool_use',
      usage: { inputTokens: 5, outputTokens: 6, totalTokens: 11 },
    };
    expect(decodeConverseBody(body, 'aws')).toMatchObject({ text: '{"a":1}', toolCalls: [], finishReason: 'stop' });
  });

  it('rejects a body without output.message', () => {
    expect(() => decodeConverseBody({ stopReason: 'end_turn' }, 'aws')).toThrow(GatewayError);
  });
});

describe('ConverseStream golden streams', () => {
  for (const name of ['converse-stream-tools', 'converse-stream-text', 'converse-stream-reasoning']) {
    it(`${name}.bin → exactly the expected canonical events, whole and byte by byte`, () => {
      const expected = json(`${name}.events.json`);
      expect(decodeStream([bin(`${name}.bin`)])).toEqual(expected);
      expect(decodeStream(bytewise(bin(`${name}.bin`)))).toEqual(expected);
    });
  }

  it('turns a throttlingException frame into a 429 after the events before it', () => {
    const decoder = createConverseStreamDecoder('aws');
    const events: StreamEvent[] = [];
    let error: unknown;
    const frames = createAwsEventStreamFrameDecoder((frame) => events.push(...decoder.push(frame)));
    try {
      frames.push(bin('converse-stream-throttled.bin'));
    } catch (err) {
      error = err;
    }
    expect(events).toEqual([
      { type: 'start', id: '', model: '', created: 0 },
      { type: 'text', text: 'Par' },
    ]);
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({
      status: 429,
      code: 'upstream_rate_limited',
      upstreamStatus: 429,
      upstreamType: 'ThrottlingException',
      message: 'Too many requests, please wait before trying again.',
    });
  });

  it('fails on a corrupted golden stream instead of emitting garbage', () => {
    const data = bin('converse-stream-tools.bin').slice();
    data[200] = data[200]! ^ 0x20;
    expect(() => decodeStream([data])).toThrow(/checksum|CRC/);
  });
});

describe('createConverseStreamDecoder', () => {
  const frame = (event: string, payload: unknown, messageType: StreamFrame['messageType'] = 'event'): StreamFrame => ({
    event,
    data: JSON.stringify(payload),
    messageType,
  });

  it('numbers tool calls by tool-use blocks only, in order of appearance', () => {
    const decoder = createConverseStreamDecoder('aws');
    const events = [
      frame('messageStart', { role: 'assistant' }),
      frame('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'a' } }),
      frame('contentBlockStart', { contentBlockIndex: 1, start: { toolUse: { toolUseId: 'u1', name: 'x' } } }),
      frame('contentBlockStart', { contentBlockIndex: 2, start: { toolUse: { toolUseId: 'u2', name: 'y' } } }),
      frame('contentBlockDelta', { contentBlockIndex: 2, delta: { toolUse: { input: '{}' } } }),
      frame('contentBlockDelta', { contentBlockIndex: 1, delta: { toolUse: { input: '{"k":1}' } } }),
    ].flatMap((f) => decoder.push(f));
    expect(events.slice(2)).toEqual([
      { type: 'tool_call_start', index: 0, id: 'u1', name: 'x' },
      { type: 'tool_call_start', index: 1, id: 'u2', name: 'y' },
      { type: 'tool_call_delta', index: 1, arguments: '{}' },
      { type: 'tool_call_delta', index: 0, arguments: '{"k":1}' },
    ]);
  });

  it('streams the reserved JSON tool as text and finishes with stop', () => {
    const decoder = createConverseStreamDecoder('aws');
    const events = [
      frame('messageStart', { role: 'assistant' }),
      frame('contentBlockStart', { contentBlockIndex: 0, start: { toolUse: { toolUseId: 'j', name: 'switchboard_json_response' } } }),
      frame('contentBlockDelta', { contentBlockIndex: 0, delta: { toolUse: { input: '{"a":' } } }),
      frame('contentBlockDelta', { contentBlockIndex: 0, delta: { toolUse: { input: '1}' } } }),
      frame('messageStop', { stopReason: 'tool_use' }),
    ].flatMap((f) => decoder.push(f));
    expect(events.slice(1)).toEqual([
      { type: 'text', text: '{"a":' },
      { type: 'text', text: '1}' },
      { type: 'finish', reason: 'stop', nativeReason: 'tool_use' },
    ]);
  });

  it('maps each exception type to its status', () => {
    const cases: Array<[string, number, string]> = [
      ['validationException', 400, 'upstream_bad_request'],
      ['throttlingException', 429, 'upstream_rate_limited'],
      ['serviceUnavailableException', 503, 'upstream_unavailable'],
      ['internalServerException', 500, 'upstream_error'],
      ['modelTimeoutException', 504, 'upstream_timeout'],
      ['modelStreamErrorException', 502, 'upstream_error'],
    ];
    for (const [type, status, code] of cases) {
      const decoder = createConverseStreamDecoder('aws');
      expect(() => decoder.push(frame(type, { message: 'boom' }, 'exception'))).toThrow(expect.objectContaining({ status, code, message: 'boom' }));
    }
    const decoder = createConverseStreamDecoder('aws');
    expect(() => decoder.push({ messageType: 'error', event: 'InternalFailure', data: 'oops' })).toThrow(
      expect.objectContaining({ status: 502, message: 'oops' }),
    );
  });

  it('rejects a known event whose payload is not JSON, and skips unknown events', () => {
    const decoder = createConverseStreamDecoder('aws');
    expect(decoder.push({ messageType: 'event', event: 'somethingNew', data: 'not json' })).toEqual([]);
    expect(() => decoder.push({ messageType: 'event', event: 'contentBlockDelta', data: 'not json' })).toThrow(GatewayError);
  });
});
