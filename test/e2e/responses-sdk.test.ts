/**
 * POST /v1/responses end to end: the official OpenAI SDK (`client.responses.create` and
 * `client.responses.stream`) against the gateway, with the simulator behind it speaking OpenAI
 * Chat Completions, Anthropic, Gemini and Bedrock, and the gateway's response store (SQLite) for
 * previous_response_id and GET /v1/responses/{id}.
 */
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type TestStack } from '../../src/testing/stack.js';

const PROVIDERS = [
  { id: 'oai', type: 'openai', api_key: 'sk-sim', base_url: '${SIM}/v1', model: 'gpt-4o', reasoningText: false },
  { id: 'claude', type: 'anthropic', api_key: 'sk-ant-sim', base_url: '${SIM}', model: 'claude-sonnet-4-5', reasoningText: true },
  { id: 'gem', type: 'gemini', api_key: 'gm-sim', base_url: '${SIM}', model: 'gemini-2.5-flash', reasoningText: true },
  {
    id: 'br',
    type: 'bedrock',
    region: 'us-east-1',
    access_key_id: 'AKIDSIMULATOR',
    secret_access_key: 'simulator-secret',
    base_url: '${SIM}',
    model: 'anthropic.claude-sonnet-4-20250514-v1:0',
    reasoningText: true,
  },
] as const;

let stack: TestStack;
let client: OpenAI;

beforeAll(async () => {
  stack = await startStack({
    providers: PROVIDERS.map(({ model: _model, reasoningText: _r, ...provider }) => provider),
    models: PROVIDERS.map((p) => ({ name: `${p.type}-model`, targets: [{ provider: p.id, model: p.model }] })),
  });
  client = new OpenAI({ apiKey: 'any', baseURL: `${stack.url}/v1`, maxRetries: 0 });
});
afterAll(async () => stack?.close());

const weather = {
  type: 'function' as const,
  name: 'get_weather',
  description: 'Weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
  strict: true,
};
const time = { ...weather, name: 'get_time', description: 'Time in a city' };

for (const provider of PROVIDERS) {
  const model = `${provider.type}-model`;

  describe(`${provider.type} via client.responses`, () => {
    it('answers text with instructions, as a response object with gateway headers', async () => {
      const { data, response } = await client.responses.create({ model, instructions: 'be terse', input: 'hello' }).withResponse();
      expect(data.object).toBe('response');
      expect(data.id).toMatch(/^resp_/);
      expect(data.status).toBe('completed');
      expect(data.output_text).toContain('Simulated reply to: hello');
      expect(data.output_text).toContain('(system: be terse)');
      expect(data.instructions).toBe('be terse');
      expect(data.usage!.input_tokens).toBeGreaterThan(0);
      expect(data.usage!.total_tokens).toBe(data.usage!.input_tokens + data.usage!.output_tokens);
      expect(response.headers.get('x-switchboard-provider')).toBe(provider.id);
      expect(response.headers.get('x-request-id')).toMatch(/^req_/);
    });

    it('calls a tool and takes its result back, sent as items and by previous_response_id', async () => {
      const first = await client.responses.create({ model, tools: [weather], input: 'use get_weather for Paris' });
      const call = first.output.find((item) => item.type === 'function_call');
      expect(call?.type).toBe('function_call');
      if (call?.type !== 'function_call') return;
      expect(call.name).toBe('get_weather');
      expect(call.id).toMatch(/^fc_/);
      expect(JSON.parse(call.arguments)).toHaveProperty('city');
      // Stateless: the whole conversation as input items, the output sent back verbatim.
      const stateless = await client.responses.create({
        model,
        store: false,
        tools: [weather],
        input: [
          { role: 'user', content: 'use get_weather for Paris' },
          ...(first.output as OpenAI.Responses.ResponseInputItem[]),
          { type: 'function_call_output', call_id: call.call_id, output: 'sunny, 21C' },
        ],
      });
      expect(stateless.output_text).toContain('sunny, 21C');
      expect((stateless as { store?: boolean }).store).toBe(false);
      // Stateful: the gateway supplies the earlier turn from its store.
      const chained = await client.responses.create({
        model,
        previous_response_id: first.id,
        tools: [weather],
        input: [{ type: 'function_call_output', call_id: call.call_id, output: 'rainy, 12C' }],
      });
      expect(chained.output_text).toContain('rainy, 12C');
      expect(chained.previous_response_id).toBe(first.id);
    });

    it('remembers a conversation across previous_response_id', async () => {
      const first = await client.responses.create({ model, input: 'first' });
      const second = await client.responses.create({ model, previous_response_id: first.id, input: 'second' });
      expect(second.output_text).toContain('Simulated reply to: second');
      expect(second.output_text).toContain('(turns: 3)');
    });

    it('answers structured output that fits the json_schema of text.format', async () => {
      const r = await client.responses.create({
        model,
        input: 'give me a person',
        text: {
          format: {
            type: 'json_schema',
            name: 'person',
            strict: true,
            schema: {
              type: 'object',
              properties: { name: { type: 'string' }, age: { type: 'integer' } },
              required: ['name', 'age'],
              additionalProperties: false,
            },
          },
        },
      });
      const person = JSON.parse(r.output_text) as { name: unknown; age: unknown };
      expect(typeof person.name).toBe('string');
      expect(typeof person.age).toBe('number');
      expect(r.text?.format).toMatchObject({ type: 'json_schema', name: 'person' });
    });

    it('reasons, showing the reasoning as a summary where the provider returns it', async () => {
      const r = await client.responses.create({ model, input: 'think first', reasoning: { effort: 'low', summary: 'auto' }, max_output_tokens: 4000 });
      expect(r.output_text).toContain('Simulated reply to: think first');
      const reasoning = r.output.find((item) => item.type === 'reasoning');
      if (provider.reasoningText) expect(reasoning?.type === 'reasoning' && reasoning.summary[0]?.text).toBeTruthy();
      else expect(r.usage!.output_tokens_details.reasoning_tokens).toBeGreaterThan(0);
      expect(r.reasoning).toEqual({ effort: 'low', summary: 'auto' });
    });

    it('streams text as typed events with the final response last', async () => {
      const stream = client.responses.stream({ model, input: 'one two three' });
      const types: string[] = [];
      const sequence: number[] = [];
      let text = '';
      for await (const event of stream) {
        types.push(event.type);
        sequence.push(event.sequence_number);
        if (event.type === 'response.output_text.delta') text += event.delta;
      }
      const final = await stream.finalResponse();
      expect(text).toBe('Simulated reply to: one two three');
      expect(final.output_text).toBe(text);
      expect(types.slice(0, 2)).toEqual(['response.created', 'response.in_progress']);
      expect(types.at(-1)).toBe('response.completed');
      expect(sequence).toEqual(sequence.map((_, i) => i));
      expect(final.usage!.output_tokens).toBeGreaterThan(0);
    });

    it('streams parallel tool calls as function_call items with their arguments', async () => {
      const stream = client.responses.stream({ model, tools: [weather, time], parallel_tool_calls: true, input: 'use get_weather and get_time for Paris' });
      const added: string[] = [];
      const argumentsDone = new Map<string, string>();
      for await (const event of stream) {
        if (event.type === 'response.output_item.added' && event.item.type === 'function_call') added.push(event.item.name);
        if (event.type === 'response.function_call_arguments.done') argumentsDone.set(event.item_id, event.arguments);
      }
      const final = await stream.finalResponse();
      const calls = final.output.filter((item) => item.type === 'function_call');
      expect(added.sort()).toEqual(['get_time', 'get_weather']);
      expect(calls.map((c) => (c.type === 'function_call' ? c.name : '')).sort()).toEqual(['get_time', 'get_weather']);
      for (const call of calls) {
        if (call.type !== 'function_call') continue;
        expect(JSON.parse(call.arguments)).toHaveProperty('city');
        expect(argumentsDone.get(call.id!)).toBe(call.arguments);
      }
      expect(new Set(calls.map((c) => (c.type === 'function_call' ? c.call_id : ''))).size).toBe(2);
    });

    it('stores a streamed answer so the next turn can chain onto it', async () => {
      const stream = client.responses.stream({ model, input: 'streamed first' });
      const final = await stream.finalResponse();
      const next = await client.responses.create({ model, previous_response_id: final.id, input: 'after the stream' });
      expect(next.output_text).toContain('(turns: 3)');
      // What is stored is the object the stream ended with, as GET /v1/responses/{id} shows it.
      const retrieved = await client.responses.retrieve(final.id);
      expect(retrieved).toMatchObject({
        id: final.id,
        status: 'completed',
        model: final.model,
        usage: final.usage,
        output: final.output.map((item) => expect.objectContaining({ id: item.id, type: item.type })),
      });
      expect(retrieved.output_text).toBe(final.output_text);
    });

    it('is incomplete when max_output_tokens cuts the answer', async () => {
      const r = await client.responses.create({ model, max_output_tokens: 16, input: Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ') });
      expect(r.status).toBe('incomplete');
      expect(r.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    });

    it('ends a stream the provider cut with an error event and response.failed', async () => {
      // Six frames: past every provider's first text (Responses sends four frames before it), so
      // content has reached the client; a cut before any content is a failed attempt instead (an
      // HTTP error with one target), which three frames were for some providers.
      const input = 'one two three four five six [[sim fault=cut cut_after=6]]';
      const raw = await client.responses.create({ model, stream: true, input });
      const events: OpenAI.Responses.ResponseStreamEvent[] = [];
      for await (const event of raw) events.push(event);
      expect(events[0]!.type).toBe('response.created');
      expect(events.slice(-2).map((e) => e.type)).toEqual(['error', 'response.failed']);
      const failed = events.at(-1) as OpenAI.Responses.ResponseFailedEvent;
      expect(failed.response.status).toBe('failed');
      expect(failed.response.error?.code).toMatch(/^upstream_/);
      // The SDK's stream helper turns the error event into a rejection carrying its message.
      const helper = client.responses.stream({ model, input });
      for await (const _event of helper) {
        // Drained; the outcome is checked below.
      }
      await expect(helper.finalResponse()).rejects.toMatchObject({ type: 'error', message: expect.stringContaining(`'${provider.id}'`) });
    });

    it('answers upstream errors in the OpenAI error format', async () => {
      const error = (await client.responses.create({ model, input: 'slow down [[sim fault=429 retry_after=3]]' }).catch((e: unknown) => e)) as {
        status?: number;
        code?: string;
        headers?: Headers;
      };
      expect(error.status).toBe(429);
      expect(error.code).toBe('upstream_rate_limited');
      expect(error.headers?.get('retry-after')).toBe('3');
    });
  });
}

describe('client.responses without a provider in the way', () => {
  it('answers 404 response_not_found for a previous_response_id it never stored', async () => {
    const error = (await client.responses.create({ model: 'openai-model', previous_response_id: 'resp_unknown', input: 'x' }).catch((e: unknown) => e)) as {
      status?: number;
      code?: string;
      param?: string;
    };
    expect(error).toMatchObject({ status: 404, code: 'response_not_found', param: 'previous_response_id' });
  });

  it('refuses a built-in tool for a provider without a Responses API, naming both', async () => {
    const error = (await client.responses.create({ model: 'anthropic-model', tools: [{ type: 'web_search' }], input: 'search' }).catch((e: unknown) => e)) as {
      status?: number;
      code?: string;
      message?: string;
    };
    expect(error.status).toBe(400);
    expect(error.code).toBe('unsupported_parameter');
    expect(error.message).toContain("built-in tool 'web_search'");
    expect(error.message).toContain("'claude'");
  });
});

describe('a gateway without a response store', () => {
  let bare: TestStack;
  let bareClient: OpenAI;
  beforeAll(async () => {
    bare = await startStack({
      providers: [{ id: 'oai', type: 'openai', api_key: 'sk-sim', base_url: '${SIM}/v1' }],
      models: [{ name: 'm', targets: [{ provider: 'oai', model: 'gpt-4o' }] }],
      extra: { responses: { store: false } },
    });
    bareClient = new OpenAI({ apiKey: 'any', baseURL: `${bare.url}/v1`, maxRetries: 0 });
  });
  afterAll(async () => bare?.close());

  it('says store: false, and refuses previous_response_id with the reason', async () => {
    const r = await bareClient.responses.create({ model: 'm', input: 'hello' });
    expect((r as { store?: boolean }).store).toBe(false);
    const error = (await bareClient.responses.create({ model: 'm', previous_response_id: r.id, input: 'x' }).catch((e: unknown) => e)) as {
      status?: number;
      code?: string;
      message?: string;
    };
    expect(error.status).toBe(400);
    expect(error.code).toBe('unsupported_parameter');
    expect(error.message).toContain('no response store');
  });
});
