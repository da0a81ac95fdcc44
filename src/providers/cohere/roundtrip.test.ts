/** Round trips: canonical request → Cohere codec → in-process simulator → canonical result. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upstreamStatusToError } from '../../core/errors.js';
import type { ChatRequest, ChatResponse, EmbeddingsRequest, EmbeddingsResponse, StreamEvent, ToolDefinition } from '../../core/types.js';
import { type RunningSimulator, startSimulator } from '../../simulator/server.js';
import { roundTrip, UpstreamFailure } from '../../testing/provider-roundtrip.js';
import type { ProviderSettings } from '../spec/provider.js';
import { cohereProvider } from './index.js';
import { normalizeCohereStatus } from './map-error.js';

let sim: RunningSimulator;
let settings: ProviderSettings;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  settings = { id: 'co', type: 'cohere', baseUrl: sim.url, apiKey: 'sim-key', headers: {}, dropParams: new Set() };
});
afterAll(async () => {
  await sim.close();
});

const chat = (request: ChatRequest, s = settings): Promise<ChatResponse> => roundTrip(cohereProvider, s).chat(request);
const stream = (request: ChatRequest): Promise<StreamEvent[]> => roundTrip(cohereProvider, settings).stream(request);
const embed = (request: EmbeddingsRequest): Promise<EmbeddingsResponse> => roundTrip(cohereProvider, settings).embed(request);

const ask = (text: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({
  model: 'command-a-03-2025',
  stream: false,
  messages: [
    { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
    { role: 'user', content: [{ type: 'text', text }] },
  ],
  ...extra,
});

const weather: ToolDefinition = {
  name: 'get_weather',
  description: 'Weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};
const time: ToolDefinition = { name: 'get_time', parameters: { type: 'object', properties: { zone: { type: 'string' } } } };

const textOf = (events: StreamEvent[]) => events.flatMap((e) => (e.type === 'text' ? [e.text] : [])).join('');

describe('Cohere round trips against the simulator', () => {
  it('answers a plain chat, non-streamed and streamed alike', async () => {
    const res = await chat(ask('Hello there'));
    expect(res.text).toBe('Simulated reply to: Hello there (system: Be brief.)');
    expect(res.finishReason).toBe('stop');
    expect(res.nativeFinishReason).toBe('COMPLETE');
    expect(res.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.usage.inputTokens).toBeGreaterThan(0);
    expect(res.usage.outputTokens).toBe(8);

    const events = await stream(ask('Hello there'));
    expect(events[0]).toMatchObject({ type: 'start' });
    expect(textOf(events)).toBe(res.text);
    expect(events.filter((e) => e.type === 'text').length).toBeGreaterThan(1);
    expect(events.at(-2)).toEqual({ type: 'finish', reason: 'stop', nativeReason: 'COMPLETE' });
    expect(events.at(-1)).toEqual({ type: 'usage', usage: res.usage });
  });

  it('calls a tool, then answers from the tool result', async () => {
    const first = await chat(ask('Use get_weather for Paris', { tools: [weather] }));
    expect(first.finishReason).toBe('tool_calls');
    expect(first.toolCalls).toHaveLength(1);
    const call = first.toolCalls[0]!;
    expect(call.name).toBe('get_weather');
    expect(call.id).toMatch(/^get_weather_/);
    expect(JSON.parse(call.arguments)).toEqual({ city: 'sample city' });
    expect(first.reasoning).toBe('I will use get_weather.');

    const second = await chat({
      ...ask('Use get_weather for Paris', { tools: [weather] }),
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Use get_weather for Paris' }] },
        { role: 'assistant', content: [{ type: 'reasoning', text: first.reasoning! }], toolCalls: first.toolCalls },
        { role: 'tool', toolCallId: call.id, content: [{ type: 'text', text: 'sunny, 21C' }] },
      ],
    });
    expect(second.text).toBe('Tool results received: sunny, 21C');
    expect(second.finishReason).toBe('stop');
  });

  it('streams two parallel tool calls with indexes 0 and 1', async () => {
    const events = await stream(ask('Call get_weather and get_time please', { tools: [weather, time] }));
    const starts = events.filter((e) => e.type === 'tool_call_start');
    expect(starts.map((e) => [e.index, e.name])).toEqual([
      [0, 'get_weather'],
      [1, 'get_time'],
    ]);
    for (const index of [0, 1]) {
      const args = events.flatMap((e) => (e.type === 'tool_call_delta' && e.index === index ? [e.arguments] : [])).join('');
      expect(() => JSON.parse(args)).not.toThrow();
    }
    expect(events.some((e) => e.type === 'reasoning')).toBe(true);
    expect(events.find((e) => e.type === 'finish')).toEqual({ type: 'finish', reason: 'tool_calls', nativeReason: 'TOOL_CALL' });
  });

  it('forces a named tool by restricting the tools the simulator sees', async () => {
    const res = await chat(ask('What time is it?', { tools: [weather, time], toolChoice: { name: 'get_time' } }));
    expect(res.toolCalls.map((c) => c.name)).toEqual(['get_time']);
  });

  it('honours json_schema output, stop sequences, max_tokens and images', async () => {
    const schema = { type: 'object', properties: { city: { type: 'string' }, temp: { type: 'number' } } };
    const json = await chat(ask('Weather?', { responseFormat: { type: 'json_schema', name: 'w', schema } }));
    expect(JSON.parse(json.text)).toEqual({ city: 'sample city', temp: 42 });

    const stopped = await chat(ask('Hello there', { stop: ['there'] }));
    expect(stopped.text).toBe('Simulated reply to: Hello ');
    expect(stopped.nativeFinishReason).toBe('STOP_SEQUENCE');

    const cut = await stream(ask('Hello there', { maxTokens: 2 }));
    expect(textOf(cut)).toBe('Simulated reply ');
    expect(cut.find((e) => e.type === 'finish')).toEqual({ type: 'finish', reason: 'length', nativeReason: 'MAX_TOKENS' });

    const seen = await chat({
      ...ask(''),
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Describe' },
            { type: 'image', data: 'iVBORw0KGgo=', mediaType: 'image/png' },
            { type: 'image', url: 'https://example.com/cat.jpg' },
          ],
        },
      ],
    });
    expect(seen.text).toBe('Simulated reply to: Describe (images: 2)');
  });

  it('streams thinking as reasoning when reasoning is requested', async () => {
    const events = await stream(ask('Think first', { reasoning: { effort: 'low' } }));
    const reasoning = events.flatMap((e) => (e.type === 'reasoning' ? [e.text] : [])).join('');
    expect(reasoning).toBe('Considering the request: Think first');
    expect(events.findIndex((e) => e.type === 'reasoning')).toBeLessThan(events.findIndex((e) => e.type === 'text'));
  });

  it('reports cached prompt tokens', async () => {
    const res = await chat(ask('A fairly long question that fills a few tokens [[sim cached=4]]'));
    expect(res.usage.cachedInputTokens).toBe(4);
    expect(res.usage.inputTokens).toBeGreaterThan(4);
  });

  it('embeds texts with the requested dimension', async () => {
    const res = await embed({ model: 'embed-v4.0', input: ['hello', 'goodbye'], dimensions: 256 });
    expect(res.embeddings).toHaveLength(2);
    expect(res.embeddings[0]).toHaveLength(256);
    expect(res.embeddings[0]).not.toEqual(res.embeddings[1]);
    expect(res.usage.inputTokens).toBe(4);
    const v3 = await embed({ model: 'embed-english-v3.0', input: ['hello'], inputType: 'search_query' });
    expect(v3.embeddings[0]).toHaveLength(1024);
  });

  it('surfaces a 429 with its retry-after, streamed or not', async () => {
    for (const streamed of [false, true]) {
      const request = ask('Hi [[sim fault=429 retry_after=3]]');
      const failure = await (streamed ? stream(request) : chat(request)).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(failure).toBeInstanceOf(UpstreamFailure);
      const { status, info } = failure as UpstreamFailure;
      expect(status).toBe(429);
      expect(info).toEqual({ message: 'Simulated 429 error.', type: 'too_many_requests', retryAfterSeconds: 3 });
      expect(upstreamStatusToError(normalizeCohereStatus(status)).code).toBe('upstream_rate_limited');
    }
  });

  it('surfaces a 401 for a request without a usable key', async () => {
    const noKey = await chat(ask('Hi'), { ...settings, apiKey: '' }).catch((err: unknown) => err);
    expect(noKey).toMatchObject({ status: 401, info: { message: 'invalid api token' } });
  });

  it('fails a stream that the upstream cuts short', async () => {
    const failure = await stream(ask('Hello there friend [[sim fault=cut cut_after=3]]')).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(Error);
  });
});
