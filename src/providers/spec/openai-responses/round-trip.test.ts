/**
 * Round trips: what the Responses codec decodes (an encrypted reasoning item, a built-in tool's
 * item, function calls) survives the canonical form and is encoded back as the same items, from
 * whole responses and from streams; and the same loop against the simulator, which verifies the
 * encrypted reasoning it gets back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssistantMessage, ChatRequest, ChatResponse, ContentPart, Message, StreamEvent } from '../../../core/types.js';
import { type RunningSimulator, startSimulator } from '../../../simulator/server.js';
import { roundTrip, textOf, toolCallsOf } from '../../../testing/provider-roundtrip.js';
import type { Provider } from '../provider.js';
import { createResponsesCodec } from './codec.js';
import { decodeResponsesBody } from './decode-response.js';
import { encodeResponsesBody } from './encode-request.js';
import { decodeSseFixture, fixtureJson, testSettings } from './test-helpers.js';

type Json = Record<string, unknown>;

/** The assistant turn a client (or the gateway's conversation state) sends back after a whole answer. */
function turnOf(response: ChatResponse): AssistantMessage {
  const content: ContentPart[] = [];
  if (response.openaiReasoningId)
    content.push({
      type: 'reasoning',
      text: response.reasoning ?? '',
      openaiReasoningId: response.openaiReasoningId,
      encryptedContent: response.encryptedReasoning,
    });
  for (const item of response.nativeItems ?? []) content.push({ type: 'native_item', item });
  if (response.text) content.push({ type: 'text', text: response.text });
  return { role: 'assistant', content, ...(response.toolCalls.length > 0 ? { toolCalls: response.toolCalls } : {}) };
}

/** The same turn, assembled from stream events. */
function turnOfStream(events: StreamEvent[]): AssistantMessage {
  const content: ContentPart[] = [];
  let reasoning = '';
  for (const event of events) {
    if (event.type === 'reasoning') reasoning += event.text;
    else if (event.type === 'reasoning_encrypted')
      content.push({ type: 'reasoning', text: reasoning, openaiReasoningId: event.id, encryptedContent: event.data });
    else if (event.type === 'native_item') content.push({ type: 'native_item', item: event.item });
  }
  const text = textOf(events);
  if (text) content.push({ type: 'text', text });
  const calls = toolCallsOf(events);
  return { role: 'assistant', content, ...(calls.length > 0 ? { toolCalls: calls } : {}) };
}

const user = (text: string): Message => ({ role: 'user', content: [{ type: 'text', text }] });
const nextTurn = (messages: Message[], extra: Partial<ChatRequest> = {}): ChatRequest => ({ model: 'gpt-5', stream: false, messages, ...extra });
const inputOf = (request: ChatRequest) => encodeResponsesBody(request, testSettings()).input as Json[];

/** A whole answer with one reasoning item (one summary part), a web search, and a message. */
function searchedAnswer(): Json {
  const reasoning = fixtureJson('response-reasoning-tools.json');
  const search = fixtureJson('response-web-search.json');
  const item = (reasoning.output as Json[])[0]!;
  const rs = { ...item, summary: [(item.summary as Json[])[0]] };
  return { ...search, output: [rs, ...(search.output as Json[])] };
}

describe('decode → canonical → encode', () => {
  it('a whole answer: the encrypted reasoning item and the web search call go back as they came, then the message', () => {
    const body = searchedAnswer();
    const [reasoning, search] = body.output as Json[];
    const input = inputOf(nextTurn([user('News?'), turnOf(decodeResponsesBody(body, 'oai')), user('More?')]));
    expect(input[1]).toEqual({ type: 'reasoning', id: reasoning!.id, summary: reasoning!.summary, encrypted_content: reasoning!.encrypted_content });
    expect(input[2]).toEqual(search);
    expect(input[3]).toEqual({
      type: 'message',
      role: 'assistant',
      content: [{ type: 'output_text', text: 'A sea turtle nesting record was set this week.', annotations: [] }],
    });
  });

  it('a whole answer with function calls: reasoning, then the calls under their call ids, answered by call id', () => {
    const response = decodeResponsesBody(fixtureJson('response-reasoning-tools.json'), 'oai');
    const input = inputOf(
      nextTurn([
        user('Paris and Rome?'),
        turnOf(response),
        { role: 'tool', toolCallId: 'call_Paris01', content: [{ type: 'text', text: '18 C' }] },
        { role: 'tool', toolCallId: 'call_Rome02', content: [{ type: 'text', text: '24 C' }] },
      ]),
    );
    expect(input.slice(1).map((item) => [item.type, item.id ?? item.call_id])).toEqual([
      ['reasoning', 'rs_68a1b2c3aa01'],
      ['function_call', 'call_Paris01'],
      ['function_call', 'call_Rome02'],
      ['function_call_output', 'call_Paris01'],
      ['function_call_output', 'call_Rome02'],
    ]);
    expect(input[1]!.encrypted_content).toBe('gAAAAABoqRSTUVWXYZ0123456789-encrypted-reasoning-blob==');
  });

  it('a stream: the reasoning_encrypted and native_item events carry the same items back', () => {
    const search = inputOf(nextTurn([user('News?'), turnOfStream(decodeSseFixture('stream-web-search.sse', 5)), user('More?')]));
    expect(search[1]).toEqual({ type: 'web_search_call', id: 'ws_1', status: 'completed', action: { type: 'search', query: 'positive news today' } });
    const tools = inputOf(nextTurn([user('Cities?'), turnOfStream(decodeSseFixture('stream-reasoning-tools.sse', 5))]));
    expect(tools[1]).toEqual({
      type: 'reasoning',
      id: 'rs_1',
      summary: [{ type: 'summary_text', text: '**Planning**\n\nTwo cities.\n\nCall get_weather twice.' }],
      encrypted_content: 'gAAAAABencrypted-one==',
    });
    expect(tools.slice(2)).toEqual([
      { type: 'function_call', call_id: 'call_Paris01', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { type: 'function_call', call_id: 'call_Rome02', name: 'get_weather', arguments: '{"city":"Rome"}' },
    ]);
  });
});

describe('against the simulator', () => {
  let sim: RunningSimulator;
  let provider: Provider;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
    const responses = createResponsesCodec({
      url: (settings) => `${settings.baseUrl}/responses`,
      authHeaders: (s) => ({ authorization: `Bearer ${s.apiKey}` }),
    });
    // A provider whose chat codec is the Responses codec, for the round-trip helper.
    provider = {
      type: 'openai',
      displayName: 'test',
      defaultBaseUrl: '',
      requiredSettings: [],
      capabilities: responses.capabilities!,
      streamFraming: 'sse',
      chat: responses,
      decodeError: () => ({ message: 'error' }),
    };
  });
  afterAll(async () => sim.close());

  const rt = () => roundTrip(provider, testSettings({ baseUrl: `${sim.url}/v1` }));
  const weather = { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } };
  const first: ChatRequest = {
    model: 'gpt-5',
    stream: false,
    messages: [user('call get_weather for me')],
    tools: [weather],
    reasoning: { effort: 'low', summary: 'auto' },
  };

  it('carries encrypted reasoning and the calls into the next turn; the simulator verifies it and answers the results', async () => {
    const answer = await rt().chat(first);
    expect(answer).toMatchObject({ finishReason: 'tool_calls', reasoning: 'Deciding to call get_weather.', openaiReasoningId: expect.stringMatching(/^rs_/) });
    expect(answer.encryptedReasoning).toMatch(/^gAAAAA/);
    const sent = sim.received.last(/\/responses$/)!.body as Json;
    expect(sent).toMatchObject({ store: false, include: ['reasoning.encrypted_content'], reasoning: { effort: 'low', summary: 'auto' } });
    const call = answer.toolCalls[0]!;
    const second = await rt().chat({
      ...first,
      messages: [...first.messages, turnOf(answer), { role: 'tool', toolCallId: call.id, content: [{ type: 'text', text: 'sunny' }] }],
    });
    expect(second.text).toBe('Tool results received: sunny');
    const input = (sim.received.last(/\/responses$/)!.body as Json).input as Json[];
    expect(input[1]).toEqual({
      type: 'reasoning',
      id: answer.openaiReasoningId,
      summary: [{ type: 'summary_text', text: answer.reasoning }],
      encrypted_content: answer.encryptedReasoning,
    });
  });

  it('does the same from a stream, and a web search item goes back too', async () => {
    const events = await rt().stream({ ...first, messages: [user('news please')], tools: undefined, builtinTools: [{ type: 'web_search' }] });
    expect(events.filter((e) => e.type === 'native_item')).toHaveLength(1);
    expect(events.find((e) => e.type === 'finish')).toEqual({ type: 'finish', reason: 'stop', nativeReason: 'completed' });
    const turn = turnOfStream(events);
    const next = await rt().stream({ ...first, tools: undefined, messages: [user('news please'), turn, user('thanks')] });
    expect(textOf(next)).toContain('Simulated reply to: thanks');
    const input = (sim.received.last(/\/responses$/)!.body as Json).input as Json[];
    expect(input.map((item) => item.type)).toEqual(['message', 'reasoning', 'web_search_call', 'message', 'message']);
  });

  it('is refused by the simulator when the encrypted reasoning was altered on the way', async () => {
    const answer = await rt().chat(first);
    const tampered = { ...answer, encryptedReasoning: `${answer.encryptedReasoning}x` };
    const call = answer.toolCalls[0]!;
    const failure = rt().chat({
      ...first,
      messages: [...first.messages, turnOf(tampered), { role: 'tool', toolCallId: call.id, content: [{ type: 'text', text: 'x' }] }],
    });
    await expect(failure).rejects.toMatchObject({ status: 400 });
  });
});
