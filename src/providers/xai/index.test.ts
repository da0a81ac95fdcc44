/** xAI: per-model dialect rules and round trips against the simulator's xai flavor. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayError } from '../../core/errors.js';
import { type RunningSimulator, startSimulator } from '../../simulator/server.js';
import { ask, caught, reasoningOf, roundTrip, settingsFor, textOf, toolCallsOf, weatherTool } from '../../testing/provider-roundtrip.js';
import { xaiProvider } from './index.js';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(async () => {
  await sim.close();
});

const settings = (extra = {}) => settingsFor('xai', `${sim.url}/xai/v1`, extra);
const body = (request: Parameters<typeof xaiProvider.chat.encode>[0], extra = {}) =>
  JSON.parse(xaiProvider.chat.encode(request, settingsFor('xai', xaiProvider.defaultBaseUrl, extra)).body as string);

describe('xai encode', () => {
  it('keeps penalties and stop for non-reasoning models', () => {
    expect(body(ask('grok-3', 'hi', { stop: ['x'], presencePenalty: 1 }))).toMatchObject({ stop: ['x'], presence_penalty: 1 });
  });

  it('refuses stop and penalties for reasoning models unless dropped', async () => {
    const err = await caught(() => body(ask('grok-4', 'hi', { stop: ['x'] })));
    expect(err).toBeInstanceOf(GatewayError);
    expect(err).toMatchObject({ status: 400, param: 'stop' });
    expect(body(ask('grok-4', 'hi', { stop: ['x'] }), { dropParams: new Set(['stop']) }).stop).toBeUndefined();
  });

  it('sends reasoning_effort only where the model takes it, in its value set', async () => {
    expect(body(ask('grok-3-mini', 'hi', { reasoning: { effort: 'medium' } })).reasoning_effort).toBe('high');
    expect(body(ask('grok-3-mini', 'hi', { reasoning: { effort: 'minimal' } })).reasoning_effort).toBe('low');
    expect(body(ask('grok-4.3', 'hi', { reasoning: { effort: 'none' } })).reasoning_effort).toBe('none');
    expect(await caught(() => body(ask('grok-4', 'hi', { reasoning: { effort: 'low' } })))).toMatchObject({ param: 'reasoning_effort' });
  });
});

describe('xai round trips', () => {
  it('answers streamed and not, with reasoning_content from grok-3-mini', async () => {
    const rt = roundTrip(xaiProvider, settings());
    const request = ask('grok-3-mini', 'Hello there', { reasoning: { effort: 'high' } });
    const res = await rt.chat(request);
    expect(res.reasoning).toBe('Considering the request: Hello there');
    const events = await rt.stream(request);
    expect(textOf(events)).toBe(res.text);
    expect(reasoningOf(events).trim()).toBe(res.reasoning);
    expect(events.filter((e) => e.type === 'usage')).toEqual([{ type: 'usage', usage: res.usage }]);
  });

  it('streams tool calls', async () => {
    const calls = toolCallsOf(await roundTrip(xaiProvider, settings()).stream(ask('grok-4', 'call get_weather', { tools: [weatherTool] })));
    expect(calls[0]).toMatchObject({ name: 'get_weather', arguments: '{"city":"sample city"}' });
  });

  it('passes the simulator, which refuses stop on reasoning models, once stop is dropped', async () => {
    const res = await roundTrip(xaiProvider, settings({ dropParams: new Set(['stop']) })).chat(ask('grok-4', 'hi', { stop: ['zzz'] }));
    expect(res.finishReason).toBe('stop');
    const forced = xaiProvider.chat.encode(ask('grok-3', 'hi', { stop: ['zzz'] }), settings());
    const sent = JSON.parse(forced.body as string);
    sent.model = 'grok-4';
    const err = await caught(() => roundTrip(xaiProvider, settings()).send({ ...forced, body: JSON.stringify(sent) }));
    expect(err).toMatchObject({ status: 400 });
  });
});
