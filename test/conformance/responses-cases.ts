/** The battery's cases as an OpenAI SDK client of the Responses API sees them (POST /v1/responses to any provider). */
import type OpenAI from 'openai';
import { expect } from 'vitest';
import type { CaseName } from './targets.js';

/** What each case needs. */
export interface ResponsesCaseContext {
  client: OpenAI;
  model: string;
  imageUrl: string;
  imageBase64: string;
  /** False for providers that report reasoning tokens but never reasoning text (OpenAI). */
  reasoningText: boolean;
  lastLogRow(model: string): Promise<Record<string, unknown> | undefined>;
}

const weatherTool = {
  type: 'function' as const,
  name: 'get_weather',
  description: 'Weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  strict: false,
};
const timeTool = { ...weatherTool, name: 'get_time', description: 'Time in a city' };

async function expectStatus(promise: Promise<unknown>, status: number): Promise<{ headers: Headers; error: unknown }> {
  try {
    await promise;
  } catch (err) {
    const e = err as { status?: number; headers: Headers; error: unknown };
    expect(e.status).toBe(status);
    return e;
  }
  throw new Error(`expected HTTP ${status}, got success`);
}

type Output = OpenAI.Responses.ResponseOutputItem;
const calls = (output: Output[]) => output.flatMap((item) => (item.type === 'function_call' ? [item] : []));

/** The cases, by name; `stop` and `embeddings` have no Responses form (see conformance.test.ts). */
export const responsesCases: Record<CaseName, (ctx: ResponsesCaseContext) => Promise<void>> = {
  async text({ client, model }) {
    const r = await client.responses.create({ model, input: 'hello' });
    expect(r.object).toBe('response');
    expect(r.status).toBe('completed');
    expect(r.output_text).toContain('Simulated reply to: hello');
  },
  async system({ client, model }) {
    const r = await client.responses.create({ model, instructions: 'be terse', input: 'hello' });
    expect(r.output_text).toContain('(system: be terse)');
  },
  async 'multi-turn'({ client, model }) {
    const r = await client.responses.create({
      model,
      input: [
        { role: 'user', content: 'first' },
        { role: 'assistant', content: 'answer' },
        { role: 'user', content: 'second' },
      ],
    });
    expect(r.output_text).toContain('Simulated reply to: second');
    expect(r.output_text).toContain('(turns: 3)');
  },
  async tools({ client, model }) {
    const r = await client.responses.create({ model, tools: [weatherTool], input: 'use get_weather for Paris' });
    const [call] = calls(r.output);
    expect(call?.name).toBe('get_weather');
    expect(call?.call_id).toBeTruthy();
    expect(JSON.parse(call!.arguments)).toHaveProperty('city');
  },
  async 'tool results'({ client, model }) {
    // Sent as items, the way a stateless client keeps the conversation.
    const stateless = await client.responses.create({
      model,
      store: false,
      tools: [weatherTool],
      input: [
        { role: 'user', content: 'use get_weather for Paris' },
        { type: 'function_call', call_id: 'call_abc123', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { type: 'function_call_output', call_id: 'call_abc123', output: 'sunny, 21C' },
      ],
    });
    expect(stateless.output_text).toContain('sunny, 21C');
    // Chained onto the stored turn that made the call.
    const first = await client.responses.create({ model, tools: [weatherTool], input: 'use get_weather for Paris' });
    const [call] = calls(first.output);
    const chained = await client.responses.create({
      model,
      previous_response_id: first.id,
      tools: [weatherTool],
      input: [{ type: 'function_call_output', call_id: call!.call_id, output: 'rainy, 12C' }],
    });
    expect(chained.output_text).toContain('rainy, 12C');
  },
  async 'streamed tool calls'({ client, model }) {
    const stream = client.responses.stream({
      model,
      tools: [weatherTool, timeTool],
      parallel_tool_calls: true,
      input: 'use get_weather and get_time for Paris',
    });
    const added = new Set<string>();
    for await (const event of stream) {
      if (event.type === 'response.output_item.added' && event.item.type === 'function_call') added.add(event.item.id!);
      // Each call's item is announced before its arguments stream.
      if (event.type === 'response.function_call_arguments.delta') expect(added.has(event.item_id)).toBe(true);
    }
    const found = calls((await stream.finalResponse()).output);
    expect(found.map((c) => c.name).sort()).toEqual(['get_time', 'get_weather']);
    expect(new Set(found.map((c) => c.call_id)).size).toBe(2);
    for (const call of found) expect(JSON.parse(call.arguments)).toHaveProperty('city');
  },
  async 'image (base64)'({ client, model, imageBase64 }) {
    const r = await client.responses.create({
      model,
      input: [
        {
          role: 'user',
          content: [
            { type: 'input_text', text: 'what is this' },
            { type: 'input_image', image_url: `data:image/png;base64,${imageBase64}`, detail: 'auto' },
          ],
        },
      ],
    });
    expect(r.output_text).toContain('(images: 1)');
  },
  async 'image (URL)'({ client, model, imageUrl }) {
    const r = await client.responses.create({
      model,
      input: [
        {
          role: 'user',
          content: [
            { type: 'input_text', text: 'what is this' },
            { type: 'input_image', image_url: imageUrl, detail: 'auto' },
          ],
        },
      ],
    });
    expect(r.output_text).toContain('(images: 1)');
  },
  async json_schema({ client, model }) {
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
    const parsed = JSON.parse(r.output_text) as { name: unknown; age: unknown };
    expect(typeof parsed.name).toBe('string');
    expect(typeof parsed.age).toBe('number');
  },
  async reasoning({ client, model, reasoningText }) {
    const r = await client.responses.create({ model, reasoning: { effort: 'low', summary: 'auto' }, max_output_tokens: 4000, input: 'think first' });
    expect(r.output_text).toContain('Simulated reply to: think first');
    const reasoning = r.output.find((item) => item.type === 'reasoning');
    // Providers show the reasoning text (as a summary); OpenAI hides it and reports only its token count.
    if (reasoningText) expect(reasoning?.type === 'reasoning' ? reasoning.summary.map((s) => s.text).join('') : '').toBeTruthy();
    else expect(r.usage!.output_tokens_details.reasoning_tokens).toBeGreaterThan(0);
    // Streamed, the reasoning summary arrives before the answer.
    const stream = client.responses.stream({ model, reasoning: { effort: 'low', summary: 'auto' }, max_output_tokens: 4000, input: 'think first' });
    let summary = '';
    let text = '';
    for await (const event of stream) {
      if (event.type === 'response.reasoning_summary_text.delta') {
        expect(text).toBe('');
        summary += event.delta;
      }
      if (event.type === 'response.output_text.delta') text += event.delta;
    }
    expect(text).toContain('Simulated reply to: think first');
    if (reasoningText) expect(summary.length).toBeGreaterThan(0);
  },
  async stop() {
    throw new Error('The Responses API has no stop parameter: the case is not applicable.');
  },
  async logprobs({ client, model }) {
    const r = await client.responses.create({ model, include: ['message.output_text.logprobs'], top_logprobs: 2, input: 'rate my tokens' });
    const message = r.output.find((item) => item.type === 'message');
    const part = message?.type === 'message' ? message.content[0] : undefined;
    const tokens = part?.type === 'output_text' ? (part.logprobs ?? []) : [];
    expect(tokens.length).toBeGreaterThan(0);
    expect(tokens.map((t) => t.token).join('')).toBe(r.output_text);
    for (const token of tokens) {
      expect(token.logprob).toBeLessThanOrEqual(0);
      expect(token.top_logprobs).toHaveLength(2);
    }
    // Streamed, each text delta carries the log-probabilities of its own text.
    const stream = client.responses.stream({ model, include: ['message.output_text.logprobs'], input: 'rate my tokens' });
    let text = '';
    let joined = '';
    for await (const event of stream) {
      if (event.type !== 'response.output_text.delta') continue;
      text += event.delta;
      for (const token of event.logprobs) joined += token.token;
    }
    expect(text).toContain('Simulated reply to: rate my tokens');
    expect(joined).toBe(text);
  },
  async usage({ client, model }) {
    const r = await client.responses.create({ model, input: 'count my tokens please' });
    expect(r.usage!.input_tokens).toBeGreaterThan(0);
    expect(r.usage!.output_tokens).toBeGreaterThan(0);
    expect(r.usage!.total_tokens).toBe(r.usage!.input_tokens + r.usage!.output_tokens);
  },
  async 'usage streamed'({ client, model, lastLogRow }) {
    const stream = client.responses.stream({ model, input: 'usage please' });
    let completed: OpenAI.Responses.Response | undefined;
    for await (const event of stream) if (event.type === 'response.completed') completed = event.response;
    expect(completed?.output_text ?? (await stream.finalResponse()).output_text).toContain('Simulated reply to: usage please');
    expect(completed?.usage?.output_tokens).toBeGreaterThan(0);
    const row = await lastLogRow(model);
    expect(row?.stream).toBe(1);
    expect(row?.operation).toBe('responses');
    expect(Number(row?.output_tokens)).toBeGreaterThan(0);
  },
  async 'error 400'({ client, model }) {
    await expectStatus(client.responses.create({ model, input: 'bad [[sim fault=400]]' }), 400);
  },
  async 'error 401'({ client, model }) {
    await expectStatus(client.responses.create({ model, input: 'who [[sim fault=401]]' }), 401);
  },
  async 'error 429'({ client, model }) {
    const e = await expectStatus(client.responses.create({ model, input: 'slow down [[sim fault=429 retry_after=3]]' }), 429);
    expect(e.headers.get('retry-after')).toBe('3');
    expect((e.error as { code?: string }).code).toBe('upstream_rate_limited');
  },
  async 'error 500'({ client, model }) {
    const e = await expectStatus(client.responses.create({ model, input: 'boom [[sim fault=500]]' }), 500);
    expect((e.error as { code?: string }).code).toBe('upstream_error');
  },
  async embeddings() {
    throw new Error('The Responses API has no embeddings: the case is not applicable.');
  },
};
