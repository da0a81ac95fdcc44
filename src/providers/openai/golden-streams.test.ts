/** Golden streams: OpenAI's documented wire bytes in, exact canonical events out, at any chunking. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../core/types.js';
import type { ProviderSettings } from '../spec/provider.js';
import { createSseFrameDecoder } from '../spec/sse.js';
import { openaiProvider } from './index.js';

const settings: ProviderSettings = { id: 'openai', type: 'openai', baseUrl: 'https://api.openai.com/v1', apiKey: 'k', headers: {}, dropParams: new Set() };

function decode(file: string, chunkSize: number): StreamEvent[] {
  const bytes = readFileSync(new URL(`./fixtures/${file}`, import.meta.url));
  const decoder = openaiProvider.chat.createStreamDecoder(settings);
  const events: StreamEvent[] = [];
  const frames = createSseFrameDecoder((frame) => events.push(...decoder.push(frame)));
  for (let i = 0; i < bytes.length; i += chunkSize) frames.push(bytes.subarray(i, i + chunkSize));
  frames.end();
  events.push(...decoder.end());
  return events;
}

describe.each([1, 7, 64, 1 << 20])('golden OpenAI streams, %i-byte chunks', (chunkSize) => {
  it('text with a usage chunk', () => {
    expect(decode('stream-text.sse', chunkSize)).toEqual([
      // The tier and fingerprint of the first chunk are passed through to the client.
      { type: 'start', id: 'chatcmpl-123', model: 'gpt-4o-mini-2024-07-18', created: 1694268190, serviceTier: 'default', systemFingerprint: 'fp_44709d6fcb' },
      { type: 'text', text: 'Hello' },
      { type: 'text', text: '!' },
      { type: 'finish', reason: 'stop', nativeReason: 'stop' },
      { type: 'usage', usage: { inputTokens: 9, outputTokens: 2 } },
    ]);
  });

  it('logprobs ride on the text event of their chunk, also when the chunk has no text', () => {
    expect(decode('stream-logprobs.sse', chunkSize)).toEqual([
      { type: 'start', id: 'chatcmpl-789', model: 'gpt-4o-mini-2024-07-18', created: 1700000000, serviceTier: 'default', systemFingerprint: 'fp_abc' },
      {
        type: 'text',
        text: 'Hi',
        logprobs: [
          {
            token: 'Hi',
            logprob: -0.0001,
            bytes: [72, 105],
            top: [
              { token: 'Hi', logprob: -0.0001, bytes: [72, 105] },
              { token: 'Hello', logprob: -9.5, bytes: [72, 101, 108, 108, 111] },
            ],
          },
        ],
      },
      { type: 'text', text: '', logprobs: [{ token: '\\xf0\\x9f', logprob: -0.2, bytes: [240, 159] }] },
      { type: 'finish', reason: 'stop', nativeReason: 'stop' },
    ]);
  });

  it('parallel tool calls: ids and names first, argument fragments after, per index', () => {
    expect(decode('stream-parallel-tools.sse', chunkSize)).toEqual([
      { type: 'start', id: 'chatcmpl-456', model: 'gpt-4o-mini-2024-07-18', created: 1699896916 },
      { type: 'tool_call_start', index: 0, id: 'call_aaa', name: 'get_weather' },
      { type: 'tool_call_delta', index: 0, arguments: '{"city"' },
      { type: 'tool_call_delta', index: 0, arguments: ': "Paris"}' },
      { type: 'tool_call_start', index: 1, id: 'call_bbb', name: 'get_weather' },
      { type: 'tool_call_delta', index: 1, arguments: '{"city": "Rome"}' },
      { type: 'finish', reason: 'tool_calls', nativeReason: 'tool_calls' },
    ]);
  });
});
