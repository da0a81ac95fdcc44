/** The battery's cases as an OpenAI SDK client sees them (POST /v1/chat/completions, /v1/embeddings). */
import type OpenAI from 'openai';
import { expect } from 'vitest';
import type { CaseName } from './targets.js';

/** What each case needs. */
export interface CaseContext {
  client: OpenAI;
  /** Alias of the chat model under test. */
  model: string;
  /** Alias of the embedding model, when the provider has one. */
  embeddingModel?: string;
  /** URL of a PNG served by the simulator. */
  imageUrl: string;
  /** A 1x1 PNG as base64. */
  imageBase64: string;
  /** False for providers that report reasoning tokens but never reasoning text (OpenAI). */
  reasoningText: boolean;
  /** False for providers whose embeddings API reports no token count (Gemini AI Studio). */
  embeddingUsageReported: boolean;
  /** Reads the last request-log row for this model alias. */
  lastLogRow(model: string): Promise<Record<string, unknown> | undefined>;
}

const weatherTool = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};
const timeTool = {
  type: 'function' as const,
  function: { name: 'get_time', description: 'Time in a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
};

async function expectStatus(promise: Promise<unknown>, status: number): Promise<Record<string, unknown>> {
  try {
    await promise;
  } catch (err) {
    const e = err as { status?: number; headers?: Headers; error?: unknown };
    expect(e.status).toBe(status);
    return e as Record<string, unknown>;
  }
  throw new Error(`expected HTTP ${status}, got success`);
}

/** The cases, by name. */
export const openaiCases: Record<CaseName, (ctx: CaseContext) => Promise<void>> = {
  async text({ client, model }) {
    const r = await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'hello' }] });
    expect(r.choices[0]!.message.content).toContain('Simulated reply to: hello');
    expect(r.choices[0]!.finish_reason).toBe('stop');
    expect(r.object).toBe('chat.completion');
  },
  async system({ client, model }) {
    const r = await client.chat.completions.create({
      model,
      messages: [
        { role: 'system', content: 'be terse' },
        { role: 'user', content: 'hello' },
      ],
    });
    expect(r.choices[0]!.message.content).toContain('(system: be terse)');
  },
  async 'multi-turn'({ client, model }) {
    const r = await client.chat.completions.create({
      model,
      messages: [
        { role: 'user', content: 'first' },
        { role: 'assistant', content: 'answer' },
        { role: 'user', content: 'second' },
      ],
    });
    expect(r.choices[0]!.message.content).toContain('Simulated reply to: second');
    expect(r.choices[0]!.message.content).toContain('(turns: 3)');
  },
  async tools({ client, model }) {
    const r = await client.chat.completions.create({ model, tools: [weatherTool], messages: [{ role: 'user', content: 'use get_weather for Paris' }] });
    const call = r.choices[0]!.message.tool_calls?.[0];
    expect(r.choices[0]!.finish_reason).toBe('tool_calls');
    expect(call?.type).toBe('function');
    if (call?.type !== 'function') return;
    expect(call.function.name).toBe('get_weather');
    expect(call.id).toBeTruthy();
    expect(JSON.parse(call.function.arguments)).toHaveProperty('city');
  },
  async 'tool results'({ client, model }) {
    const r = await client.chat.completions.create({
      model,
      tools: [weatherTool],
      messages: [
        { role: 'user', content: 'use get_weather for Paris' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'call_abc123', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
        },
        { role: 'tool', tool_call_id: 'call_abc123', content: 'sunny, 21C' },
      ],
    });
    expect(r.choices[0]!.message.content).toContain('sunny, 21C');
  },
  async 'streamed tool calls'({ client, model }) {
    const stream = await client.chat.completions.create({
      model,
      stream: true,
      tools: [weatherTool, timeTool],
      parallel_tool_calls: true,
      messages: [{ role: 'user', content: 'use get_weather and get_time for Paris' }],
    });
    const calls: Array<{ id?: string; name?: string; args: string; fragments: number }> = [];
    let first = true;
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      if (!choice) continue;
      if (first) {
        expect(choice.delta.role).toBe('assistant');
        first = false;
      }
      for (const fragment of choice.delta.tool_calls ?? []) {
        const existing = calls[fragment.index];
        if (!existing) {
          // The first fragment of each call carries its id and name.
          expect(fragment.id).toBeTruthy();
          expect(fragment.function?.name).toBeTruthy();
          calls[fragment.index] = { id: fragment.id, name: fragment.function?.name, args: fragment.function?.arguments ?? '', fragments: 1 };
        } else {
          expect(fragment.id).toBeUndefined();
          existing.args += fragment.function?.arguments ?? '';
          existing.fragments++;
        }
      }
      if (choice.finish_reason) finish = choice.finish_reason;
    }
    expect(finish).toBe('tool_calls');
    expect(calls.map((c) => c.name).sort()).toEqual(['get_time', 'get_weather']);
    expect(new Set(calls.map((c) => c.id)).size).toBe(2);
    for (const call of calls) expect(JSON.parse(call.args)).toHaveProperty('city');
  },
  async 'image (base64)'({ client, model, imageBase64 }) {
    const r = await client.chat.completions.create({
      model,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'what is this' },
            { type: 'image_url', image_url: { url: `data:image/png;base64,${imageBase64}` } },
          ],
        },
      ],
    });
    expect(r.choices[0]!.message.content).toContain('(images: 1)');
  },
  async 'image (URL)'({ client, model, imageUrl }) {
    const r = await client.chat.completions.create({
      model,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'what is this' },
            { type: 'image_url', image_url: { url: imageUrl } },
          ],
        },
      ],
    });
    expect(r.choices[0]!.message.content).toContain('(images: 1)');
  },
  async json_schema({ client, model }) {
    const r = await client.chat.completions.create({
      model,
      messages: [{ role: 'user', content: 'give me a person' }],
      response_format: {
        type: 'json_schema',
        json_schema: {
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
    const parsed = JSON.parse(r.choices[0]!.message.content ?? '');
    expect(typeof parsed.name).toBe('string');
    expect(typeof parsed.age).toBe('number');
  },
  async reasoning({ client, model, reasoningText }) {
    const r = await client.chat.completions.create({
      model,
      reasoning_effort: 'low',
      max_completion_tokens: 4000,
      messages: [{ role: 'user', content: 'think first' }],
    });
    const message = r.choices[0]!.message as { content: string | null; reasoning_content?: string };
    expect(message.content).toContain('Simulated reply to: think first');
    // Providers show the reasoning text; OpenAI hides it and reports only its token count.
    if (reasoningText) expect(message.reasoning_content).toBeTruthy();
    else expect(r.usage!.completion_tokens_details?.reasoning_tokens ?? 0).toBeGreaterThan(0);
    // Streamed, the reasoning arrives as reasoning_content deltas before the answer.
    const stream = await client.chat.completions.create({
      model,
      stream: true,
      reasoning_effort: 'low',
      max_completion_tokens: 4000,
      messages: [{ role: 'user', content: 'think first' }],
    });
    let reasoning = '';
    let text = '';
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta as { content?: string; reasoning_content?: string } | undefined;
      reasoning += delta?.reasoning_content ?? '';
      text += delta?.content ?? '';
    }
    expect(text).toContain('Simulated reply to: think first');
    if (reasoningText) expect(reasoning.length).toBeGreaterThan(0);
  },
  async stop({ client, model }) {
    const r = await client.chat.completions.create({ model, stop: ['STOP'], messages: [{ role: 'user', content: 'alpha beta STOP gamma' }] });
    expect(r.choices[0]!.message.content).toContain('alpha beta');
    expect(r.choices[0]!.message.content).not.toContain('gamma');
    expect(r.choices[0]!.finish_reason).toBe('stop');
  },
  async logprobs({ client, model }) {
    const r = await client.chat.completions.create({ model, logprobs: true, top_logprobs: 2, messages: [{ role: 'user', content: 'rate my tokens' }] });
    const choice = r.choices[0]!;
    const tokens = choice.logprobs?.content ?? [];
    expect(tokens.length).toBeGreaterThan(0);
    expect(tokens.map((t) => t.token).join('')).toBe(choice.message.content);
    for (const token of tokens) {
      expect(token.logprob).toBeLessThanOrEqual(0);
      expect(token.top_logprobs).toHaveLength(2);
    }
    // Streamed, each chunk carries the log-probabilities of its own text.
    const stream = await client.chat.completions.create({ model, stream: true, logprobs: true, messages: [{ role: 'user', content: 'rate my tokens' }] });
    let text = '';
    let joined = '';
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      for (const token of chunk.choices[0]?.logprobs?.content ?? []) joined += token.token;
    }
    expect(text).toContain('Simulated reply to: rate my tokens');
    expect(joined).toBe(text);
  },
  async usage({ client, model }) {
    const r = await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'count my tokens please' }] });
    expect(r.usage!.prompt_tokens).toBeGreaterThan(0);
    expect(r.usage!.completion_tokens).toBeGreaterThan(0);
    expect(r.usage!.total_tokens).toBe(r.usage!.prompt_tokens + r.usage!.completion_tokens);
  },
  async 'usage streamed'({ client, model, lastLogRow }) {
    const withUsage = await client.chat.completions.create({
      model,
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'usage please' }],
    });
    let usageChunk: OpenAI.CompletionUsage | undefined;
    let text = '';
    for await (const chunk of withUsage) {
      if (chunk.usage) {
        usageChunk = chunk.usage;
        expect(chunk.choices).toEqual([]);
      }
      text += chunk.choices[0]?.delta.content ?? '';
    }
    expect(text).toContain('Simulated reply to: usage please');
    expect(usageChunk?.completion_tokens).toBeGreaterThan(0);
    // Without include_usage the client gets no usage chunk, but the gateway still counts it.
    const without = await client.chat.completions.create({ model, stream: true, messages: [{ role: 'user', content: 'no usage for me' }] });
    for await (const chunk of without) expect(chunk.usage ?? undefined).toBeUndefined();
    const row = await lastLogRow(model);
    expect(row?.stream).toBe(1);
    expect(Number(row?.output_tokens)).toBeGreaterThan(0);
  },
  async 'error 400'({ client, model }) {
    await expectStatus(client.chat.completions.create({ model, messages: [{ role: 'user', content: 'bad [[sim fault=400]]' }] }), 400);
  },
  async 'error 401'({ client, model }) {
    await expectStatus(client.chat.completions.create({ model, messages: [{ role: 'user', content: 'who [[sim fault=401]]' }] }), 401);
  },
  async 'error 429'({ client, model }) {
    const e = await expectStatus(
      client.chat.completions.create({ model, messages: [{ role: 'user', content: 'slow down [[sim fault=429 retry_after=3]]' }] }),
      429,
    );
    expect((e.headers as Headers).get('retry-after')).toBe('3');
    expect((e.error as { code?: string }).code).toBe('upstream_rate_limited');
  },
  async 'error 500'({ client, model }) {
    const e = await expectStatus(client.chat.completions.create({ model, messages: [{ role: 'user', content: 'boom [[sim fault=500]]' }] }), 500);
    expect((e.error as { code?: string }).code).toBe('upstream_error');
  },
  async embeddings({ client, embeddingModel, embeddingUsageReported }) {
    const r = await client.embeddings.create({ model: embeddingModel!, input: ['first text', 'second text'] });
    expect(r.data).toHaveLength(2);
    expect(r.data[0]!.embedding.length).toBeGreaterThan(0);
    expect(r.data[0]!.embedding).not.toEqual(r.data[1]!.embedding);
    if (embeddingUsageReported) expect(r.usage.prompt_tokens).toBeGreaterThan(0);
    else expect(r.usage.prompt_tokens).toBe(0);
  },
};
