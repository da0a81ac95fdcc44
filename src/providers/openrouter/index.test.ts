/** OpenRouter: dialect differences and round trips against the simulator's openrouter flavor. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../simulator/server.js';
import { ask, caught, reasoningOf, roundTrip, settingsFor, textOf, toolCallsOf, weatherTool } from '../../testing/provider-roundtrip.js';
import { openrouterProvider } from './index.js';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(async () => {
  await sim.close();
});

const MODEL = 'openai/gpt-4o-mini';
const settings = (extra = {}) => settingsFor('openrouter', `${sim.url}/openrouter/api/v1`, extra);

describe('openrouter encode', () => {
  it('asks for reasoning with the reasoning object (budget or effort), without stream_options', () => {
    const encode = (request: Parameters<typeof openrouterProvider.chat.encode>[0]) =>
      JSON.parse(
        openrouterProvider.chat.encode(request, settingsFor('openrouter', openrouterProvider.defaultBaseUrl, { headers: { 'X-Title': 'app' } })).body as string,
      );
    expect(encode(ask(MODEL, 'hi', { reasoning: { budgetTokens: 5000 } })).reasoning).toEqual({ max_tokens: 5000 });
    const body = encode(ask(MODEL, 'hi', { reasoning: { effort: 'medium' }, stream: true, maxTokens: 5 }));
    expect(body).toMatchObject({ reasoning: { effort: 'medium' }, max_tokens: 5 });
    expect(body.reasoning_effort).toBeUndefined();
    expect(body.stream_options).toBeUndefined();
    const spec = openrouterProvider.chat.encode(
      ask(MODEL, 'hi'),
      settingsFor('openrouter', openrouterProvider.defaultBaseUrl, { headers: { 'X-Title': 'app' } }),
    );
    expect(spec.url).toBe('https://openrouter.ai/api/v1/chat/completions');
    expect(spec.headers['X-Title']).toBe('app');
  });
});

describe('openrouter round trips', () => {
  it('reads the always-sent usage message and reasoning, past processing comments', async () => {
    const rt = roundTrip(openrouterProvider, settings());
    const request = ask(MODEL, 'Hello there', { reasoning: { effort: 'low' } });
    const res = await rt.chat(request);
    expect(res.reasoning).toBe('Considering the request: Hello there');
    const events = await rt.stream(request);
    expect(textOf(events)).toBe(res.text);
    expect(reasoningOf(events).trim()).toBe(res.reasoning);
    expect(events.filter((e) => e.type === 'usage')).toEqual([{ type: 'usage', usage: res.usage }]);
  });

  it('streams parallel tool calls', async () => {
    const time = { name: 'get_time', parameters: { type: 'object', properties: { zone: { type: 'string' } } } };
    const calls = toolCallsOf(
      await roundTrip(openrouterProvider, settings()).stream(ask(MODEL, 'use get_weather and get_time', { tools: [weatherTool, time] })),
    );
    expect(calls.map((c) => c.name)).toEqual(['get_weather', 'get_time']);
    expect(JSON.parse(calls[1]!.arguments)).toEqual({ zone: 'sample zone' });
  });

  it('reports a mid-stream error event as an upstream error', async () => {
    const decoder = openrouterProvider.chat.createStreamDecoder(settings());
    decoder.push({ data: '{"id":"gen-1","model":"m","created":1,"choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}' });
    const err = await caught(() => decoder.push({ data: '{"id":"gen-1","error":{"code":502,"message":"Provider disconnected"},"choices":[]}' }));
    expect(err).toMatchObject({ code: 'upstream_error', message: 'Provider disconnected' });
  });

  it('forwards every canonical parameter, so drop_params has nothing to drop', () => {
    const request = ask(MODEL, 'hi', { seed: 1, topK: 3, user: 'u' });
    const kept = JSON.parse(openrouterProvider.chat.encode(request, settings()).body as string);
    expect(kept).toMatchObject({ seed: 1, top_k: 3, user: 'u' });
    expect(JSON.parse(openrouterProvider.chat.encode(request, settings({ dropParams: new Set(['*']) })).body as string)).toEqual(kept);
  });
});
