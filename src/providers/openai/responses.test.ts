/** OpenAI's Responses codec: the URL and auth it sends, and a round trip through the simulator. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../simulator/server.js';
import { ask, roundTrip, settingsFor, textOf, toolCallsOf, weatherTool } from '../../testing/provider-roundtrip.js';
import { openaiProvider } from './index.js';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(async () => sim.close());

const responses = openaiProvider.responses!;

describe('openai Responses codec', () => {
  it('posts to {base_url}/responses with the Bearer key and extra headers, the model in the body', () => {
    const spec = responses.encode(ask('gpt-5', 'hi'), settingsFor('openai', 'https://api.openai.com/v1', { headers: { 'OpenAI-Project': 'proj_1' } }));
    expect(spec.url).toBe('https://api.openai.com/v1/responses');
    expect(spec.headers).toEqual({ 'content-type': 'application/json', authorization: 'Bearer sim-key', 'OpenAI-Project': 'proj_1' });
    expect(JSON.parse(spec.body as string)).toMatchObject({ model: 'gpt-5', instructions: 'Be brief.', store: false });
  });

  it('declares what it cannot do: no stop, no seed', () => {
    expect(responses.capabilities).toMatchObject({ stop: false, seed: false, tools: true, jsonSchema: true, reasoning: true, images: 'url' });
  });

  it('answers whole and streamed through the simulator, tools included', async () => {
    const rt = roundTrip(openaiProvider, settingsFor('openai', `${sim.url}/v1`), undefined, responses);
    const whole = await rt.chat(ask('gpt-5', 'Hello there'));
    expect(whole.text).toBe('Simulated reply to: Hello there (system: Be brief.)');
    const events = await rt.stream(ask('gpt-5', 'Hello there'));
    expect(textOf(events)).toBe(whole.text);
    expect(events.filter((e) => e.type === 'usage')).toEqual([{ type: 'usage', usage: whole.usage }]);
    const calls = toolCallsOf(await rt.stream(ask('gpt-5', 'call get_weather', { tools: [weatherTool] })));
    expect(calls).toEqual([{ id: expect.stringMatching(/^call_/), name: 'get_weather', arguments: '{"city":"sample city"}' }]);
    expect(sim.received.last()!.path).toBe('/v1/responses');
  });
});
