/**
 * Chat Completions callers on a provider with `api: responses`: the official OpenAI SDK's
 * chat.completions, through the gateway, reaching the simulator's Responses API (OpenAI and
 * Azure). Each case asserts on the answer and on the exact upstream request the simulator received.
 */
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type TestStack } from '../../src/testing/stack.js';

/** Upstream bodies are probed ad hoc in assertions. */
// biome-ignore lint/suspicious/noExplicitAny: see above
type Wire = Record<string, any>;

let stack: TestStack;
let client: OpenAI;

beforeAll(async () => {
  stack = await startStack({
    providers: [
      { id: 'oai-resp', type: 'openai', api: 'responses', api_key: 'sk-sim', base_url: '${SIM}/v1' },
      { id: 'oai-lenient', type: 'openai', api: 'responses', api_key: 'sk-sim', base_url: '${SIM}/v1', drop_params: ['seed', 'stop'] },
      { id: 'az-resp', type: 'azure-openai', api: 'responses', api_key: 'az-sim', base_url: '${SIM}/azure' },
      { id: 'az-dated', type: 'azure-openai', api: 'responses', api_version: '2025-04-01-preview', api_key: 'az-sim', base_url: '${SIM}/azure' },
    ],
    models: [
      { name: 'gpt-5', targets: [{ provider: 'oai-resp', model: 'gpt-5' }] },
      { name: 'lenient', targets: [{ provider: 'oai-lenient', model: 'gpt-5' }] },
      { name: 'azure', targets: [{ provider: 'az-resp', model: 'my-gpt5-deployment' }] },
      { name: 'azure-dated', targets: [{ provider: 'az-dated', model: 'my-gpt5-deployment' }] },
    ],
  });
  client = new OpenAI({ apiKey: 'any', baseURL: `${stack.url}/v1`, maxRetries: 0 });
});
afterAll(async () => stack?.close());

/** The last request the simulator received on a Responses path. */
function upstream(): { path: string; query: URLSearchParams; body: Wire } {
  const got = stack.simulator.received.last(/\/responses$/);
  if (!got) throw new Error('the simulator received no Responses request');
  return { path: got.path, query: got.query, body: got.body as Wire };
}

const system = { role: 'system' as const, content: 'Be brief.' };
const weather = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

describe('chat.completions over the Responses API', () => {
  it('answers text, and the upstream request was a Responses request', async () => {
    const { data, response } = await client.chat.completions
      .create({ model: 'gpt-5', messages: [system, { role: 'user', content: 'Hello' }], max_completion_tokens: 100, temperature: 0.5, user: 'u-1' })
      .withResponse();
    expect(data.choices[0]!.message.content).toBe('Simulated reply to: Hello (system: Be brief.)');
    expect(data.choices[0]!.finish_reason).toBe('stop');
    expect(data.usage).toMatchObject({ prompt_tokens: 4, completion_tokens: 7, total_tokens: 11 });
    expect(data.id).toMatch(/^chatcmpl-/);
    expect(response.headers.get('x-switchboard-provider')).toBe('oai-resp');
    const sent = upstream();
    expect(sent.path).toBe('/v1/responses');
    expect(sent.body).toEqual({
      model: 'gpt-5',
      instructions: 'Be brief.',
      input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hello' }] }],
      store: false,
      max_output_tokens: 100,
      temperature: 0.5,
      safety_identifier: 'u-1',
    });
  });

  it('streams text, with usage when asked for', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-5',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'one two three' }],
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | undefined;
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('Simulated reply to: one two three');
    expect(finish).toBe('stop');
    expect(usage).toMatchObject({ prompt_tokens: 4, completion_tokens: 6 });
    expect(upstream().body).toMatchObject({ stream: true, store: false });
    expect(upstream().body).not.toHaveProperty('stream_options');
  });

  it('calls tools and takes their results back, as function_call and function_call_output items', async () => {
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'call get_weather for Paris' }];
    const first = await client.chat.completions.create({ model: 'gpt-5', messages, tools: [weather], tool_choice: 'auto' });
    const call = first.choices[0]!.message.tool_calls![0]! as OpenAI.ChatCompletionMessageFunctionToolCall;
    expect(first.choices[0]!.finish_reason).toBe('tool_calls');
    expect(call.function).toEqual({ name: 'get_weather', arguments: '{"city":"sample city"}' });
    expect(upstream().body).toMatchObject({
      tools: [{ type: 'function', name: 'get_weather', description: 'Weather for a city', parameters: weather.function.parameters, strict: false }],
      tool_choice: 'auto',
    });
    messages.push(first.choices[0]!.message, { role: 'tool', tool_call_id: call.id, content: '18 C and sunny' });
    const second = await client.chat.completions.create({ model: 'gpt-5', messages, tools: [weather] });
    expect(second.choices[0]!.message.content).toBe('Tool results received: 18 C and sunny');
    expect(upstream().body.input.slice(1)).toEqual([
      { type: 'function_call', call_id: call.id, name: 'get_weather', arguments: '{"city":"sample city"}' },
      { type: 'function_call_output', call_id: call.id, output: '18 C and sunny' },
    ]);
  });

  it('streams tool calls', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-5',
      stream: true,
      messages: [{ role: 'user', content: 'call get_weather' }],
      tools: [weather],
    });
    const args: string[] = [];
    let name = '';
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta.tool_calls?.[0];
      if (delta?.function?.name) name = delta.function.name;
      if (delta?.function?.arguments) args.push(delta.function.arguments);
    }
    expect(name).toBe('get_weather');
    expect(args.join('')).toBe('{"city":"sample city"}');
  });

  it('answers structured output from response_format json_schema, sent as text.format', async () => {
    const schema = {
      type: 'object',
      properties: { city: { type: 'string' }, days: { type: 'integer' } },
      required: ['city', 'days'],
      additionalProperties: false,
    };
    const data = await client.chat.completions.create({
      model: 'gpt-5',
      messages: [{ role: 'user', content: 'Plan a trip' }],
      response_format: { type: 'json_schema', json_schema: { name: 'trip', schema, strict: true } },
    });
    expect(JSON.parse(data.choices[0]!.message.content!)).toEqual({ city: 'sample city', days: 42 });
    expect(upstream().body.text).toEqual({ format: { type: 'json_schema', name: 'trip', schema, strict: true } });
  });

  it('asks for reasoning and its encrypted content, and reports reasoning tokens', async () => {
    const data = await client.chat.completions.create({ model: 'gpt-5', messages: [{ role: 'user', content: 'Think first' }], reasoning_effort: 'low' });
    expect(data.usage?.completion_tokens_details?.reasoning_tokens).toBeGreaterThan(0);
    expect(upstream().body).toMatchObject({ reasoning: { effort: 'low' }, include: ['reasoning.encrypted_content'] });
  });

  it('answers finish_reason length when the answer is cut at max_output_tokens', async () => {
    const words = Array.from({ length: 30 }, (_, i) => `w${i}`).join('_');
    const data = await client.chat.completions.create({ model: 'gpt-5', messages: [{ role: 'user', content: `[[sim reply=${words}]]` }], max_tokens: 16 });
    expect(data.choices[0]!.finish_reason).toBe('length');
    expect(upstream().body.max_output_tokens).toBe(16);
  });
});

describe('what the Responses API cannot take', () => {
  async function refusal(promise: Promise<unknown>): Promise<Wire> {
    try {
      await promise;
    } catch (err) {
      const e = err as { status?: number; error?: Wire };
      return { status: e.status, ...e.error };
    }
    throw new Error('expected an error, got success');
  }

  it.each([
    ['seed', { seed: 1 }],
    ['stop', { stop: ['x'] }],
    ['frequency_penalty', { frequency_penalty: 0.5 }],
    ['logprobs', { logprobs: true }],
  ])('refuses %s with 400 unsupported_parameter naming it and the provider', async (param, extra) => {
    const sentBefore = stack.simulator.received.all().length;
    const error = await refusal(client.chat.completions.create({ model: 'gpt-5', messages: [{ role: 'user', content: 'hi' }], ...extra }));
    expect(error).toMatchObject({
      status: 400,
      code: 'unsupported_parameter',
      param,
      message: `Parameter '${param}' is not supported by provider 'oai-resp'.`,
    });
    // Refused before anything went upstream.
    expect(stack.simulator.received.all().length).toBe(sentBefore);
  });

  it('drops them instead under drop_params', async () => {
    const data = await client.chat.completions.create({ model: 'lenient', messages: [{ role: 'user', content: 'hi' }], seed: 1, stop: ['zzz'] });
    expect(data.choices[0]!.message.content).toBe('Simulated reply to: hi');
    expect(upstream().body).not.toHaveProperty('seed');
    expect(upstream().body).not.toHaveProperty('stop');
  });

  it('passes upstream errors on in the caller’s format, and a stream that failed before any content as an HTTP error', async () => {
    const limited = await refusal(
      client.chat.completions.create({ model: 'gpt-5', messages: [{ role: 'user', content: 'hi [[sim fault=429 retry_after=2]]' }] }),
    );
    expect(limited).toMatchObject({ status: 429, code: 'upstream_rate_limited' });
    // fault=failed sends response.created and then response.failed, no content: the attempt fails
    // before anything reached the client (streams are primed up to their first content), so the
    // client gets the error as an HTTP answer rather than a 200 stream ending in an error event.
    const failed = await refusal(
      client.chat.completions.create({ model: 'gpt-5', stream: true, messages: [{ role: 'user', content: 'hi [[sim fault=failed]]' }] }),
    );
    expect(failed).toMatchObject({ status: 502, message: expect.stringMatching(/failed to generate a response/) });
  });
});

describe('Azure OpenAI with api: responses', () => {
  it('calls the v1 Responses path with the deployment as model', async () => {
    const data = await client.chat.completions.create({ model: 'azure', messages: [{ role: 'user', content: 'Hello' }] });
    expect(data.choices[0]!.message.content).toBe('Simulated reply to: Hello');
    expect(data.model).toBe('my-gpt5-deployment');
    expect(upstream()).toMatchObject({ path: '/azure/openai/v1/responses', body: { model: 'my-gpt5-deployment', store: false } });
  });

  it('calls the dated Responses path with its api-version, streamed', async () => {
    const stream = await client.chat.completions.create({ model: 'azure-dated', stream: true, messages: [{ role: 'user', content: 'Hello' }] });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('Simulated reply to: Hello');
    const sent = upstream();
    expect(sent.path).toBe('/azure/openai/responses');
    expect(sent.query.get('api-version')).toBe('2025-04-01-preview');
  });
});
