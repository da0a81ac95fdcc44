/** Gemini and the options few providers share: logprobs map to responseLogprobs, the rest are refused. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatRequest, StreamEvent } from '../../core/types.js';
import { type RunningSimulator, startSimulator } from '../../simulator/server.js';
import { thrownGatewayError as thrown } from '../../testing/gateway-error.js';
import { roundTrip, settingsFor, textOf } from '../../testing/provider-roundtrip.js';
import type { ProviderSettings } from '../spec/provider.js';
import { decodeChatResponse } from './decode-response.js';
import { createGeminiStreamDecoder } from './decode-stream.js';
import { encodeGenerationConfig } from './encode-request.js';
import { geminiProvider } from './index.js';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(async () => sim.close());

const settings = (dropParams: string[] = []): ProviderSettings => ({ ...settingsFor('gemini', 'http://x'), dropParams: new Set(dropParams) });
const base: ChatRequest = { model: 'gemini-2.5-flash', stream: false, messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi there' }] }] };

const logprobsResult = {
  chosenCandidates: [{ token: 'Hi', logProbability: -0.25 }, { token: '!' }],
  topCandidates: [
    {
      candidates: [
        { token: 'Hi', logProbability: -0.25 },
        { token: 'Hey', logProbability: -1.5 },
      ],
    },
    { candidates: [{ token: '!' }] },
  ],
};

describe('gemini: logprobs', () => {
  it('asks with responseLogprobs and the top count', () => {
    expect(encodeGenerationConfig({ ...base, logprobs: true, topLogprobs: 3 })).toEqual({ responseLogprobs: true, logprobs: 3 });
    expect(encodeGenerationConfig({ ...base, logprobs: true, topLogprobs: 0 })).toEqual({ responseLogprobs: true });
  });

  it('reads logprobsResult, a missing logProbability being 0', () => {
    const response = decodeChatResponse(
      { candidates: [{ content: { parts: [{ text: 'Hi!' }], role: 'model' }, finishReason: 'STOP', logprobsResult }], modelVersion: 'gemini-2.5-flash' },
      settings(),
    );
    expect(response.logprobs).toEqual([
      {
        token: 'Hi',
        logprob: -0.25,
        top: [
          { token: 'Hi', logprob: -0.25 },
          { token: 'Hey', logprob: -1.5 },
        ],
      },
      { token: '!', logprob: 0, top: [{ token: '!', logprob: 0 }] },
    ]);
  });

  it('puts a stream chunk’s logprobs on its text event', () => {
    const decoder = createGeminiStreamDecoder(settings());
    const events = decoder.push({ data: JSON.stringify({ candidates: [{ content: { parts: [{ text: 'Hi!' }] }, logprobsResult }] }) });
    expect(events[1]).toMatchObject({ type: 'text', text: 'Hi!', logprobs: [{ token: 'Hi' }, { token: '!' }] });
  });

  it('round-trips through the simulator, whole and streamed', async () => {
    const rt = roundTrip(geminiProvider, settingsFor('gemini', sim.url));
    const request = { ...base, logprobs: true, topLogprobs: 2 };
    const response = await rt.chat(request);
    expect(response.logprobs?.map((t) => t.token).join('')).toBe(response.text);
    expect(response.logprobs?.[0]?.top).toHaveLength(2);
    const events = await rt.stream(request);
    const tokens = events.flatMap((e: StreamEvent) => (e.type === 'text' ? (e.logprobs ?? []) : []));
    expect(tokens.map((t) => t.token).join('')).toBe(textOf(events));
  });

  it('refuses the options Gemini has no field for, by name', () => {
    for (const [param, patch] of [
      ['service_tier', { serviceTier: 'flex' }],
      ['metadata', { metadata: { a: 'b' } }],
      ['logit_bias', { logitBias: { '1': 1 } }],
    ] as const) {
      const request = { ...base, ...patch };
      expect(thrown(() => geminiProvider.chat.encode(request, settings()))).toMatchObject({ code: 'unsupported_parameter', param });
      expect(() => geminiProvider.chat.encode(request, settings([param]))).not.toThrow();
    }
  });
});
