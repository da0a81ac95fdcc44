/** Fireworks: dialect differences and round trips against the simulator's fireworks flavor. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../simulator/server.js';
import { ask, roundTrip, settingsFor, textOf, toolCallsOf, weatherTool } from '../../testing/provider-roundtrip.js';
import { fireworksProvider } from './index.js';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(async () => {
  await sim.close();
});

const MODEL = 'accounts/fireworks/models/llama-v3p1-8b-instruct';
const settings = (extra = {}) => settingsFor('fireworks', `${sim.url}/fireworks/inference/v1`, extra);

describe('fireworks encode', () => {
  it('always asks for an error past the context window, and sends max_tokens without stream_options', () => {
    const spec = fireworksProvider.chat.encode(ask(MODEL, 'hi', { maxTokens: 10, stream: true }), settingsFor('fireworks', fireworksProvider.defaultBaseUrl));
    expect(spec.url).toBe('https://api.fireworks.ai/inference/v1/chat/completions');
    const body = JSON.parse(spec.body as string);
    expect(body).toMatchObject({ max_tokens: 10, context_length_exceeded_behavior: 'error' });
    expect(body.stream_options).toBeUndefined();
  });
});

describe('fireworks round trips', () => {
  it('answers streamed and not, with usage from the final chunk', async () => {
    const rt = roundTrip(fireworksProvider, settings());
    const res = await rt.chat(ask(MODEL, 'Hello there'));
    const events = await rt.stream(ask(MODEL, 'Hello there'));
    expect(textOf(events)).toBe(res.text);
    expect(events.filter((e) => e.type === 'usage')).toEqual([{ type: 'usage', usage: res.usage }]);
  });

  it('streams tool calls', async () => {
    const calls = toolCallsOf(await roundTrip(fireworksProvider, settings()).stream(ask(MODEL, 'call get_weather', { tools: [weatherTool] })));
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ name: 'get_weather', arguments: '{"city":"sample city"}' });
  });

  it('forwards every canonical parameter, so drop_params has nothing to drop', () => {
    // Fireworks accepts all of them; '*' in drop_params must leave the request unchanged.
    const request = ask(MODEL, 'hi', { seed: 3, user: 'u', topK: 5, presencePenalty: 0.5 });
    const kept = JSON.parse(fireworksProvider.chat.encode(request, settings()).body as string);
    const dropped = JSON.parse(fireworksProvider.chat.encode(request, settings({ dropParams: new Set(['*']) })).body as string);
    expect(kept).toMatchObject({ seed: 3, user: 'u', top_k: 5, presence_penalty: 0.5 });
    expect(dropped).toEqual(kept);
  });
});
