/** LM Studio: dialect differences and round trips against the simulator's lmstudio flavor. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../simulator/server.js';
import { ask, caught, roundTrip, settingsFor, textOf, toolCallsOf, UpstreamFailure, weatherTool } from '../../testing/provider-roundtrip.js';
import { lmstudioProvider } from './index.js';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(async () => {
  await sim.close();
});

const MODEL = 'openai/gpt-oss-20b';
const settings = (extra = {}) => settingsFor('lmstudio', `${sim.url}/lmstudio/v1`, { apiKey: undefined, ...extra });

describe('lmstudio encode', () => {
  it('sends max_tokens and stream usage to localhost:1234 without a key', () => {
    const spec = lmstudioProvider.chat.encode(
      ask(MODEL, 'hi', { maxTokens: 3, stream: true }),
      settingsFor('lmstudio', lmstudioProvider.defaultBaseUrl, { apiKey: undefined }),
    );
    expect(spec.url).toBe('http://localhost:1234/v1/chat/completions');
    expect(spec.headers.authorization).toBeUndefined();
    expect(JSON.parse(spec.body as string)).toMatchObject({ max_tokens: 3, stream_options: { include_usage: true } });
  });
});

describe('lmstudio round trips', () => {
  it('answers streamed and not', async () => {
    const rt = roundTrip(lmstudioProvider, settings());
    const res = await rt.chat(ask(MODEL, 'Hello there'));
    const events = await rt.stream(ask(MODEL, 'Hello there'));
    expect(textOf(events)).toBe(res.text);
    expect(events.filter((e) => e.type === 'usage')).toEqual([{ type: 'usage', usage: res.usage }]);
  });

  it('streams tool calls', async () => {
    const calls = toolCallsOf(await roundTrip(lmstudioProvider, settings()).stream(ask(MODEL, 'call get_weather', { tools: [weatherTool] })));
    expect(calls[0]).toMatchObject({ name: 'get_weather', arguments: '{"city":"sample city"}' });
  });

  it('refuses json_object mode (json_schema only) unless drop_params drops it', async () => {
    const request = ask(MODEL, 'hi', { responseFormat: { type: 'json_object' } });
    const err = await caught(() => roundTrip(lmstudioProvider, settings()).chat(request));
    expect(err).toMatchObject({ status: 400, code: 'unsupported_parameter', param: 'response_format' });
    const res = await roundTrip(lmstudioProvider, settings({ dropParams: new Set(['response_format']) })).chat(request);
    expect(res.text).toContain('Simulated reply to: hi');
    const schema = await roundTrip(lmstudioProvider, settings()).chat(
      ask(MODEL, 'hi', { responseFormat: { type: 'json_schema', name: 'r', schema: { type: 'object', properties: { a: { type: 'integer' } } } } }),
    );
    expect(JSON.parse(schema.text)).toEqual({ a: 42 });
    // The simulator refuses json_object like LM Studio, so the refusal above spares a round trip that would fail.
    const forced = lmstudioProvider.chat.encode(ask(MODEL, 'hi'), settings());
    const body = { ...JSON.parse(forced.body as string), response_format: { type: 'json_object' } };
    const upstream = await caught(() => roundTrip(lmstudioProvider, settings()).send({ ...forced, body: JSON.stringify(body) }));
    expect(upstream).toBeInstanceOf(UpstreamFailure);
  });
});
