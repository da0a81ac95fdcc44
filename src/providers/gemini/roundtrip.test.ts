/**
 * Round trips: canonical request → Gemini codec (AI Studio and Vertex) → in-process simulator →
 * canonical result. The simulator validates requests independently, so translation bugs fail here.
 */
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatRequest, ChatResponse, EmbeddingsRequest, Message, StreamEvent, ToolDefinition } from '../../core/types.js';
import { type RunningSimulator, startSimulator } from '../../simulator/server.js';
import { roundTrip, UpstreamFailure } from '../../testing/provider-roundtrip.js';
import type { AuthTools, Provider, ProviderSettings } from '../spec/provider.js';
import { geminiProvider, vertexProvider } from './index.js';

const { privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});

let sim: RunningSimulator;
let studio: ProviderSettings;
let vertex: ProviderSettings;
let tokenRequests = 0;

const authTools: AuthTools = {
  now: () => Date.now(),
  tokenCache: new Map(),
  async fetchJson(spec) {
    tokenRequests++;
    const res = await fetch(spec.url, { method: spec.method, headers: spec.headers, body: spec.body });
    return { status: res.status, body: await res.json() };
  },
};

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  studio = { id: 'gem', type: 'gemini', baseUrl: sim.url, apiKey: 'AIza-sim', headers: {}, dropParams: new Set() };
  vertex = {
    id: 'vtx',
    type: 'vertex',
    baseUrl: sim.url,
    project: 'sim-project',
    location: 'us-central1',
    credentials: { client_email: 'gateway@sim-project.iam.gserviceaccount.com', private_key: privateKey },
    tokenUrl: `${sim.url}/token`,
    headers: {},
    dropParams: new Set(),
  };
});
afterAll(async () => {
  await sim.close();
});

const targets = [
  ['gemini', () => ({ provider: geminiProvider, settings: studio })],
  ['vertex', () => ({ provider: vertexProvider, settings: vertex })],
] as const;

const chat = (provider: Provider, settings: ProviderSettings, request: ChatRequest): Promise<ChatResponse> =>
  roundTrip(provider, settings, authTools).chat(request);
const stream = (provider: Provider, settings: ProviderSettings, request: ChatRequest): Promise<StreamEvent[]> =>
  roundTrip(provider, settings, authTools).stream(request);

const ask = (text: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({
  model: 'gemini-2.5-flash',
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
  parameters: {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    additionalProperties: false,
    properties: { city: { type: 'string' }, units: { type: ['string', 'null'], enum: ['c', 'f'] } },
    required: ['city'],
  },
};
const clock: ToolDefinition = { name: 'get_time', parameters: { type: 'object', properties: {} } };

const textOf = (events: StreamEvent[]) => events.map((e) => (e.type === 'text' ? e.text : '')).join('');

describe.each(targets)('%s against the simulator', (_name, target) => {
  it('answers a plain chat with usage', async () => {
    const { provider, settings } = target();
    const response = await chat(provider, settings, ask('Hello there'));
    expect(response.text).toBe('Simulated reply to: Hello there (system: Be brief.)');
    expect(response).toMatchObject({ model: 'gemini-2.5-flash', finishReason: 'stop', nativeFinishReason: 'STOP', toolCalls: [] });
    expect(response.usage.inputTokens).toBeGreaterThan(0);
    expect(response.usage.outputTokens).toBe(8);
  });

  it('streams text, finish and usage', async () => {
    const { provider, settings } = target();
    const events = await stream(provider, settings, ask('Hello there'));
    expect(events[0]).toMatchObject({ type: 'start', model: 'gemini-2.5-flash' });
    expect(textOf(events)).toBe('Simulated reply to: Hello there (system: Be brief.)');
    expect(events.slice(-2)).toEqual([
      { type: 'finish', reason: 'stop', nativeReason: 'STOP' },
      { type: 'usage', usage: { inputTokens: expect.any(Number), outputTokens: 8 } },
    ]);
  });

  it('calls parallel tools and accepts the merged results in the next turn', async () => {
    const { provider, settings } = target();
    const first = await chat(provider, settings, ask('Use get_weather and get_time please', { tools: [weather, clock], toolChoice: 'auto' }));
    expect(first.finishReason).toBe('tool_calls');
    expect(first.toolCalls.map((c) => [c.name, JSON.parse(c.arguments)])).toEqual([
      ['get_weather', { city: 'sample city', units: 'c' }],
      ['get_time', {}],
    ]);
    const messages: Message[] = [
      ...ask('Use get_weather and get_time please').messages,
      { role: 'assistant', content: [], toolCalls: first.toolCalls },
      { role: 'tool', toolCallId: first.toolCalls[0]!.id, content: [{ type: 'text', text: 'Sunny, 21C' }] },
      { role: 'tool', toolCallId: first.toolCalls[1]!.id, content: [{ type: 'text', text: '{"time":"12:00"}' }] },
    ];
    const second = await chat(provider, settings, { model: 'gemini-2.5-flash', stream: false, messages, tools: [weather, clock] });
    expect(second.text).toBe('Tool results received: Sunny, 21C | {"time":"12:00"}');
    expect(second.finishReason).toBe('stop');
  });

  it('streams a forced function call as start plus one delta', async () => {
    const { provider, settings } = target();
    const events = await stream(provider, settings, ask('Weather?', { tools: [weather, clock], toolChoice: { name: 'get_weather' } }));
    const tools = events.filter((e) => e.type === 'tool_call_start' || e.type === 'tool_call_delta');
    expect(tools).toEqual([
      { type: 'tool_call_start', index: 0, id: expect.stringMatching(/^call_/), name: 'get_weather' },
      { type: 'tool_call_delta', index: 0, arguments: '{"city":"sample city","units":"c"}' },
    ]);
    expect(events.find((e) => e.type === 'finish')).toEqual({ type: 'finish', reason: 'tool_calls', nativeReason: 'STOP' });
  });

  it('surfaces thoughts and thinking tokens when reasoning is requested', async () => {
    const { provider, settings } = target();
    const response = await chat(provider, settings, ask('Think first', { reasoning: { effort: 'low' } }));
    expect(response.reasoning).toBe('Considering the request: Think first');
    expect(response.usage.reasoningTokens).toBe(5);
    expect(response.usage.outputTokens).toBe(5 + 8);
    const events = await stream(provider, settings, ask('Think first', { reasoning: { effort: 'low' } }));
    expect(events[1]).toEqual({ type: 'reasoning', text: 'Considering the request: Think first' });
    expect(events.at(-1)).toMatchObject({ type: 'usage', usage: { reasoningTokens: 5, outputTokens: 13 } });
  });

  it('honours json_schema, stop sequences and max tokens', async () => {
    const { provider, settings } = target();
    const schema = { type: 'object', properties: { answer: { type: 'number' } }, required: ['answer'], additionalProperties: false };
    const json = await chat(provider, settings, ask('Number?', { responseFormat: { type: 'json_schema', name: 'n', schema } }));
    expect(JSON.parse(json.text)).toEqual({ answer: 42 });
    const stopped = await chat(provider, settings, ask('Hello there', { stop: ['there'], temperature: 0.3, topP: 0.9, topK: 20, seed: 3 }));
    expect(stopped.text).toBe('Simulated reply to: Hello ');
    const cut = await chat(provider, settings, ask('Hello there', { maxTokens: 2 }));
    expect(cut).toMatchObject({ text: 'Simulated reply ', finishReason: 'length', nativeFinishReason: 'MAX_TOKENS' });
  });

  it('sends inline images', async () => {
    const { provider, settings } = target();
    const messages: Message[] = [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Look' },
          { type: 'image', data: 'iVBORw0KGgo=', mediaType: 'image/png' },
        ],
      },
    ];
    expect((await chat(provider, settings, { model: 'gemini-2.5-flash', stream: false, messages })).text).toBe('Simulated reply to: Look (images: 1)');
  });

  it('maps a 429 with RetryInfo to a retry delay', async () => {
    const { provider, settings } = target();
    const err = await chat(provider, settings, ask('Hi [[sim fault=429 retry_after=17]]')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamFailure);
    expect(err).toMatchObject({ status: 429, info: { type: 'RESOURCE_EXHAUSTED', retryAfterSeconds: 17 } });
  });
});

describe('Gemini 3 thought signatures', () => {
  it('round-trips the function-call signature; the simulator refuses history without it', async () => {
    const first = await chat(geminiProvider, studio, ask('Call get_weather', { model: 'gemini-3-pro-preview', tools: [weather] }));
    const call = first.toolCalls[0]!;
    expect(call.signature).toEqual(expect.any(String));
    const followUp = (signature: string | undefined): ChatRequest => ({
      model: 'gemini-3-pro-preview',
      stream: false,
      tools: [weather],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Call get_weather' }] },
        { role: 'assistant', content: [], toolCalls: [{ ...call, signature }] },
        { role: 'tool', toolCallId: call.id, content: [{ type: 'text', text: 'Rain' }] },
      ],
    });
    expect((await chat(geminiProvider, studio, followUp(call.signature))).text).toBe('Tool results received: Rain');
    const err = await chat(geminiProvider, studio, followUp(undefined)).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 400, info: { type: 'INVALID_ARGUMENT', message: expect.stringContaining('missing a thought_signature') } });
  });

  it('streams the closing signature-only part as a reasoning signature', async () => {
    const events = await stream(geminiProvider, studio, ask('Hi', { model: 'gemini-3-pro-preview' }));
    expect(events.filter((e) => e.type === 'reasoning_signature')).toHaveLength(1);
  });
});

describe('credentials', () => {
  it('AI Studio rejects a bad key with 400 and a missing key with 403', async () => {
    const bad = await chat(geminiProvider, { ...studio, apiKey: 'invalid-key' }, ask('Hi')).catch((e: unknown) => e);
    expect(bad).toMatchObject({ status: 400, info: { message: 'API key not valid. Please pass a valid API key.' } });
    const missing = await chat(geminiProvider, { ...studio, apiKey: undefined }, ask('Hi')).catch((e: unknown) => e);
    expect(missing).toMatchObject({ status: 403, info: { type: 'PERMISSION_DENIED' } });
  });

  it('Vertex needs the bearer from authorize(), fetched once and reused', async () => {
    const unsigned = vertexProvider.chat.encode(ask('Hi'), vertex);
    const res = await fetch(unsigned.url, { method: 'POST', headers: unsigned.headers, body: unsigned.body });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { status: string } }).error.status).toBe('UNAUTHENTICATED');

    const fresh = { ...vertex, id: 'vtx-count' };
    const before = tokenRequests;
    await Promise.all([chat(vertexProvider, fresh, ask('a')), chat(vertexProvider, fresh, ask('b'))]);
    await chat(vertexProvider, fresh, ask('c'));
    expect(tokenRequests - before).toBe(1);
  });
});

describe('embeddings', () => {
  const request: EmbeddingsRequest = { model: 'gemini-embedding-001', input: ['alpha', 'beta'], dimensions: 8, inputType: 'search_query' };

  it('AI Studio batchEmbedContents returns one vector per input', async () => {
    const out = await roundTrip(geminiProvider, studio, authTools).embed(request);
    expect(out.embeddings).toHaveLength(2);
    expect(out.embeddings.every((v) => v.length === 8)).toBe(true);
    expect(out.embeddings[0]).not.toEqual(out.embeddings[1]);
    expect(out.usage).toEqual({ inputTokens: 0 });
  });

  it('Vertex predict returns vectors and token counts', async () => {
    const out = await roundTrip(vertexProvider, vertex, authTools).embed({ ...request, model: 'text-embedding-005' });
    expect(out.embeddings.map((v) => v.length)).toEqual([8, 8]);
    expect(out.usage.inputTokens).toBe(3); // ceil(5/4) + ceil(4/4)
  });
});
