/** The battery's cases as an Anthropic SDK client sees them (POST /v1/messages to any provider). */
import type Anthropic from '@anthropic-ai/sdk';
import { expect } from 'vitest';
import type { CaseName } from './targets.js';

/** What each case needs. */
export interface AnthropicCaseContext {
  client: Anthropic;
  model: string;
  imageUrl: string;
  imageBase64: string;
  lastLogRow(model: string): Promise<Record<string, unknown> | undefined>;
  /** False for providers that hide reasoning text (OpenAI): no thinking block comes back. */
  reasoningText: boolean;
  /** Whether the provider reports which stop sequence ended the output (only Anthropic does). */
  reportsStopSequence: boolean;
}

type Params = Anthropic.MessageCreateParamsNonStreaming;

const weatherTool = {
  name: 'get_weather',
  description: 'Weather for a city',
  input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] },
};
const timeTool = {
  name: 'get_time',
  description: 'Time in a city',
  input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] },
};

function textOf(message: Anthropic.Message): string {
  return message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
}

async function expectStatus(promise: Promise<unknown>, status: number): Promise<{ status: number; headers: Headers; error: unknown }> {
  try {
    await promise;
  } catch (err) {
    const e = err as { status: number; headers: Headers; error: unknown };
    expect(e.status).toBe(status);
    return e;
  }
  throw new Error(`expected HTTP ${status}, got success`);
}

/** The cases, by name. */
export const anthropicCases: Record<CaseName, (ctx: AnthropicCaseContext) => Promise<void>> = {
  async text({ client, model }) {
    const m = await client.messages.create({ model, max_tokens: 256, messages: [{ role: 'user', content: 'hello' }] });
    expect(m.type).toBe('message');
    expect(m.role).toBe('assistant');
    expect(textOf(m)).toContain('Simulated reply to: hello');
    expect(m.stop_reason).toBe('end_turn');
  },
  async system({ client, model }) {
    const m = await client.messages.create({ model, max_tokens: 256, system: 'be terse', messages: [{ role: 'user', content: 'hello' }] });
    expect(textOf(m)).toContain('(system: be terse)');
  },
  async 'multi-turn'({ client, model }) {
    const m = await client.messages.create({
      model,
      max_tokens: 256,
      messages: [
        { role: 'user', content: 'first' },
        { role: 'assistant', content: 'answer' },
        { role: 'user', content: 'second' },
      ],
    });
    expect(textOf(m)).toContain('Simulated reply to: second');
    expect(textOf(m)).toContain('(turns: 3)');
  },
  async tools({ client, model }) {
    const m = await client.messages.create({
      model,
      max_tokens: 256,
      tools: [weatherTool],
      messages: [{ role: 'user', content: 'use get_weather for Paris' }],
    });
    expect(m.stop_reason).toBe('tool_use');
    const call = m.content.find((b) => b.type === 'tool_use');
    expect(call?.type).toBe('tool_use');
    if (call?.type !== 'tool_use') return;
    expect(call.name).toBe('get_weather');
    expect(call.id).toBeTruthy();
    expect(call.input).toHaveProperty('city');
  },
  async 'tool results'({ client, model }) {
    const m = await client.messages.create({
      model,
      max_tokens: 256,
      tools: [weatherTool],
      messages: [
        { role: 'user', content: 'use get_weather for Paris' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_abc123', name: 'get_weather', input: { city: 'Paris' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_abc123', content: 'sunny, 21C' }] },
      ],
    });
    expect(textOf(m)).toContain('sunny, 21C');
  },
  async 'streamed tool calls'({ client, model }) {
    const stream = client.messages.stream({
      model,
      max_tokens: 256,
      tools: [weatherTool, timeTool],
      messages: [{ role: 'user', content: 'use get_weather and get_time for Paris' }],
    });
    const starts: Array<{ index: number; id: string; name: string }> = [];
    const json = new Map<number, string>();
    const events: string[] = [];
    for await (const event of stream) {
      events.push(event.type);
      if (event.type === 'content_block_start' && event.content_block.type === 'tool_use') {
        starts.push({ index: event.index, id: event.content_block.id, name: event.content_block.name });
        json.set(event.index, '');
      }
      if (event.type === 'content_block_delta' && event.delta.type === 'input_json_delta') {
        json.set(event.index, (json.get(event.index) ?? '') + event.delta.partial_json);
      }
    }
    const final = await stream.finalMessage();
    expect(events[0]).toBe('message_start');
    expect(events.at(-1)).toBe('message_stop');
    expect(final.stop_reason).toBe('tool_use');
    expect(starts.map((s) => s.name).sort()).toEqual(['get_time', 'get_weather']);
    for (const start of starts) expect(JSON.parse(json.get(start.index) ?? '')).toHaveProperty('city');
    const uses = final.content.filter((b) => b.type === 'tool_use');
    expect(uses).toHaveLength(2);
  },
  async 'image (base64)'({ client, model, imageBase64 }) {
    const m = await client.messages.create({
      model,
      max_tokens: 256,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'what is this' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: imageBase64 } },
          ],
        },
      ],
    });
    expect(textOf(m)).toContain('(images: 1)');
  },
  async 'image (URL)'({ client, model, imageUrl }) {
    const m = await client.messages.create({
      model,
      max_tokens: 256,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'what is this' },
            { type: 'image', source: { type: 'url', url: imageUrl } },
          ],
        },
      ],
    });
    expect(textOf(m)).toContain('(images: 1)');
  },
  async json_schema({ client, model }) {
    const params = {
      model,
      max_tokens: 256,
      messages: [{ role: 'user', content: 'give me a person' }],
      output_config: {
        format: {
          type: 'json_schema',
          schema: {
            type: 'object',
            properties: { name: { type: 'string' }, age: { type: 'integer' } },
            required: ['name', 'age'],
            additionalProperties: false,
          },
        },
      },
    } as unknown as Params;
    const m = await client.messages.create(params);
    const parsed = JSON.parse(textOf(m));
    expect(typeof parsed.name).toBe('string');
    expect(typeof parsed.age).toBe('number');
  },
  async reasoning({ client, model, reasoningText }) {
    const m = await client.messages.create({
      model,
      max_tokens: 4096,
      thinking: { type: 'enabled', budget_tokens: 2048 },
      messages: [{ role: 'user', content: 'think first' }],
    });
    expect(textOf(m)).toContain('Simulated reply to: think first');
    const thinking = m.content.filter((b) => b.type === 'thinking');
    if (reasoningText) {
      expect(thinking).toHaveLength(1);
      expect(m.content[0]!.type).toBe('thinking');
    } else expect(thinking).toHaveLength(0);
  },
  async logprobs() {
    throw new Error('not applicable: the Anthropic Messages API has no logprobs parameter');
  },
  async stop({ client, model, reportsStopSequence }) {
    const m = await client.messages.create({
      model,
      max_tokens: 256,
      stop_sequences: ['STOP'],
      messages: [{ role: 'user', content: 'alpha beta STOP gamma' }],
    });
    expect(textOf(m)).toContain('alpha beta');
    expect(textOf(m)).not.toContain('gamma');
    // Other providers stop at the sequence but do not say which one matched: end_turn, as documented.
    expect(m.stop_reason).toBe(reportsStopSequence ? 'stop_sequence' : 'end_turn');
    expect(m.stop_sequence).toBe(reportsStopSequence ? 'STOP' : null);
  },
  async usage({ client, model }) {
    const m = await client.messages.create({ model, max_tokens: 256, messages: [{ role: 'user', content: 'count my tokens please' }] });
    expect(m.usage.input_tokens).toBeGreaterThan(0);
    expect(m.usage.output_tokens).toBeGreaterThan(0);
  },
  async 'usage streamed'({ client, model, lastLogRow }) {
    const stream = client.messages.stream({ model, max_tokens: 256, messages: [{ role: 'user', content: 'usage please' }] });
    let text = '';
    for await (const event of stream) {
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
    }
    const final = await stream.finalMessage();
    expect(text).toContain('Simulated reply to: usage please');
    expect(final.usage.output_tokens).toBeGreaterThan(0);
    expect(final.usage.input_tokens).toBeGreaterThan(0);
    const row = await lastLogRow(model);
    expect(row?.stream).toBe(1);
    expect(row?.ingress).toBe('anthropic');
    expect(Number(row?.output_tokens)).toBeGreaterThan(0);
  },
  async 'error 400'({ client, model }) {
    const e = await expectStatus(client.messages.create({ model, max_tokens: 64, messages: [{ role: 'user', content: 'bad [[sim fault=400]]' }] }), 400);
    expect((e.error as { type: string; error: { type: string } }).error.type).toBe('invalid_request_error');
  },
  async 'error 401'({ client, model }) {
    const e = await expectStatus(client.messages.create({ model, max_tokens: 64, messages: [{ role: 'user', content: 'who [[sim fault=401]]' }] }), 401);
    expect((e.error as { error: { type: string } }).error.type).toBe('authentication_error');
  },
  async 'error 429'({ client, model }) {
    const e = await expectStatus(
      client.messages.create({ model, max_tokens: 64, messages: [{ role: 'user', content: 'slow [[sim fault=429 retry_after=3]]' }] }),
      429,
    );
    expect(e.headers.get('retry-after')).toBe('3');
    expect((e.error as { error: { type: string } }).error.type).toBe('rate_limit_error');
  },
  async 'error 500'({ client, model }) {
    const e = await expectStatus(client.messages.create({ model, max_tokens: 64, messages: [{ role: 'user', content: 'boom [[sim fault=500]]' }] }), 500);
    expect((e.error as { error: { type: string } }).error.type).toBe('api_error');
  },
  async embeddings() {
    throw new Error('not applicable: the Anthropic Messages API has no embeddings endpoint');
  },
};
