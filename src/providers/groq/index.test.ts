/** Groq: dialect differences and round trips against the simulator's groq flavor. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayError } from '../../core/errors.js';
import { type RunningSimulator, startSimulator } from '../../simulator/server.js';
import { ask, caught, reasoningOf, roundTrip, settingsFor, textOf, toolCallsOf, UpstreamFailure, weatherTool } from '../../testing/provider-roundtrip.js';
import { groqProvider } from './index.js';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(async () => {
  await sim.close();
});

const MODEL = 'llama-3.3-70b-versatile';
const settings = () => settingsFor('groq', `${sim.url}/groq/openai/v1`);

describe('groq encode', () => {
  it('uses max_completion_tokens, no stream_options, system for developer, and Groq effort values', () => {
    const spec = groqProvider.chat.encode(
      {
        ...ask(MODEL, 'hi', { maxTokens: 50, stream: true, reasoning: { effort: 'minimal' } }),
        messages: [
          { role: 'developer', content: [{ type: 'text', text: 'rules' }] },
          { role: 'user', content: [{ type: 'text', text: 'hi' }] },
        ],
      },
      settingsFor('groq', 'https://api.groq.com/openai/v1'),
    );
    expect(spec.url).toBe('https://api.groq.com/openai/v1/chat/completions');
    expect(spec.headers.authorization).toBe('Bearer sim-key');
    const body = JSON.parse(spec.body as string);
    expect(body.max_completion_tokens).toBe(50);
    expect(body.stream).toBe(true);
    expect(body.stream_options).toBeUndefined();
    expect(body.messages[0].role).toBe('system');
    expect(body.reasoning_effort).toBe('low');
    expect(groqProvider.defaultBaseUrl).toBe('https://api.groq.com/openai/v1');
  });

  it('refuses messages[].name (Groq answers 400) unless drop_params drops it', () => {
    const request = { ...ask(MODEL, 'hi'), messages: [{ role: 'user' as const, name: 'ann', content: [{ type: 'text' as const, text: 'hi' }] }] };
    const err = (() => {
      try {
        groqProvider.chat.encode(request, settingsFor('groq', 'https://x'));
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(GatewayError);
    expect((err as GatewayError).param).toBe('messages[].name');
    const body = JSON.parse(groqProvider.chat.encode(request, settingsFor('groq', 'https://x', { dropParams: new Set(['messages[].name']) })).body as string);
    expect(body.messages[0].name).toBeUndefined();
  });
});

describe('groq round trips', () => {
  it('answers non-streamed and streamed alike, with stream usage from x_groq.usage', async () => {
    const rt = roundTrip(groqProvider, settings());
    const res = await rt.chat(ask(MODEL, 'Hello there'));
    expect(res.text).toBe('Simulated reply to: Hello there (system: Be brief.)');
    expect(res.finishReason).toBe('stop');
    expect(res.usage.outputTokens).toBeGreaterThan(0);

    const events = await rt.stream(ask(MODEL, 'Hello there'));
    expect(events[0]).toMatchObject({ type: 'start', model: MODEL });
    expect(textOf(events)).toBe(res.text);
    const usages = events.filter((e) => e.type === 'usage');
    expect(usages).toEqual([{ type: 'usage', usage: res.usage }]);
    expect(events.filter((e) => e.type === 'finish')).toEqual([{ type: 'finish', reason: 'stop', nativeReason: 'stop' }]);
  });

  it('streams tool calls as start + deltas', async () => {
    const events = await roundTrip(groqProvider, settings()).stream(ask(MODEL, 'Use get_weather please', { tools: [weatherTool] }));
    const calls = toolCallsOf(events);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.name).toBe('get_weather');
    expect(JSON.parse(calls[0]!.arguments)).toEqual({ city: 'sample city' });
    expect(events.find((e) => e.type === 'finish')).toMatchObject({ reason: 'tool_calls' });
  });

  it('returns reasoning from the reasoning field', async () => {
    const rt = roundTrip(groqProvider, settings());
    const res = await rt.chat(ask(MODEL, 'Think first', { reasoning: { effort: 'high' } }));
    expect(res.reasoning).toBe('Considering the request: Think first');
    const events = await rt.stream(ask(MODEL, 'Think first', { reasoning: { effort: 'high' } }));
    expect(reasoningOf(events).trim()).toBe('Considering the request: Think first');
  });

  it('gets the simulator 400 for stream_options, proving the dialect never sends it', async () => {
    const spec = groqProvider.chat.encode({ ...ask(MODEL, 'hi'), stream: true }, settings());
    const body = JSON.parse(spec.body as string);
    body.stream_options = { include_usage: true };
    const err = await caught(() => roundTrip(groqProvider, settings()).send({ ...spec, body: JSON.stringify(body) }));
    expect(err).toBeInstanceOf(UpstreamFailure);
    expect((err as UpstreamFailure).status).toBe(400);
  });

  it('is refused by the simulator when a dropped parameter is forced through', async () => {
    const request = { ...ask(MODEL, 'hi'), messages: [{ role: 'user' as const, name: 'ann', content: [{ type: 'text' as const, text: 'hi' }] }] };
    const dropping = settingsFor('groq', `${sim.url}/groq/openai/v1`, { dropParams: new Set(['messages[].name']) });
    const res = await roundTrip(groqProvider, dropping).chat(request);
    expect(res.text).toContain('Simulated reply to: hi');
    const spec = groqProvider.chat.encode(request, dropping);
    const body = JSON.parse(spec.body as string);
    body.messages[0].name = 'ann';
    const err = await caught(() => roundTrip(groqProvider, dropping).send({ ...spec, body: JSON.stringify(body) }));
    expect((err as UpstreamFailure).status).toBe(400);
    expect((err as UpstreamFailure).info.message).toContain("property 'name' is unsupported");
  });
});
