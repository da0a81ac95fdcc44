/**
 * message_start's input_tokens: the upstream's own early count when it reports one (Anthropic),
 * unchanged; otherwise the gateway's estimate, with a header saying so. message_delta keeps the
 * upstream's final usage either way.
 */
import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../core/types.js';
import { ESTIMATED_INPUT_TOKENS_HEADER } from './encode-stream.js';
import { anthropicIngress } from './index.js';

// biome-ignore lint/suspicious/noExplicitAny: wire bodies are read loosely in assertions
type Loose = any;

function events(text: string): Record<string, Loose> {
  const out: Record<string, Loose> = {};
  for (const chunk of text.split('\n\n').filter(Boolean)) {
    const data = JSON.parse(/^event: \S+\ndata: (.*)$/s.exec(chunk)![1]!);
    out[data.type] = data;
  }
  return out;
}

function run(estimate: (() => number) | undefined, stream: StreamEvent[]) {
  const encoder = anthropicIngress.createStreamEncoder({
    requestedModel: 'sonnet',
    includeUsage: false,
    ...(estimate ? { estimateInputTokens: estimate } : {}),
  });
  let text = '';
  for (const event of stream) text += encoder.encode(event);
  return { headers: encoder.headers, wire: events(text + encoder.end()) };
}

const start: StreamEvent = { type: 'start', id: 'chatcmpl-1', model: 'gemini-2.5-flash', created: 1 };
const finalUsage: StreamEvent = { type: 'usage', usage: { inputTokens: 42, outputTokens: 7 } };

describe('anthropic stream: input tokens in message_start', () => {
  it('states the estimate when the upstream reports usage only at the end, and flags it in a header', () => {
    let calls = 0;
    const { headers, wire } = run(() => {
      calls++;
      return 37;
    }, [start, { type: 'text', text: 'Hi' }, { type: 'finish', reason: 'stop' }, finalUsage]);
    expect(wire.message_start.message.usage).toEqual({ input_tokens: 37, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 0 });
    expect(headers).toEqual({ [ESTIMATED_INPUT_TOKENS_HEADER]: 'true' });
    expect(calls).toBe(1);
    // The final count stays the upstream's.
    expect(wire.message_delta.usage).toEqual({ input_tokens: 42, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 7 });
  });

  it("uses the upstream's early count unchanged, with no estimate and no header, when the upstream reports one first", () => {
    const early: StreamEvent = { type: 'usage', usage: { inputTokens: 1290 + 412, outputTokens: 1, cachedInputTokens: 1290 } };
    const { headers, wire } = run(undefined, [start, early, { type: 'text', text: 'Hi' }, { type: 'finish', reason: 'stop' }, finalUsage]);
    expect(wire.message_start.message.usage).toEqual({ input_tokens: 412, cache_creation_input_tokens: 0, cache_read_input_tokens: 1290, output_tokens: 0 });
    expect(headers).toBeUndefined();
  });

  it('prefers a count the upstream did send first over the estimate', () => {
    const early: StreamEvent = { type: 'usage', usage: { inputTokens: 12, outputTokens: 0 } };
    const { wire } = run(() => 999, [start, early, { type: 'text', text: 'Hi' }, { type: 'finish', reason: 'stop' }, finalUsage]);
    expect(wire.message_start.message.usage.input_tokens).toBe(12);
  });
});
