/** Replaying a cached answer: deltas that rebuild the text without splitting a character, events in provider order. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ChatResponse, StreamEvent } from '../core/types.js';
import { deltas, replayBatches, replayEvents, replayResponse } from './replay.js';

const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number) => code >= 0xdc00 && code <= 0xdfff;

describe('deltas', () => {
  it('rebuilds the text exactly, in small pieces, and never splits a surrogate pair', () => {
    const pieces = fc.constantFrom('a', ' ', 'é', '😀', '👍🏽', '汉', '\n', 'word ', '𝔘');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 200 }), fc.integer({ min: 1, max: 40 }), (parts, size) => {
        const text = parts.join('');
        const out = deltas(text, size);
        expect(out.join('')).toBe(text);
        for (const piece of out) {
          expect(piece.length).toBeGreaterThan(0);
          expect(piece.length).toBeLessThanOrEqual(size + 2);
          expect(isHigh(piece.charCodeAt(piece.length - 1))).toBe(false);
          expect(isLow(piece.charCodeAt(0))).toBe(false);
        }
      }),
    );
  });

  it('breaks after a space when there is one in reach', () => {
    expect(deltas('hello world again and again', 12)).toEqual(['hello world ', 'again and ', 'again']);
  });

  it('keeps a pair whole when the cut falls inside it', () => {
    expect(deltas('ab😀cd', 3)).toEqual(['ab😀', 'cd']);
  });

  it('gives nothing for empty text', () => {
    expect(deltas('')).toEqual([]);
  });
});

const RESPONSE: ChatResponse = {
  id: 'up-1',
  model: 'gpt-4o-mini',
  created: 1,
  text: 'The answer is forty-two, as everybody who has read the book knows well.',
  reasoning: 'Let me think about what the question means before answering it.',
  reasoningSignature: 'sig',
  redactedReasoning: ['opaque'],
  toolCalls: [
    { id: 'call_1', name: 'lookup', arguments: JSON.stringify({ query: 'the meaning of life, the universe and everything' }) },
    { id: 'call_2', name: 'save', arguments: '{}' },
  ],
  finishReason: 'tool_calls',
  nativeFinishReason: 'tool_use',
  usage: { inputTokens: 10, outputTokens: 20, reasoningTokens: 5 },
};

describe('replayEvents', () => {
  const events = replayEvents(RESPONSE, 'cached-1', 99);

  it('orders start, reasoning, text, tool calls, finish, usage', () => {
    const order = events.map((event) => event.type).filter((type, i, all) => type !== all[i - 1]);
    expect(order).toEqual([
      'start',
      'reasoning',
      'reasoning_signature',
      'redacted_reasoning',
      'text',
      'tool_call_start',
      'tool_call_delta',
      'tool_call_start',
      'tool_call_delta',
      'finish',
      'usage',
    ]);
    expect(events[0]).toEqual({ type: 'start', id: 'cached-1', model: 'gpt-4o-mini', created: 99 });
    expect(events.at(-2)).toEqual({ type: 'finish', reason: 'tool_calls', nativeReason: 'tool_use' });
    expect(events.at(-1)).toEqual({ type: 'usage', usage: RESPONSE.usage });
  });

  it('sends text, reasoning and arguments in several deltas that join to the original', () => {
    const of = <T extends StreamEvent['type']>(type: T) => events.filter((event): event is Extract<StreamEvent, { type: T }> => event.type === type);
    expect(of('text').length).toBeGreaterThan(2);
    expect(
      of('text')
        .map((event) => event.text)
        .join(''),
    ).toBe(RESPONSE.text);
    expect(
      of('reasoning')
        .map((event) => event.text)
        .join(''),
    ).toBe(RESPONSE.reasoning);
    const first = of('tool_call_delta').filter((event) => event.index === 0);
    expect(first.length).toBeGreaterThan(1);
    expect(first.map((event) => event.arguments).join('')).toBe(RESPONSE.toolCalls[0]!.arguments);
    expect(of('tool_call_start').map(({ index, id, name }) => ({ index, id, name }))).toEqual([
      { index: 0, id: 'call_1', name: 'lookup' },
      { index: 1, id: 'call_2', name: 'save' },
    ]);
  });

  it('leaves out what the answer does not have', () => {
    const plain = replayEvents(
      { ...RESPONSE, reasoning: undefined, reasoningSignature: undefined, redactedReasoning: undefined, toolCalls: [], text: '' },
      'x',
      1,
    );
    expect(plain.map((event) => event.type)).toEqual(['start', 'finish', 'usage']);
  });

  it('comes in batches that flatten back to the events', async () => {
    const many = replayEvents({ ...RESPONSE, text: 'word '.repeat(1000) }, 'x', 1);
    const batches: StreamEvent[][] = [];
    for await (const batch of replayBatches(many)) batches.push(batch);
    expect(batches.length).toBeGreaterThan(1);
    for (const batch of batches) expect(batch.length).toBeLessThanOrEqual(64);
    expect(batches.flat()).toEqual(many);
  });
});

describe('replayResponse', () => {
  it('is a copy with its own id and time, sharing no objects', () => {
    const copy = replayResponse(RESPONSE, 'cached-2', 5);
    expect(copy).toEqual({ ...RESPONSE, id: 'cached-2', created: 5 });
    copy.toolCalls[0]!.name = 'changed';
    copy.usage.inputTokens = 0;
    expect(RESPONSE.toolCalls[0]!.name).toBe('lookup');
    expect(RESPONSE.usage.inputTokens).toBe(10);
  });
});
