/** Ollama (/v1): dialect differences and round trips against the simulator's ollama flavor. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayError } from '../../core/errors.js';
import { type RunningSimulator, startSimulator } from '../../simulator/server.js';
import { ask, caught, reasoningOf, roundTrip, settingsFor, textOf, toolCallsOf, UpstreamFailure, weatherTool } from '../../testing/provider-roundtrip.js';
import { ollamaProvider } from './index.js';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(async () => {
  await sim.close();
});

const MODEL = 'llama3.2';
const settings = (extra = {}) => settingsFor('ollama', `${sim.url}/ollama/v1`, { apiKey: undefined, ...extra });

describe('ollama encode', () => {
  it('needs no key, sends max_tokens and asks for stream usage; images must be inline', () => {
    expect(ollamaProvider.requiredSettings).toEqual([]);
    expect(ollamaProvider.capabilities.images).toBe('inline');
    const spec = ollamaProvider.chat.encode(
      ask(MODEL, 'hi', { maxTokens: 3, stream: true }),
      settingsFor('ollama', ollamaProvider.defaultBaseUrl, { apiKey: undefined }),
    );
    expect(spec.url).toBe('http://localhost:11434/v1/chat/completions');
    expect(spec.headers.authorization).toBeUndefined();
    expect(JSON.parse(spec.body as string)).toMatchObject({ max_tokens: 3, stream_options: { include_usage: true } });
  });

  it("leaves out tool_choice 'auto' and refuses other tool_choice values unless dropped", async () => {
    const auto = JSON.parse(ollamaProvider.chat.encode(ask(MODEL, 'hi', { tools: [weatherTool], toolChoice: 'auto' }), settings()).body as string);
    expect(auto.tool_choice).toBeUndefined();
    const err = await caught(() => ollamaProvider.chat.encode(ask(MODEL, 'hi', { tools: [weatherTool], toolChoice: 'required' }), settings()));
    expect(err).toBeInstanceOf(GatewayError);
    expect(err).toMatchObject({ param: 'tool_choice' });
  });
});

describe('ollama round trips', () => {
  it('answers streamed and not without a key; reasoning comes from `reasoning`', async () => {
    const rt = roundTrip(ollamaProvider, settings());
    const request = ask(MODEL, 'Hello there', { reasoning: { effort: 'minimal' } });
    const res = await rt.chat(request);
    expect(res.reasoning).toBe('Considering the request: Hello there');
    const events = await rt.stream(request);
    expect(textOf(events)).toBe(res.text);
    expect(reasoningOf(events).trim()).toBe(res.reasoning);
    expect(events.filter((e) => e.type === 'usage')).toEqual([{ type: 'usage', usage: res.usage }]);
  });

  it('streams tool calls', async () => {
    const calls = toolCallsOf(await roundTrip(ollamaProvider, settings()).stream(ask(MODEL, 'call get_weather', { tools: [weatherTool] })));
    expect(calls[0]).toMatchObject({ name: 'get_weather', arguments: '{"city":"sample city"}' });
  });

  it('sends base64 images (the gateway inlines URLs first); the simulator refuses remote URLs like Ollama', async () => {
    const image = (url?: string) => ({
      ...ask(MODEL, 'x'),
      messages: [
        {
          role: 'user' as const,
          content: [
            { type: 'text' as const, text: 'look' },
            url ? { type: 'image' as const, url } : { type: 'image' as const, data: 'iVBORw0KGgo=', mediaType: 'image/png' },
          ],
        },
      ],
    });
    const res = await roundTrip(ollamaProvider, settings()).chat(image());
    expect(res.text).toContain('(images: 1)');
    const err = await caught(() => roundTrip(ollamaProvider, settings()).chat(image('https://example.com/a.png')));
    expect(err).toBeInstanceOf(UpstreamFailure);
    expect((err as UpstreamFailure).info.message).toContain('image URLs are not currently supported');
  });

  it('leaves out user, which this API has no field for, instead of refusing the call', async () => {
    const spec = ollamaProvider.chat.encode(ask(MODEL, 'hi', { user: 'u1' }), settings());
    expect(JSON.parse(spec.body as string)).not.toHaveProperty('user');
    const res = await roundTrip(ollamaProvider, settings()).chat(ask(MODEL, 'hi', { user: 'u1' }));
    expect(res.finishReason).toBe('stop');
  });
});
