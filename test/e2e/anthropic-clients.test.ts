/**
 * What real Anthropic-format clients send, through the gateway to non-Anthropic upstreams (the
 * simulator's Gemini and OpenAI families), with the official @anthropic-ai/sdk as the client, and
 * then with the libraries themselves (@ai-sdk/anthropic, @langchain/anthropic):
 * - @ai-sdk/anthropic puts eager_input_streaming on every tool when it streams;
 * - LangChain's ChatAnthropic reads input tokens only from message_start;
 * - generateObject forces one tool with disable_parallel_tool_use (to APIs with no switch for
 *   parallel calls: Gemini, and Together in the OpenAI family).
(test/e2e/stream-usage.test.ts checks that an Anthropic upstream's own early count stays.)
 */
import { createAnthropic } from '@ai-sdk/anthropic';
import Anthropic from '@anthropic-ai/sdk';
import { ChatAnthropic } from '@langchain/anthropic';
import { generateObject, streamText, tool } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startStack, type TestStack } from '../../src/testing/stack.js';

let stack: TestStack;
let client: Anthropic;

beforeAll(async () => {
  stack = await startStack({
    providers: [
      { id: 'gemini', type: 'gemini', api_key: 'gm-key', base_url: '${SIM}' },
      { id: 'openai', type: 'openai', api_key: 'sk-key', base_url: '${SIM}/v1' },
      { id: 'together', type: 'together', api_key: 'tg-key', base_url: '${SIM}/together/v1' },
    ],
    models: [
      { name: 'gemini', targets: [{ provider: 'gemini', model: 'gemini-2.5-flash' }] },
      { name: 'gpt', targets: [{ provider: 'openai', model: 'gpt-4o-mini' }] },
      { name: 'together', targets: [{ provider: 'together', model: 'meta-llama/Llama-3.3-70B-Instruct-Turbo' }] },
    ],
  });
  client = new Anthropic({ baseURL: stack.url, apiKey: 'unused-in-open-mode', maxRetries: 0 });
});
afterAll(async () => stack?.close());

const weather: Anthropic.Tool = {
  name: 'get_weather',
  description: 'Current weather for a city',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};
const json: Anthropic.Tool = {
  name: 'json',
  description: 'Respond with a JSON object.',
  input_schema: { type: 'object', properties: { name: { type: 'string' }, age: { type: 'number' } }, required: ['name', 'age'] },
};

describe.each(['gemini', 'gpt'])('Anthropic SDK through the gateway to %s', (model) => {
  it('streams a tool call with eager_input_streaming (and the other documented tool fields) on the tools', async () => {
    const stream = client.messages.stream({
      model,
      max_tokens: 200,
      messages: [{ role: 'user', content: 'What is the weather in Paris? Use get_weather.' }],
      tools: [
        { ...weather, eager_input_streaming: true, cache_control: { type: 'ephemeral' }, input_examples: [{ city: 'Rome' }] },
        { ...json, eager_input_streaming: true, defer_loading: false, allowed_callers: ['direct'] },
      ],
    });
    const message = await stream.finalMessage();
    expect(message.stop_reason).toBe('tool_use');
    const call = message.content.find((block) => block.type === 'tool_use');
    expect(call).toMatchObject({ type: 'tool_use', name: 'get_weather' });
    expect(typeof (call as Anthropic.ToolUseBlock).input).toBe('object');
  });

  it('states estimated input tokens in message_start, says so in a header, and ends with the upstream count', async () => {
    const { data: stream, response } = await client.messages
      .create({ model, max_tokens: 100, stream: true, system: 'Be brief.', messages: [{ role: 'user', content: 'Tell me about the sea. '.repeat(20) }] })
      .withResponse();
    expect(response.headers.get('x-switchboard-input-tokens-estimated')).toBe('true');
    let start: Anthropic.RawMessageStartEvent | undefined;
    let delta: Anthropic.RawMessageDeltaEvent | undefined;
    for await (const event of stream) {
      if (event.type === 'message_start') start = event;
      if (event.type === 'message_delta') delta = event;
    }
    const estimated = start!.message.usage.input_tokens;
    const upstream = delta!.usage.input_tokens!;
    expect(estimated).toBeGreaterThan(100);
    expect(upstream).toBeGreaterThan(100);
    // The same prompt, counted two ways: within a factor of two of each other.
    expect(estimated / upstream).toBeGreaterThan(0.5);
    expect(estimated / upstream).toBeLessThan(2);
  });
});

// Gemini, and an OpenAI-family API without a parallel_tool_calls switch (Together).
describe.each(['gemini', 'together'])('Anthropic SDK with one forced tool through the gateway to %s', (model) => {
  it('answers generateObject-style calls: one tool forced with tool_choice any and disable_parallel_tool_use', async () => {
    const message = await client.messages.create({
      model,
      max_tokens: 200,
      messages: [{ role: 'user', content: 'Make up a person.' }],
      tools: [json],
      tool_choice: { type: 'any', disable_parallel_tool_use: true },
    });
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content.filter((block) => block.type === 'tool_use')).toEqual([expect.objectContaining({ name: 'json' })]);
  });

  it('answers a named tool_choice with disable_parallel_tool_use among several tools', async () => {
    const message = await client.messages.create({
      model,
      max_tokens: 200,
      messages: [{ role: 'user', content: 'Make up a person.' }],
      tools: [weather, json],
      tool_choice: { type: 'tool', name: 'json', disable_parallel_tool_use: true },
    });
    expect(message.content.filter((block) => block.type === 'tool_use')).toEqual([expect.objectContaining({ name: 'json' })]);
  });
});

describe('the Vercel AI SDK over @ai-sdk/anthropic, through the gateway to Gemini', () => {
  const anthropic = () => createAnthropic({ baseURL: `${stack.url}/v1`, apiKey: 'unused-in-open-mode' });

  it('streams text with a tool on offer (every tool then carries eager_input_streaming)', async () => {
    const result = streamText({
      model: anthropic()('gemini'),
      prompt: 'Say hello.',
      tools: { get_weather: tool({ description: 'Weather', inputSchema: z.object({ city: z.string() }) }) },
      maxRetries: 0,
    });
    expect(await result.text).toContain('Simulated reply');
    expect((await result.usage).inputTokens).toBeGreaterThan(0);
  });

  it('generates an object (one forced json tool with disable_parallel_tool_use)', async () => {
    const { object } = await generateObject({
      model: anthropic()('gemini'),
      prompt: 'Make up a person.',
      schema: z.object({ name: z.string(), age: z.number() }),
      maxRetries: 0,
    });
    expect(typeof object.name).toBe('string');
    expect(typeof object.age).toBe('number');
  });
});

describe("LangChain's ChatAnthropic, through the gateway to Gemini", () => {
  it('sees input tokens in a streamed answer (it reads them from message_start only)', async () => {
    const model = new ChatAnthropic({ model: 'gemini', anthropicApiUrl: stack.url, apiKey: 'unused-in-open-mode', maxRetries: 0, streamUsage: true });
    let input = 0;
    for await (const chunk of await model.stream('Tell me about the sea.')) input += chunk.usage_metadata?.input_tokens ?? 0;
    expect(input).toBeGreaterThan(0);
  });
});
