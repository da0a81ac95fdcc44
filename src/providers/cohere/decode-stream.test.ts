import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../core/errors.js';
import type { StreamEvent } from '../../core/types.js';
import type { StreamFrame } from '../spec/provider.js';
import { createSseFrameDecoder } from '../spec/sse.js';
import { createCohereStreamDecoder } from './decode-stream.js';

/** Feeds a recorded stream through SSE framing in awkward 7-byte chunks, as a socket might. */
function framesOf(name: string): StreamFrame[] {
  const bytes = readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
  const frames: StreamFrame[] = [];
  const sse = createSseFrameDecoder((f) => frames.push(f));
  for (let i = 0; i < bytes.length; i += 7) sse.push(bytes.subarray(i, i + 7));
  sse.end();
  return frames;
}

function decode(name: string): StreamEvent[] {
  const decoder = createCohereStreamDecoder();
  const events = framesOf(name).flatMap((f) => decoder.push(f));
  return [...events, ...decoder.end()];
}

describe('Cohere stream decoder (golden streams)', () => {
  it('decodes a text stream, ignoring [DONE]', () => {
    expect(decode('stream-text.sse')).toEqual([
      { type: 'start', id: '29f14a5a-11de-4cae-9800-25e4747408ea', model: '', created: 0 },
      { type: 'text', text: 'LL' },
      { type: 'text', text: 'Ms are large language models.' },
      { type: 'finish', reason: 'stop', nativeReason: 'COMPLETE' },
      { type: 'usage', usage: { inputTokens: 71, outputTokens: 26 } },
    ]);
  });

  it('decodes a tool call with its plan as reasoning', () => {
    expect(decode('stream-tools.sse')).toEqual([
      { type: 'start', id: '2edfdf70-019c-4f7a-be20-3cdbfaa3dca6', model: '', created: 0 },
      { type: 'reasoning', text: 'I will use' },
      { type: 'reasoning', text: ' the sales tool.' },
      { type: 'tool_call_start', index: 0, id: 'query_daily_sales_report_j3f0adww9pmr', name: 'query_daily_sales_report' },
      { type: 'tool_call_delta', index: 0, arguments: '{"' },
      { type: 'tool_call_delta', index: 0, arguments: 'day": "2023-09-29"}' },
      { type: 'finish', reason: 'tool_calls', nativeReason: 'TOOL_CALL' },
      { type: 'usage', usage: { inputTokens: 1589, outputTokens: 135 } },
    ]);
  });

  it('decodes two parallel tool calls with indexes 0 and 1 and cached tokens', () => {
    expect(decode('stream-parallel-tools.sse')).toEqual([
      { type: 'start', id: '7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f', model: '', created: 0 },
      { type: 'reasoning', text: 'I will check both reports.' },
      { type: 'tool_call_start', index: 0, id: 'query_daily_sales_report_4m1x8qz2kd0e', name: 'query_daily_sales_report' },
      { type: 'tool_call_delta', index: 0, arguments: '{"day": ' },
      { type: 'tool_call_delta', index: 0, arguments: '"2023-09-29"}' },
      { type: 'tool_call_start', index: 1, id: 'query_product_catalog_p7w2n5c9r3ty', name: 'query_product_catalog' },
      { type: 'tool_call_delta', index: 1, arguments: '{"category": "Electronics"}' },
      { type: 'finish', reason: 'tool_calls', nativeReason: 'TOOL_CALL' },
      { type: 'usage', usage: { inputTokens: 1200, outputTokens: 140, cachedInputTokens: 1024 } },
    ]);
  });

  it('decodes thinking content blocks as reasoning and a stream without [DONE]', () => {
    expect(decode('stream-thinking.sse')).toEqual([
      { type: 'start', id: 'a1b2c3d4-0000-4000-8000-000000000001', model: '', created: 0 },
      { type: 'reasoning', text: 'The user wants a greeting.' },
      { type: 'text', text: 'Hello!' },
      { type: 'finish', reason: 'stop', nativeReason: 'STOP_SEQUENCE' },
      { type: 'usage', usage: { inputTokens: 60, outputTokens: 9 } },
    ]);
  });

  it("throws an upstream error for finish_reason ERROR, carrying Cohere's detail", () => {
    const decoder = createCohereStreamDecoder();
    const frames = framesOf('stream-error.sse');
    const last = frames.pop()!;
    expect(frames.flatMap((f) => decoder.push(f))).toContainEqual({ type: 'text', text: 'Partial' });
    let caught: unknown;
    try {
      decoder.push(last);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(GatewayError);
    expect((caught as GatewayError).code).toBe('upstream_error');
    expect((caught as GatewayError).status).toBe(502);
    expect((caught as GatewayError).message).toContain('internal model failure');
  });

  it('renumbers tool indexes from 0 in order of appearance and invents missing ids', () => {
    const decoder = createCohereStreamDecoder();
    const start = (index: number, name: string, args = '') => ({
      data: JSON.stringify({ type: 'tool-call-start', index, delta: { message: { tool_calls: { type: 'function', function: { name, arguments: args } } } } }),
    });
    const events = [
      ...decoder.push(start(3, 'a', '{}')),
      ...decoder.push(start(5, 'b')),
      ...decoder.push({
        data: JSON.stringify({ type: 'tool-call-delta', index: 5, delta: { message: { tool_calls: { function: { arguments: '{"x":1}' } } } } }),
      }),
    ];
    expect(events).toMatchObject([
      { type: 'tool_call_start', index: 0, name: 'a' },
      { type: 'tool_call_delta', index: 0, arguments: '{}' },
      { type: 'tool_call_start', index: 1, name: 'b' },
      { type: 'tool_call_delta', index: 1, arguments: '{"x":1}' },
    ]);
    expect((events[0] as { id: string }).id).toMatch(/^call_/);
  });

  it('fails a stream that ends before message-end', () => {
    const decoder = createCohereStreamDecoder();
    const frames = framesOf('stream-text.sse').slice(0, 3);
    for (const f of frames) decoder.push(f);
    expect(() => decoder.end()).toThrow(/before message-end/);
  });

  it('rejects a frame that is not JSON', () => {
    expect(() => createCohereStreamDecoder().push({ event: 'content-delta', data: '{oops' })).toThrow(GatewayError);
  });

  it('maps TIMEOUT to length', () => {
    const decoder = createCohereStreamDecoder();
    const events = decoder.push({ data: JSON.stringify({ type: 'message-end', delta: { finish_reason: 'TIMEOUT' } }) });
    expect(events[0]).toEqual({ type: 'finish', reason: 'length', nativeReason: 'TIMEOUT' });
    expect(events[1]).toEqual({ type: 'usage', usage: { inputTokens: 0, outputTokens: 0 } });
  });
});
