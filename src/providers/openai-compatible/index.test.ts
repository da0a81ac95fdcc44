/** The generic openai-compatible type against the simulator's compat flavor. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../simulator/server.js';
import { ask, roundTrip, settingsFor, textOf, toolCallsOf, weatherTool } from '../../testing/provider-roundtrip.js';
import { openaiCompatibleProvider } from './index.js';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(async () => {
  await sim.close();
});

const MODEL = 'tgi';
const settings = (extra = {}) => settingsFor('openai-compatible', `${sim.url}/compat/v1`, { apiKey: undefined, ...extra });

describe('openai-compatible encode', () => {
  it('has no default base URL, requires one, and sends max_tokens, system for developer and top_k', () => {
    expect(openaiCompatibleProvider.defaultBaseUrl).toBe('');
    expect(openaiCompatibleProvider.requiredSettings).toEqual(['baseUrl']);
    const spec = openaiCompatibleProvider.chat.encode(
      {
        ...ask(MODEL, 'hi', { maxTokens: 3, topK: 2 }),
        messages: [
          { role: 'developer', content: [{ type: 'text', text: 'rules' }] },
          { role: 'user', content: [{ type: 'text', text: 'hi' }] },
        ],
      },
      settingsFor('openai-compatible', 'http://127.0.0.1:9999/v1', { apiKey: 'k' }),
    );
    expect(spec.url).toBe('http://127.0.0.1:9999/v1/chat/completions');
    expect(spec.headers.authorization).toBe('Bearer k');
    expect(JSON.parse(spec.body as string)).toMatchObject({ max_tokens: 3, top_k: 2, messages: [{ role: 'system' }, { role: 'user' }] });
  });
});

describe('openai-compatible round trips', () => {
  it('answers streamed and not, with usage asked for', async () => {
    const rt = roundTrip(openaiCompatibleProvider, settings());
    const res = await rt.chat(ask(MODEL, 'Hello there'));
    const events = await rt.stream(ask(MODEL, 'Hello there'));
    expect(textOf(events)).toBe(res.text);
    expect(events.filter((e) => e.type === 'usage')).toEqual([{ type: 'usage', usage: res.usage }]);
  });

  it('streams tool calls', async () => {
    const calls = toolCallsOf(await roundTrip(openaiCompatibleProvider, settings()).stream(ask(MODEL, 'call get_weather', { tools: [weatherTool] })));
    expect(calls[0]).toMatchObject({ name: 'get_weather', arguments: '{"city":"sample city"}' });
  });

  it('forwards every canonical parameter: the server decides, so drop_params has nothing to drop', () => {
    const request = ask(MODEL, 'hi', { seed: 1, user: 'u', presencePenalty: 1, reasoning: { effort: 'low' } });
    const kept = JSON.parse(openaiCompatibleProvider.chat.encode(request, settings()).body as string);
    expect(kept).toMatchObject({ seed: 1, user: 'u', presence_penalty: 1, reasoning_effort: 'low' });
    expect(JSON.parse(openaiCompatibleProvider.chat.encode(request, settings({ dropParams: new Set(['*']) })).body as string)).toEqual(kept);
  });
});
