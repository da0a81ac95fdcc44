import { describe, expect, it } from 'vitest';
import type { ChatResponse, TokenLogprob } from '../../core/types.js';
import { encodeOpenAIChatResponse } from './encode-response.js';
import { createOpenAIStreamEncoder } from './encode-stream.js';

const tokens: TokenLogprob[] = [
  {
    token: 'Hi',
    logprob: -0.1,
    bytes: [72, 105],
    top: [
      { token: 'Hi', logprob: -0.1 },
      { token: 'Hey', logprob: -2.5, bytes: [72, 101, 121] },
    ],
  },
  { token: '!', logprob: -0.01 },
];

const response: ChatResponse = {
  id: 'chatcmpl-1',
  model: 'gpt-4o',
  created: 1,
  text: 'Hi!',
  toolCalls: [],
  finishReason: 'stop',
  usage: { inputTokens: 3, outputTokens: 2 },
};

describe('openai ingress: logprobs, service_tier and system_fingerprint in responses', () => {
  it('encodes logprobs in OpenAI shape (bytes null when unknown, top_logprobs always a list)', () => {
    const body = encodeOpenAIChatResponse({ ...response, logprobs: tokens, serviceTier: 'flex', systemFingerprint: 'fp_1' });
    expect(body.choices[0]!.logprobs).toEqual({
      content: [
        {
          token: 'Hi',
          logprob: -0.1,
          bytes: [72, 105],
          top_logprobs: [
            { token: 'Hi', logprob: -0.1, bytes: null },
            { token: 'Hey', logprob: -2.5, bytes: [72, 101, 121] },
          ],
        },
        { token: '!', logprob: -0.01, bytes: null, top_logprobs: [] },
      ],
      refusal: null,
    });
    expect(body).toMatchObject({ service_tier: 'flex', system_fingerprint: 'fp_1' });
  });

  it('keeps logprobs null and leaves out tier and fingerprint when the provider gave none', () => {
    const body = encodeOpenAIChatResponse(response);
    expect(body.choices[0]!.logprobs).toBeNull();
    expect(body).not.toHaveProperty('service_tier');
    expect(body).not.toHaveProperty('system_fingerprint');
  });

  it('puts a text event’s logprobs on its own chunk, and the tier and fingerprint on every chunk', () => {
    const encoder = createOpenAIStreamEncoder({ requestedModel: 'gpt-4o', includeUsage: false });
    const chunks = [
      encoder.encode({ type: 'start', id: 'chatcmpl-1', model: 'gpt-4o', created: 1, serviceTier: 'default', systemFingerprint: 'fp_1' }),
      encoder.encode({ type: 'text', text: 'Hi', logprobs: tokens.slice(0, 1) }),
      encoder.encode({ type: 'text', text: '!' }),
    ].map((frame) => JSON.parse(frame.slice('data: '.length)));
    for (const chunk of chunks) expect(chunk).toMatchObject({ service_tier: 'default', system_fingerprint: 'fp_1' });
    expect(chunks[1].choices[0]).toMatchObject({ delta: { content: 'Hi' }, logprobs: { content: [{ token: 'Hi', logprob: -0.1 }], refusal: null } });
    expect(chunks[2].choices[0].logprobs).toBeNull();
  });
});
