/**
 * Round trips through the in-process simulator: encode → authorize (SigV4 or bearer) → HTTP →
 * decode, for Converse, ConverseStream (real event-stream bytes) and InvokeModel embeddings.
 * The fetch calls below stand in for the transport layer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayError } from '../../core/errors.js';
import type { ChatRequest, ChatResponse, EmbeddingsRequest, Message, StreamEvent } from '../../core/types.js';
import { startSimulator, type RunningSimulator } from '../../simulator/server.js';
import { createAwsEventStreamFrameDecoder } from '../spec/aws-eventstream.js';
import type { AuthTools, HttpRequestSpec, ProviderSettings } from '../spec/provider.js';
import { bedrockProvider } from './index.js';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(async () => {
  await sim.close();
});

const CLAUDE = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const tools: AuthTools = { now: () => Date.now(), fetchJson: () => Promise.reject(new Error('unused')), tokenCache: new Map() };

type Auth = 'sigv4' | 'bearer' | 'temporary' | 'wrong-secret' | 'other-key';

function settings(auth: Auth, overrides: Partial<ProviderSettings> = {}): ProviderSettings {
  const base: ProviderSettings = { id: 'aws', type: 'bedrock', baseUrl: sim.url, region: 'us-east-1', headers: {}, dropParams: new Set() };
  const creds: Record<Auth, Partial<ProviderSettings>> = {
    sigv4: { accessKeyId: 'AKIDSIMULATOR', secretAccessKey: 'simulator-secret' },
    temporary: { accessKeyId: 'AKIDSIMULATOR', secretAccessKey: 'simulator-secret', sessionToken: 'session-token-123' },
    'wrong-secret': { accessKeyId: 'AKIDSIMULATOR', secretAccessKey: 'not-the-secret' },
    'other-key': { accessKeyId: 'AKIAOTHER', secretAccessKey: 'whatever' },
    bearer: { apiKey: 'ABSKsimulatorkey' },
  };
  return { ...base, ...creds[auth], ...overrides };
}

async function send(spec: HttpRequestSpec, s: ProviderSettings): Promise<Response> {
  const signed = await bedrockProvider.authorize!(spec, s, tools);
  return fetch(signed.url, { method: signed.method, headers: signed.headers, body: signed.body });
}

function headersOf(res: Response): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of res.headers) headers[name] = value;
  return headers;
}

async function upstreamError(res: Response): Promise<GatewayError> {
  const headers = headersOf(res);
  const info = bedrockProvider.decodeError(res.status, headers, await res.text());
  return new GatewayError('upstream_error', res.status, info.message, { upstreamType: info.type, upstreamStatus: res.status });
}

async function chat(request: ChatRequest, s: ProviderSettings): Promise<ChatResponse> {
  const res = await send(bedrockProvider.chat.encode(request, s), s);
  if (!res.ok) throw await upstreamError(res);
  return bedrockProvider.chat.decode(await res.json(), s);
}

async function stream(request: ChatRequest, s: ProviderSettings): Promise<StreamEvent[]> {
  const res = await send(bedrockProvider.chat.encode({ ...request, stream: true }, s), s);
  if (!res.ok) throw await upstreamError(res);
  expect(res.headers.get('content-type')).toBe('application/vnd.amazon.eventstream');
  const decoder = bedrockProvider.chat.createStreamDecoder(s);
  const events: StreamEvent[] = [];
  const frames = createAwsEventStreamFrameDecoder((frame) => events.push(...decoder.push(frame)));
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) frames.push(chunk);
  frames.end();
  events.push(...decoder.end());
  return events;
}

const user = (text: string): Message => ({ role: 'user', content: [{ type: 'text', text }] });
const ask = (text: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({ model: CLAUDE, stream: false, messages: [user(text)], ...extra });
const textOf = (events: StreamEvent[]) => events.map((e) => (e.type === 'text' ? e.text : '')).join('');

const WEATHER = {
  name: 'get_weather',
  description: 'Weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

describe('Converse round trips', () => {
  for (const auth of ['sigv4', 'bearer', 'temporary', 'other-key'] as const) {
    it(`answers a signed or keyed request (${auth})`, async () => {
      const response = await chat(
        ask('Hello there', { messages: [{ role: 'system', content: [{ type: 'text', text: 'Be brief.' }] }, user('Hello there')] }),
        settings(auth),
      );
      expect(response.text).toBe('Simulated reply to: Hello there (system: Be brief.)');
      expect(response.finishReason).toBe('stop');
      expect(response.nativeFinishReason).toBe('end_turn');
      expect(response.usage.outputTokens).toBeGreaterThan(0);
    });
  }

  it('gets a 403 InvalidSignatureException for a wrong secret', async () => {
    const error = await chat(ask('Hello'), settings('wrong-secret')).catch((e: unknown) => e);
    expect(error).toMatchObject({ upstreamStatus: 403, upstreamType: 'InvalidSignatureException' });
  });

  it('signs through a flavor-free base URL path and ARN model ids (double-encoded canonical URI)', async () => {
    const arn = 'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-sonnet-4-5-20250929-v1:0';
    const response = await chat(ask('Hi', { model: arn }), settings('sigv4'));
    expect(response.text).toBe('Simulated reply to: Hi');
  });

  it('counts cached input inside inputTokens, as the simulator planned it', async () => {
    const response = await chat(ask('Cache me please [[sim cached=3]]'), settings('bearer'));
    expect(response.usage.cachedInputTokens).toBe(3);
    // 'Cache me please [[sim cached=3]]' is 32 characters → 8 planned input tokens in total.
    expect(response.usage.inputTokens).toBe(8);
  });

  it('reports the matched stop sequence and max-token truncation', async () => {
    const stopped = await chat(ask('Say the magic word', { stop: ['magic'] }), settings('sigv4'));
    expect(stopped).toMatchObject({ text: 'Simulated reply to: Say the ', finishReason: 'stop', nativeFinishReason: 'stop_sequence', stopSequence: 'magic' });
    const cut = await chat(ask('one two three four five', { maxTokens: 2 }), settings('sigv4'));
    expect(cut).toMatchObject({ text: 'Simulated reply ', finishReason: 'length', nativeFinishReason: 'max_tokens' });
  });

  it('calls a tool, then answers from its result in a second turn', async () => {
    const first = await chat(ask('Use get_weather for Paris', { tools: [WEATHER] }), settings('sigv4'));
    expect(first.finishReason).toBe('tool_calls');
    expect(first.toolCalls).toHaveLength(1);
    const call = first.toolCalls[0]!;
    expect(call.name).toBe('get_weather');
    expect(JSON.parse(call.arguments)).toEqual({ city: 'sample city' });
    const second = await chat(
      ask('', {
        tools: [WEATHER],
        messages: [
          user('Use get_weather for Paris'),
          { role: 'assistant', content: [], toolCalls: first.toolCalls },
          { role: 'tool', toolCallId: call.id, content: [{ type: 'text', text: '18C and cloudy' }] },
        ],
      }),
      settings('sigv4'),
    );
    expect(second).toMatchObject({ text: 'Tool results received: 18C and cloudy', finishReason: 'stop' });
  });

  it('answers a tool-less follow-up turn over a tool history (stand-in toolConfig)', async () => {
    const response = await chat(
      ask('', {
        messages: [
          user('Weather?'),
          { role: 'assistant', content: [], toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }] },
          { role: 'tool', toolCallId: 'call_1', content: [{ type: 'text', text: 'sunny' }] },
          { role: 'assistant', content: [{ type: 'text', text: 'It is sunny.' }] },
          user('Thanks, summarise'),
        ],
      }),
      settings('bearer'),
    );
    expect(response.text).toBe('Simulated reply to: Thanks, summarise (turns: 5)');
  });

  it('returns structured output for json_schema and for json_object', async () => {
    const schema = { type: 'object', properties: { city: { type: 'string' }, temp: { type: 'number' } }, required: ['city', 'temp'] };
    const structured = await chat(ask('Weather as JSON', { responseFormat: { type: 'json_schema', name: 'weather', schema } }), settings('bearer'));
    expect(JSON.parse(structured.text)).toEqual({ city: 'sample city', temp: 42 });
    const jsonMode = await chat(ask('Any JSON', { responseFormat: { type: 'json_object' } }), settings('bearer'));
    expect(jsonMode).toMatchObject({ text: '{}', toolCalls: [], finishReason: 'stop' });
  });

  it('sends reasoning back unmodified on the next turn (thinking round trip)', async () => {
    const first = await chat(ask('Think about cats', { reasoning: { effort: 'low' } }), settings('sigv4'));
    expect(first.reasoning).toBe('Considering the request: Think about cats');
    expect(first.reasoningSignature).toBeTruthy();
    const second = await chat(
      ask('', {
        reasoning: { effort: 'low' },
        messages: [
          user('Think about cats'),
          {
            role: 'assistant',
            content: [
              { type: 'reasoning', text: first.reasoning!, signature: first.reasoningSignature! },
              { type: 'text', text: first.text },
            ],
          },
          user('And dogs?'),
        ],
      }),
      settings('sigv4'),
    );
    expect(second.text).toContain('Simulated reply to: And dogs?');
  });

  it('surfaces an injected 429 as ThrottlingException', async () => {
    const error = await chat(ask('Hi [[sim fault=429]]'), settings('sigv4')).catch((e: unknown) => e);
    expect(error).toMatchObject({ upstreamStatus: 429, upstreamType: 'ThrottlingException', message: 'Too many requests, please wait before trying again.' });
  });

  it('surfaces the simulator validation error for a request Bedrock rejects', async () => {
    const error = await chat(
      ask('Hi', { messages: [{ role: 'assistant', content: [{ type: 'text', text: 'I start' }] }, user('Hi')] }),
      settings('bearer'),
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ upstreamStatus: 400, upstreamType: 'ValidationException', message: expect.stringMatching(/must start with a user message/) });
  });
});

describe('ConverseStream round trips', () => {
  for (const auth of ['sigv4', 'bearer'] as const) {
    it(`streams text then finish then usage (${auth})`, async () => {
      const events = await stream(ask('Stream this please'), settings(auth));
      expect(events[0]).toEqual({ type: 'start', id: '', model: '', created: 0 });
      expect(textOf(events)).toBe('Simulated reply to: Stream this please');
      expect(events.filter((e) => e.type === 'text').length).toBeGreaterThan(1);
      const tail = events.slice(-2);
      expect(tail[0]).toEqual({ type: 'finish', reason: 'stop', nativeReason: 'end_turn' });
      expect(tail[1]).toMatchObject({ type: 'usage', usage: { inputTokens: 5 } });
    });
  }

  it('streams tool calls as start + argument deltas that join to valid JSON', async () => {
    const lookup = { name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } } } };
    const events = await stream(ask('call get_weather and lookup [[sim tool=get_weather,lookup]]', { tools: [WEATHER, lookup] }), settings('sigv4'));
    const starts = events.filter((e) => e.type === 'tool_call_start');
    expect(starts.map((e) => [e.index, e.name])).toEqual([
      [0, 'get_weather'],
      [1, 'lookup'],
    ]);
    for (const start of starts) expect(start.id).toMatch(/^tooluse_/);
    const args = (index: number) => events.map((e) => (e.type === 'tool_call_delta' && e.index === index ? e.arguments : '')).join('');
    expect(JSON.parse(args(0))).toEqual({ city: 'sample city' });
    expect(JSON.parse(args(1))).toEqual({ q: 'sample q' });
    expect(events.find((e) => e.type === 'finish')).toEqual({ type: 'finish', reason: 'tool_calls', nativeReason: 'tool_use' });
  });

  it('streams reasoning with its signature before the text', async () => {
    const events = await stream(ask('Ponder this', { reasoning: { budgetTokens: 2048 } }), settings('bearer'));
    const kinds = [...new Set(events.map((e) => e.type))];
    expect(kinds).toEqual(['start', 'reasoning', 'reasoning_signature', 'text', 'finish', 'usage']);
    expect(
      events
        .filter((e) => e.type === 'reasoning')
        .map((e) => (e as { text: string }).text)
        .join(''),
    ).toBe('Considering the request: Ponder this');
  });

  it('raises a 429 for a throttlingException frame in the middle of the stream', async () => {
    const error = await stream(ask('Hello [[sim fault=midstream_429]]'), settings('sigv4')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ status: 429, upstreamType: 'ThrottlingException' });
  });

  it('fails cleanly when the connection is cut mid-message', async () => {
    const error = await stream(ask('A longer reply to be cut in the middle [[sim fault=cut cut_after=3]]'), settings('bearer')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
  });
});

describe('InvokeModel embeddings round trips', () => {
  async function embed(request: EmbeddingsRequest, s: ProviderSettings) {
    const res = await send(bedrockProvider.embeddings!.encode(request, s), s);
    if (!res.ok) throw await upstreamError(res);
    return bedrockProvider.embeddings!.decode(await res.json(), request, s, headersOf(res));
  }

  it('embeds one text with Titan V2 (SigV4) at the requested size', async () => {
    const out = await embed({ model: 'amazon.titan-embed-text-v2:0', input: ['hello world'], dimensions: 256 }, settings('sigv4'));
    expect(out.embeddings).toHaveLength(1);
    expect(out.embeddings[0]).toHaveLength(256);
    expect(out.usage.inputTokens).toBe(3);
  });

  it('embeds a batch with Cohere (bearer), token count from the response header', async () => {
    const out = await embed({ model: 'cohere.embed-english-v3', input: ['alpha', 'beta gamma'], inputType: 'search_query' }, settings('bearer'));
    expect(out.embeddings.map((v) => v.length)).toEqual([1024, 1024]);
    expect(out.embeddings[0]).not.toEqual(out.embeddings[1]);
    expect(out.usage.inputTokens).toBe(2 + 3);
  });
});
