/** Assembling a streamed answer for the cache, and refusing what cannot be replayed faithfully. */
import { describe, expect, it } from 'vitest';
import type { ChatResponse, StreamEvent } from '../core/types.js';
import { replayEvents } from './replay.js';
import { ResponseRecorder } from './response-recorder.js';

function record(events: readonly StreamEvent[], maxChars = 10_000): ResponseRecorder {
  const recorder = new ResponseRecorder(maxChars);
  for (const event of events) recorder.add(event);
  return recorder;
}

const ANSWER: ChatResponse = {
  id: 'up-1',
  model: 'gpt-4o-mini',
  created: 7,
  text: 'Paris is the capital of France, and has been for a long time.',
  reasoning: 'The user asks about geography.',
  reasoningSignature: 'sig',
  toolCalls: [{ id: 'call_1', name: 'lookup', arguments: '{"city":"Paris","country":"France","unit":"celsius"}' }],
  finishReason: 'tool_calls',
  nativeFinishReason: 'tool_calls',
  usage: { inputTokens: 12, outputTokens: 30 },
};

describe('ResponseRecorder', () => {
  it('rebuilds the answer a replay streams (the round trip is lossless)', () => {
    expect(record(replayEvents(ANSWER, 'up-1', 7)).result()).toEqual(ANSWER);
  });

  it('keeps start fields, stop sequences and usage', () => {
    const result = record([
      { type: 'start', id: 'a', model: 'm', created: 3, serviceTier: 'default', systemFingerprint: 'fp' },
      { type: 'text', text: 'Hi ' },
      { type: 'text', text: 'there' },
      { type: 'finish', reason: 'stop', stopSequence: 'END' },
      { type: 'usage', usage: { inputTokens: 1, outputTokens: 2 } },
    ]).result();
    expect(result).toMatchObject({ id: 'a', model: 'm', created: 3, serviceTier: 'default', systemFingerprint: 'fp', text: 'Hi there' });
    expect(result).toMatchObject({ finishReason: 'stop', stopSequence: 'END', usage: { inputTokens: 1, outputTokens: 2 } });
  });

  it('has no result for a stream that did not finish', () => {
    const events = replayEvents(ANSWER, 'up-1', 7).filter((event) => event.type !== 'finish');
    expect(record(events).result()).toBeUndefined();
  });

  it('refuses an answer over its size bound', () => {
    const recorder = record(replayEvents(ANSWER, 'up-1', 7), 40);
    expect(recorder.result()).toBeUndefined();
    expect(recorder.unstorable).toBe('too large');
  });

  it.each<[string, StreamEvent]>([
    ['logprobs', { type: 'text', text: 'x', logprobs: [{ token: 'x', logprob: -0.1 }] }],
    ['encrypted reasoning', { type: 'reasoning_encrypted', data: 'enc' }],
    ['a Responses-only item', { type: 'native_item', item: { type: 'web_search_call' } }],
  ])('refuses an answer with %s', (reason, event) => {
    const events = replayEvents(ANSWER, 'up-1', 7);
    const recorder = record([...events.slice(0, 2), event, ...events.slice(2)]);
    expect(recorder.result()).toBeUndefined();
    expect(recorder.unstorable).toBe(reason);
  });

  it('refuses tool calls with a gap in their indexes', () => {
    const recorder = record([
      { type: 'start', id: 'a', model: 'm', created: 1 },
      { type: 'tool_call_start', index: 1, id: 'c', name: 'f' },
      { type: 'tool_call_delta', index: 1, arguments: '{}' },
      { type: 'finish', reason: 'tool_calls' },
    ]);
    expect(recorder.result()).toBeUndefined();
  });
});
