/** Together: dialect differences and round trips against the simulator's together flavor. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../simulator/server.js';
import { ask, reasoningOf, roundTrip, settingsFor, textOf, toolCallsOf, weatherTool } from '../../testing/provider-roundtrip.js';
import { togetherProvider } from './index.js';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(async () => {
  await sim.close();
});

const MODEL = 'meta-llama/Llama-3.3-70B-Instruct-Turbo';
const settings = (extra = {}) => settingsFor('together', `${sim.url}/together/v1`, extra);

describe('together encode', () => {
  it('sends max_tokens and top_k, no stream_options, and reasoning.enabled=false for effort none', () => {
    const spec = togetherProvider.chat.encode(
      ask(MODEL, 'hi', { maxTokens: 10, topK: 40, stream: true, reasoning: { effort: 'none' } }),
      settingsFor('together', togetherProvider.defaultBaseUrl),
    );
    expect(spec.url).toBe('https://api.together.xyz/v1/chat/completions');
    const body = JSON.parse(spec.body as string);
    expect(body).toMatchObject({ max_tokens: 10, top_k: 40, stream: true, reasoning: { enabled: false } });
    expect(body.max_completion_tokens).toBeUndefined();
    expect(body.stream_options).toBeUndefined();
    expect(body.reasoning_effort).toBeUndefined();
  });
});

describe('together round trips', () => {
  it('maps finish_reason eos to stop and reads usage from the last chunk without asking', async () => {
    const rt = roundTrip(togetherProvider, settings());
    const res = await rt.chat(ask(MODEL, 'Hello there'));
    expect(res.finishReason).toBe('stop');
    expect(res.nativeFinishReason).toBe('eos');
    const events = await rt.stream(ask(MODEL, 'Hello there'));
    expect(textOf(events)).toBe(res.text);
    expect(events.filter((e) => e.type === 'finish')).toEqual([{ type: 'finish', reason: 'stop', nativeReason: 'eos' }]);
    expect(events.filter((e) => e.type === 'usage')).toEqual([{ type: 'usage', usage: res.usage }]);
  });

  it('streams tool calls and reasoning', async () => {
    const rt = roundTrip(togetherProvider, settings());
    const calls = toolCallsOf(await rt.stream(ask(MODEL, 'call get_weather', { tools: [weatherTool] })));
    expect(calls.map((c) => c.name)).toEqual(['get_weather']);
    expect(JSON.parse(calls[0]!.arguments)).toEqual({ city: 'sample city' });
    const events = await rt.stream(ask(MODEL, 'Reason', { reasoning: { effort: 'low' } }));
    expect(reasoningOf(events).trim()).toBe('Considering the request: Reason');
  });

  it('leaves out user, which this API has no field for, instead of refusing the call', async () => {
    const spec = togetherProvider.chat.encode(ask(MODEL, 'hi', { user: 'u1' }), settings());
    expect(JSON.parse(spec.body as string)).not.toHaveProperty('user');
    const res = await roundTrip(togetherProvider, settings()).chat(ask(MODEL, 'hi', { user: 'u1' }));
    expect(res.finishReason).toBe('stop');
  });
});
