/**
 * Round trips through the in-process simulator: the provider encodes, fetch sends, the simulator
 * validates like the real API, and the provider decodes (JSON, SSE, and errors).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatRequest, ChatResponse, Message, StreamEvent } from '../../core/types.js';
import { anthropicIngress } from '../../server/anthropic/index.js';
import { type RunningSimulator, startSimulator } from '../../simulator/server.js';
import type { HttpRequestSpec, ProviderSettings } from '../spec/provider.js';
import { anthropicProvider } from './index.js';
import { testSettings } from './test-helpers.js';
import { roundTrip } from '../../testing/provider-roundtrip.js';

// biome-ignore lint/suspicious/noExplicitAny: wire bodies are read loosely in assertions
type Loose = any;

let sim: RunningSimulator;
let settings: ProviderSettings;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  settings = testSettings({ baseUrl: sim.url });
});
afterAll(async () => {
  await sim.close();
});

const weather = { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } };
const user = (text: string): Message => ({ role: 'user', content: [{ type: 'text', text }] });
const request = (extra: Partial<ChatRequest> = {}): ChatRequest => ({ model: 'claude-sonnet-4-5', stream: false, messages: [user('Hello')], ...extra });

async function send(spec: HttpRequestSpec): Promise<Response> {
  return fetch(spec.url, { method: spec.method, headers: spec.headers, body: spec.body });
}

function headersOf(res: Response): Record<string, string> {
  const out: Record<string, string> = {};
  res.headers.forEach((value, key) => {
    out[key] = value;
  });
  return out;
}

const chat = (req: ChatRequest): Promise<ChatResponse> => roundTrip(anthropicProvider, settings).chat(req);
const chatStream = (req: ChatRequest): Promise<StreamEvent[]> => roundTrip(anthropicProvider, settings).stream(req);

/** Folds stream events back into the parts a ChatResponse has. */
function fold(events: StreamEvent[]) {
  const calls: Array<{ id: string; name: string; arguments: string }> = [];
  let text = '';
  let reasoning = '';
  let signature: string | undefined;
  for (const e of events) {
    if (e.type === 'text') text += e.text;
    if (e.type === 'reasoning') reasoning += e.text;
    if (e.type === 'reasoning_signature') signature = e.signature;
    if (e.type === 'tool_call_start') calls[e.index] = { id: e.id, name: e.name, arguments: '' };
    if (e.type === 'tool_call_delta') calls[e.index]!.arguments += e.arguments;
  }
  const finish = events.find((e) => e.type === 'finish');
  // Usage events are snapshots (an early one from message_start); the last is the final count.
  const usage = events.filter((e) => e.type === 'usage').at(-1);
  return { text, reasoning, signature, calls, finish, usage: usage?.type === 'usage' ? usage.usage : undefined };
}

describe('anthropic provider ⇄ simulator', () => {
  it('round-trips a plain chat with a system prompt, images and a stop sequence', async () => {
    const response = await chat(
      request({
        messages: [
          { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Hello' },
              { type: 'image', url: 'https://example.com/cat.png' },
              {
                type: 'image',
                data: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
                mediaType: 'image/png',
              },
            ],
          },
        ],
        user: 'u-1',
        temperature: 0.3,
      }),
    );
    expect(response.text).toBe('Simulated reply to: Hello (system: Be brief.) (images: 2)');
    expect(response.finishReason).toBe('stop');
    expect(response.id).toMatch(/^msg_/);
    expect(response.usage.inputTokens).toBeGreaterThan(0);
    const stopped = await chat(request({ stop: ['reply'] }));
    expect(stopped).toMatchObject({ text: 'Simulated ', finishReason: 'stop', stopSequence: 'reply', nativeFinishReason: 'stop_sequence' });
  });

  it('reports cache reads as part of input tokens', async () => {
    const response = await chat(request({ messages: [user(`${'long context '.repeat(40)} [[sim cached=64]]`)] }));
    expect(response.usage.cachedInputTokens).toBe(64);
    expect(response.usage.inputTokens).toBeGreaterThan(64);
  });

  it('runs a full parallel tool loop with tool results sent back as user tool_result blocks', async () => {
    const tools = [weather, { name: 'get_time', parameters: { type: 'object', properties: {} } }];
    const first = await chat(request({ tools, messages: [user('Use get_weather and get_time')] }));
    expect(first.finishReason).toBe('tool_calls');
    expect(first.toolCalls.map((c) => c.name)).toEqual(['get_weather', 'get_time']);
    expect(first.toolCalls[0]!.id).toMatch(/^toolu_/);
    expect(JSON.parse(first.toolCalls[0]!.arguments)).toEqual({ city: 'sample city' });
    const second = await chat(
      request({
        tools,
        messages: [
          user('Use get_weather and get_time'),
          { role: 'assistant', content: [], toolCalls: first.toolCalls },
          { role: 'tool', toolCallId: first.toolCalls[0]!.id, content: [{ type: 'text', text: '18C' }] },
          { role: 'tool', toolCallId: first.toolCalls[1]!.id, content: [{ type: 'text', text: 'noon' }], isError: true },
        ],
      }),
    );
    expect(second.text).toBe('Tool results received: 18C | noon');
    const single = await chat(request({ tools, parallelToolCalls: false, messages: [user('Use get_weather and get_time')] }));
    expect(single.toolCalls).toHaveLength(1);
  });

  it('replays signed thinking byte-exact through a tool loop (the simulator verifies signatures)', async () => {
    const first = await chat(request({ tools: [weather], reasoning: { effort: 'low' }, messages: [user('Use get_weather')] }));
    expect(first.reasoning).toMatch(/^Choosing tools for/);
    expect(first.reasoningSignature).toBeTruthy();
    const history = (reasoning: string): Message[] => [
      user('Use get_weather'),
      { role: 'assistant', content: [{ type: 'reasoning', text: reasoning, signature: first.reasoningSignature }], toolCalls: first.toolCalls },
      { role: 'tool', toolCallId: first.toolCalls[0]!.id, content: [{ type: 'text', text: 'sunny' }] },
    ];
    const second = await chat(request({ tools: [weather], reasoning: { effort: 'low' }, messages: history(first.reasoning!) }));
    expect(second.text).toBe('Tool results received: sunny');
    const res = await send(anthropicProvider.chat.encode(request({ tools: [weather], reasoning: { effort: 'low' }, messages: history('tampered') }), settings));
    expect(res.status).toBe(400);
    const info = anthropicProvider.decodeError(res.status, headersOf(res), await res.text());
    expect(info).toMatchObject({ type: 'invalid_request_error', message: expect.stringContaining('Invalid `signature`') });
  });

  it('gets JSON back for json_schema (native output_config) and json_object (forced tool)', async () => {
    const schema = { type: 'object', properties: { answer: { type: 'integer' } }, required: ['answer'], additionalProperties: false };
    const structured = await chat(request({ responseFormat: { type: 'json_schema', name: 'x', schema } }));
    expect(JSON.parse(structured.text)).toEqual({ answer: 42 });
    const json = await chat(request({ responseFormat: { type: 'json_object' } }));
    expect(json.finishReason).toBe('stop');
    expect(json.toolCalls).toEqual([]);
    expect(JSON.parse(json.text)).toEqual({});
    const streamed = fold(await chatStream(request({ responseFormat: { type: 'json_object' } })));
    expect(JSON.parse(streamed.text)).toEqual({});
    expect(streamed.finish).toMatchObject({ reason: 'stop' });
  });

  it('streams the same answer as the non-streamed call: text, usage and finish', async () => {
    const req = request({ messages: [user('Tell me something')] });
    const plain = await chat(req);
    const events = await chatStream(req);
    expect(events[0]).toMatchObject({ type: 'start', id: expect.stringMatching(/^msg_/), model: 'claude-sonnet-4-5' });
    const folded = fold(events);
    expect(folded.text).toBe(plain.text);
    expect(folded.finish).toMatchObject({ reason: 'stop', nativeReason: 'end_turn' });
    expect(folded.usage).toEqual(plain.usage);
    expect(events.filter((e) => e.type === 'text').length).toBeGreaterThan(1);
  });

  it('streams tool calls (index per tool, arguments in fragments) and thinking with its signature', async () => {
    const events = await chatStream(request({ tools: [weather], reasoning: { budgetTokens: 1500 }, messages: [user('Use get_weather')] }));
    const folded = fold(events);
    expect(folded.reasoning).toMatch(/^Choosing tools for/);
    expect(folded.signature).toBeTruthy();
    expect(folded.calls).toHaveLength(1);
    expect(JSON.parse(folded.calls[0]!.arguments)).toEqual({ city: 'sample city' });
    expect(events.filter((e) => e.type === 'tool_call_delta').length).toBeGreaterThanOrEqual(2);
    expect(events.find((e) => e.type === 'tool_call_start')).toMatchObject({ index: 0 });
    expect(folded.finish).toMatchObject({ reason: 'tool_calls' });
    // The streamed thinking replays as well as the non-streamed one.
    const next = await chat(
      request({
        tools: [weather],
        reasoning: { budgetTokens: 1500 },
        messages: [
          user('Use get_weather'),
          { role: 'assistant', content: [{ type: 'reasoning', text: folded.reasoning, signature: folded.signature }], toolCalls: folded.calls },
          { role: 'tool', toolCallId: folded.calls[0]!.id, content: [{ type: 'text', text: 'rain' }] },
        ],
      }),
    );
    expect(next.text).toBe('Tool results received: rain');
  });

  it('decodes a 429 with retry-after and a 529 overloaded error', async () => {
    const limited = await send(anthropicProvider.chat.encode(request({ messages: [user('Hi [[sim fault=429 retry_after=3]]')] }), settings));
    expect(limited.status).toBe(429);
    expect(anthropicProvider.decodeError(429, headersOf(limited), await limited.text())).toEqual({
      message: 'Simulated 429 error.',
      type: 'rate_limit_error',
      retryAfterSeconds: 3,
    });
    const overloaded = await send(anthropicProvider.chat.encode(request({ messages: [user('Hi [[sim fault=529]]')] }), settings));
    expect(overloaded.status).toBe(529);
    expect(anthropicProvider.decodeError(529, headersOf(overloaded), await overloaded.text())).toEqual({ message: 'Overloaded', type: 'overloaded_error' });
  });

  it("surfaces the simulator's validation errors: missing anthropic-version, missing key", async () => {
    const spec = anthropicProvider.chat.encode(request(), settings);
    const { 'anthropic-version': _version, ...noVersion } = spec.headers;
    const res = await send({ ...spec, headers: noVersion });
    expect(res.status).toBe(400);
    expect(anthropicProvider.decodeError(400, headersOf(res), await res.text())).toEqual({
      message: 'anthropic-version: header is required',
      type: 'invalid_request_error',
    });
    const unauth = await send(anthropicProvider.chat.encode(request(), { ...settings, apiKey: undefined }));
    expect(unauth.status).toBe(401);
    expect(anthropicProvider.decodeError(401, headersOf(unauth), await unauth.text()).type).toBe('authentication_error');
  });

  it('fails a stream the upstream cuts off', async () => {
    await expect(chatStream(request({ messages: [user('A long enough answer here [[sim fault=cut cut_after=3]]')] }))).rejects.toThrow();
  });
});

describe('anthropic ingress → canonical → anthropic provider → simulator → ingress', () => {
  it('carries an Anthropic client request through the gateway codecs and back', async () => {
    const body = {
      model: 'claude-sonnet-4-5',
      max_tokens: 2048,
      system: 'Be brief.',
      thinking: { type: 'enabled', budget_tokens: 1024 },
      tools: [{ name: 'get_weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }],
      messages: [{ role: 'user', content: 'Use get_weather' }],
    };
    const canonical = anthropicIngress.decodeChat(body);
    const response = await chat({ ...canonical, model: 'claude-sonnet-4-5' });
    const out = anthropicIngress.encodeChat(response, { requestedModel: 'sonnet', includeUsage: false }) as Record<string, Loose>;
    expect(out.stop_reason).toBe('tool_use');
    expect(out.content.map((b: { type: string }) => b.type)).toEqual(['thinking', 'tool_use']);
    // The client sends the assistant turn back verbatim, as Anthropic clients do.
    const followUp = anthropicIngress.decodeChat({
      ...body,
      messages: [
        ...body.messages,
        { role: 'assistant', content: out.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: out.content[1].id, content: 'cloudy' }] },
      ],
    });
    const final = await chat(followUp);
    expect(final.text).toBe('Tool results received: cloudy');
  });
});
