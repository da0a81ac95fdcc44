/**
 * A cache hit replayed as a stream is what the official SDKs expect from a provider: the OpenAI
 * SDK (chat completions, the Responses API) and the Anthropic SDK (messages) assemble the same
 * text, tool calls, usage and finish reason as the original answer, from several deltas, with the
 * terminal frame (`[DONE]`, `message_stop`). An entry recorded from a stream serves a body too, a
 * cached Responses answer gets its own id, and it can be chained with previous_response_id.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { ChatCompletionStreamParams } from 'openai/lib/ChatCompletionStream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type TestStack } from '../../src/testing/stack.js';
import { chatBody, post, sseFrames, streamedText, upstreamCalls } from './helpers.js';

let stack: TestStack;
let openai: OpenAI;
let anthropic: Anthropic;

/** A prompt whose reply is long enough to take several deltas. */
const PROMPT = 'Please tell me a long and thorough story about the lighthouse keeper and the winter storm at sea';

beforeAll(async () => {
  stack = await startStack({
    providers: [
      { id: 'openai', type: 'openai', api_key: 'sk-key', base_url: '${SIM}/v1' },
      { id: 'anthropic', type: 'anthropic', api_key: 'sk-ant', base_url: '${SIM}' },
      { id: 'gemini', type: 'gemini', api_key: 'gm-key', base_url: '${SIM}' },
    ],
    models: [
      { name: 'gpt', targets: [{ provider: 'openai', model: 'gpt-4o-mini' }] },
      { name: 'claude', targets: [{ provider: 'anthropic', model: 'claude-sonnet-4-5' }] },
      { name: 'gemini', targets: [{ provider: 'gemini', model: 'gemini-2.5-flash' }] },
    ],
    extra: { cache: { mode: 'exact' } },
  });
  openai = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: 'open', maxRetries: 0 });
  anthropic = new Anthropic({ baseURL: stack.url, apiKey: 'open', maxRetries: 0 });
});
afterAll(async () => stack?.close());

const flush = () => stack.gateway.cache!.flush();

const weatherParameters = {
  type: 'object',
  properties: { city: { type: 'string' }, country: { type: 'string' }, unit: { type: 'string' }, days: { type: 'integer' } },
  required: ['city'],
};
const openaiTools: OpenAI.ChatCompletionTool[] = [
  { type: 'function', function: { name: 'get_weather', description: 'The weather', parameters: weatherParameters } },
];

describe('OpenAI SDK, chat completions', () => {
  it('a streamed hit after a body miss assembles the same text, usage and finish reason from several deltas', async () => {
    const body = chatBody('gpt', 'sdk-openai-text', {}, PROMPT);
    const first = await openai.chat.completions.create(body as OpenAI.ChatCompletionCreateParamsNonStreaming).withResponse();
    expect(first.response.headers.get('x-switchboard-cache')).toBe('miss');
    await flush();
    const stream = await openai.chat.completions
      .create({ ...(body as OpenAI.ChatCompletionCreateParamsNonStreaming), stream: true, stream_options: { include_usage: true } })
      .withResponse();
    expect(stream.response.headers.get('x-switchboard-cache')).toBe('hit');
    let text = '';
    let deltas = 0;
    let finish: string | null | undefined;
    let usage: OpenAI.CompletionUsage | undefined | null;
    for await (const chunk of stream.data) {
      const content = chunk.choices[0]?.delta.content;
      if (content) {
        deltas++;
        text += content;
      }
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe(first.data.choices[0]!.message.content);
    expect(deltas).toBeGreaterThanOrEqual(3);
    expect(finish).toBe('stop');
    expect(usage).toEqual(first.data.usage);
    expect(upstreamCalls(stack, 'sdk-openai-text')).toBe(1);
  });

  it('a raw streamed hit ends with data: [DONE] after the usage frame', async () => {
    const body = chatBody('gpt', 'sdk-openai-done', { stream: true, stream_options: { include_usage: true } }, PROMPT);
    const miss = await post(stack, '/v1/chat/completions', body);
    expect(miss.cache).toBe('miss');
    await flush();
    const hit = await post(stack, '/v1/chat/completions', body);
    expect(hit.cache).toBe('hit');
    expect(hit.headers.get('content-type')).toContain('text/event-stream');
    const frames = sseFrames(hit.text);
    expect(frames.at(-1)).toBe('[DONE]');
    expect(frames.at(-2).usage).toEqual(sseFrames(miss.text).at(-2).usage);
    expect(frames.filter((frame) => frame === '[DONE]')).toHaveLength(1);
    expect(upstreamCalls(stack, 'sdk-openai-done')).toBe(1);
  });

  it('tool calls replay as argument deltas the SDK assembles into the same name and arguments', async () => {
    const body = {
      ...chatBody('gpt', 'sdk-openai-tool', {}, 'What is the weather like?', 'tool=get_weather'),
      tools: openaiTools,
    } as ChatCompletionStreamParams;
    const first = await openai.chat.completions.stream(body).finalChatCompletion();
    await flush();
    const runner = openai.chat.completions.stream(body);
    let argumentDeltas = 0;
    for await (const chunk of runner) if (chunk.choices[0]?.delta.tool_calls?.[0]?.function?.arguments) argumentDeltas++;
    const replayed = await runner.finalChatCompletion();
    const original = first.choices[0]!.message.tool_calls![0]! as OpenAI.ChatCompletionMessageFunctionToolCall;
    const call = replayed.choices[0]!.message.tool_calls![0]! as OpenAI.ChatCompletionMessageFunctionToolCall;
    expect(original.function.name).toBe('get_weather');
    expect(call.function.name).toBe('get_weather');
    expect(call.function.arguments).toBe(original.function.arguments);
    expect(JSON.parse(call.function.arguments)).toHaveProperty('city');
    expect(call.id).toBe(original.id);
    expect(argumentDeltas).toBeGreaterThanOrEqual(2);
    expect(replayed.choices[0]!.finish_reason).toBe('tool_calls');
    expect(upstreamCalls(stack, 'sdk-openai-tool')).toBe(1);
  });

  it('a body request is served from an entry recorded from a stream', async () => {
    const body = chatBody('gpt', 'sdk-openai-recorded', {}, PROMPT) as OpenAI.ChatCompletionCreateParamsNonStreaming;
    const streamParams = { ...body, stream_options: { include_usage: true } } as ChatCompletionStreamParams;
    const streamed = await openai.chat.completions.stream(streamParams).finalChatCompletion();
    await flush();
    const hit = await openai.chat.completions.create(body).withResponse();
    expect(hit.response.headers.get('x-switchboard-cache')).toBe('hit');
    expect(hit.data.choices[0]!.message.content).toBe(streamed.choices[0]!.message.content);
    expect(hit.data.choices[0]!.finish_reason).toBe('stop');
    expect(hit.data.usage?.completion_tokens).toBe(streamed.usage?.completion_tokens);
    expect(hit.data.usage?.prompt_tokens).toBe(streamed.usage?.prompt_tokens);
    expect(upstreamCalls(stack, 'sdk-openai-recorded')).toBe(1);
  });
});

describe('an entry recorded from a stream that did not ask for usage', () => {
  it('still serves the full usage to a body request', async () => {
    const fresh = await post(stack, '/v1/chat/completions', chatBody('gpt', 'sdk-usage-a', {}, PROMPT));
    const body = chatBody('gpt', 'sdk-usage-b', {}, PROMPT);
    const streamed = await post(stack, '/v1/chat/completions', { ...body, stream: true });
    expect(streamed.cache).toBe('miss');
    expect(streamed.text).not.toContain('"usage":{');
    await flush();
    const hit = await post(stack, '/v1/chat/completions', body);
    expect(hit.cache).toBe('hit');
    expect(hit.json.usage).toEqual(fresh.json.usage);
    expect(hit.json.usage.completion_tokens).toBeGreaterThan(0);
  });
});

describe('entries recorded from other providers’ streams', () => {
  it.each(['claude', 'gemini'])('a %s stream recorded on a miss serves a body with the same text, usage and finish reason', async (alias) => {
    const id = `sdk-recorded-${alias}`;
    const body = chatBody(alias, id, {}, PROMPT);
    const streamed = await post(stack, '/v1/chat/completions', { ...body, stream: true, stream_options: { include_usage: true } });
    expect(streamed.status, streamed.text).toBe(200);
    expect(streamed.cache).toBe('miss');
    const frames = sseFrames(streamed.text).filter((frame) => frame !== '[DONE]');
    await flush();
    const hit = await post(stack, '/v1/chat/completions', body);
    expect(hit.cache).toBe('hit');
    expect(hit.json.choices[0].message.content).toBe(streamedText(streamed.text));
    expect(hit.json.choices[0].finish_reason).toBe(frames.find((frame) => frame.choices?.[0]?.finish_reason)?.choices[0].finish_reason);
    expect(hit.json.usage).toEqual(frames.at(-1).usage);
    expect(hit.json.usage.prompt_tokens).toBeGreaterThan(0);
    expect(upstreamCalls(stack, id)).toBe(1);
  });
});

describe('Anthropic SDK, messages', () => {
  const weather: Anthropic.Tool = { name: 'get_weather', description: 'The weather', input_schema: weatherParameters as Anthropic.Tool.InputSchema };

  it('a streamed hit after a body miss: same text from several deltas, message_delta usage, stop_reason, message_stop', async () => {
    const params = { model: 'gpt', max_tokens: 300, messages: [{ role: 'user' as const, content: `${PROMPT} [[sim id=sdk-anthropic-text]]` }] };
    const first = await anthropic.messages.create(params).withResponse();
    expect(first.response.headers.get('x-switchboard-cache')).toBe('miss');
    await flush();
    const stream = anthropic.messages.stream(params);
    const types: string[] = [];
    let textDeltas = 0;
    let deltaUsage: Anthropic.MessageDeltaUsage | undefined;
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') textDeltas++;
      if (event.type === 'message_delta') deltaUsage = event.usage;
    }
    const message = await stream.finalMessage();
    const { response } = await stream.withResponse();
    expect(response.headers.get('x-switchboard-cache')).toBe('hit');
    const originalText = first.data.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
    expect(originalText.length).toBeGreaterThan(60);
    expect(message.content.map((block) => (block.type === 'text' ? block.text : '')).join('')).toBe(originalText);
    expect(textDeltas).toBeGreaterThanOrEqual(3);
    expect(deltaUsage?.output_tokens).toBe(first.data.usage.output_tokens);
    expect(message.usage.input_tokens).toBe(first.data.usage.input_tokens);
    expect(message.stop_reason).toBe('end_turn');
    expect(types[0]).toBe('message_start');
    expect(types.at(-1)).toBe('message_stop');
    expect(upstreamCalls(stack, 'sdk-anthropic-text')).toBe(1);
  });

  it('a tool_use replays as input_json deltas the SDK assembles into the same name and input', async () => {
    const params = {
      model: 'gpt',
      max_tokens: 300,
      tools: [weather],
      messages: [{ role: 'user' as const, content: 'Weather please [[sim id=sdk-anthropic-tool tool=get_weather]]' }],
    };
    const first = await anthropic.messages.stream(params).finalMessage();
    await flush();
    const stream = anthropic.messages.stream(params);
    let jsonDeltas = 0;
    for await (const event of stream) if (event.type === 'content_block_delta' && event.delta.type === 'input_json_delta') jsonDeltas++;
    const replayed = await stream.finalMessage();
    const original = first.content.find((block) => block.type === 'tool_use') as Anthropic.ToolUseBlock;
    const call = replayed.content.find((block) => block.type === 'tool_use') as Anthropic.ToolUseBlock;
    expect(original.name).toBe('get_weather');
    expect(call.name).toBe('get_weather');
    expect(call.id).toBe(original.id);
    expect(call.input).toEqual(original.input);
    expect(jsonDeltas).toBeGreaterThanOrEqual(2);
    expect(replayed.stop_reason).toBe('tool_use');
    expect(upstreamCalls(stack, 'sdk-anthropic-tool')).toBe(1);
  });
});

describe('OpenAI SDK, Responses API', () => {
  it('create then create and stream are served from the cache, each with its own fresh id', async () => {
    const params = { model: 'gpt', input: `${PROMPT} [[sim id=sdk-responses]]` };
    const first = await openai.responses.create(params).withResponse();
    expect(first.response.headers.get('x-switchboard-cache')).toBe('miss');
    await flush();
    const second = await openai.responses.create(params).withResponse();
    expect(second.response.headers.get('x-switchboard-cache')).toBe('hit');
    expect(second.data.output_text).toBe(first.data.output_text);
    expect(second.data.id).not.toBe(first.data.id);
    expect(second.data.usage?.output_tokens).toBe(first.data.usage?.output_tokens);

    const stream = openai.responses.stream(params);
    let textDeltas = 0;
    let completed = false;
    for await (const event of stream) {
      if (event.type === 'response.output_text.delta') textDeltas++;
      if (event.type === 'response.completed') completed = true;
    }
    const streamed = await stream.finalResponse();
    expect(streamed.output_text).toBe(first.data.output_text);
    expect(textDeltas).toBeGreaterThanOrEqual(3);
    expect(completed).toBe(true);
    expect(new Set([first.data.id, second.data.id, streamed.id]).size).toBe(3);
    expect(upstreamCalls(stack, 'sdk-responses')).toBe(1);
  });

  it('a function call is replayed to the Responses stream with the same name, call id and arguments', async () => {
    const params = {
      model: 'gpt',
      input: 'Weather please [[sim id=sdk-responses-tool tool=get_weather]]',
      tools: [{ type: 'function' as const, name: 'get_weather', parameters: weatherParameters, strict: false }],
    };
    const first = await openai.responses.create(params);
    await flush();
    const stream = openai.responses.stream(params);
    let argumentDeltas = 0;
    for await (const event of stream) if (event.type === 'response.function_call_arguments.delta') argumentDeltas++;
    const replayed = await stream.finalResponse();
    const call = (response: OpenAI.Responses.Response) =>
      response.output.find((item): item is OpenAI.Responses.ResponseFunctionToolCall => item.type === 'function_call');
    expect(call(first)?.name).toBe('get_weather');
    expect(call(replayed)?.name).toBe('get_weather');
    expect(call(replayed)?.call_id).toBe(call(first)?.call_id);
    expect(call(replayed)?.arguments).toBe(call(first)?.arguments);
    expect(argumentDeltas).toBeGreaterThanOrEqual(2);
    expect(upstreamCalls(stack, 'sdk-responses-tool')).toBe(1);
  });

  it('a cached answer is stored by the response store: previous_response_id chains on it', async () => {
    const params = { model: 'gpt', input: 'Name a colour [[sim id=sdk-responses-chain]]' };
    await openai.responses.create(params);
    await flush();
    const hit = await openai.responses.create(params).withResponse();
    expect(hit.response.headers.get('x-switchboard-cache')).toBe('hit');
    const fetched = await openai.responses.retrieve(hit.data.id);
    expect(fetched.output_text).toBe(hit.data.output_text);
    // A streamed hit is stored too: its store phase runs once the replay ended.
    const streamed = await openai.responses.stream(params).finalResponse();
    expect(streamed.id).not.toBe(hit.data.id);
    expect((await openai.responses.retrieve(streamed.id)).output_text).toBe(hit.data.output_text);
    expect(upstreamCalls(stack, 'sdk-responses-chain')).toBe(1);
    const next = await openai.responses.create({ model: 'gpt', previous_response_id: hit.data.id, input: 'And another [[sim id=sdk-responses-next]]' });
    // The simulator counts the turns it was sent: the cached exchange came along as history.
    expect(next.output_text).toContain('(turns: 3)');
    expect(upstreamCalls(stack, 'sdk-responses-next')).toBe(1);
  });
});
