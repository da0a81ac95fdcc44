/**
 * Vercel AI SDK cells: generateText, streamText, a tool loop with results sent back (stopWhen),
 * streamed tool calls, generateObject/streamObject and embed/embedMany, each through a provider
 * package pointed at the gateway. The builders take the provider's model factory, so the same
 * cells cover `@ai-sdk/openai` `.chat()`, `@ai-sdk/anthropic`, `@ai-sdk/openai-compatible` and
 * (in responses-cells.ts) the Responses API.
 */
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { type EmbeddingModel, embed, embedMany, generateObject, generateText, type LanguageModel, stepCountIs, streamObject, streamText, tool } from 'ai';
import { expect } from 'vitest';
import { z } from 'zod';
import {
  type CellContext,
  type ClientCell,
  expectOneUpstreamCall,
  expectPersonSchema,
  expectToolRoundTrip,
  expectUsage,
  SAMPLE_PERSON,
  simulatedReply,
  toolResultsReply,
  WEATHER_RESULT,
  weatherFor,
  wordCount,
} from './cell.js';
import { EMBEDDING_USAGE_REPORTED, UPSTREAM_MODELS } from './stack.js';
import type { Family } from './upstream.js';

/** The chat calls every Vercel AI SDK chat client is tested with. */
export type VercelChatCall = 'generateText' | 'streamText' | 'tool loop (stopWhen)' | 'streamed tool calls' | 'generateObject' | 'streamObject';

/** The embeddings calls. */
export type VercelEmbeddingCall = 'embed' | 'embedMany';

/** A provider package as a cell uses it. */
export interface VercelClient<M> {
  client: string;
  endpoint: string;
  model(ctx: CellContext): M;
  refused?: Partial<Record<string, Partial<Record<Family, string>>>>;
}

const personSchema = z.object({ name: z.string(), age: z.number() });

const weatherTool = () => tool({ description: 'Weather for a city', inputSchema: z.object({ city: z.string() }), execute: weatherFor });

const usageOf = (usage: { inputTokens?: number; outputTokens?: number; totalTokens?: number }) => ({
  input: usage.inputTokens,
  output: usage.outputTokens,
  total: usage.totalTokens,
});

/** Errors in a stream arrive as parts; the stream's default onError only logs them. */
const quiet = () => {};

type ChatRun = (model: LanguageModel, ctx: CellContext) => Promise<void>;

const CHAT_RUNS: Record<VercelChatCall, ChatRun> = {
  async generateText(model, ctx) {
    const prompt = `hello ${ctx.tag}`;
    const result = await generateText({ model, prompt, maxRetries: 0 });
    expect(result.text).toBe(simulatedReply(prompt));
    expect(result.finishReason).toBe('stop');
    expectUsage(usageOf(result.usage), wordCount(result.text));
    expect(expectOneUpstreamCall(ctx, false).userTexts).toEqual([prompt]);
  },

  async streamText(model, ctx) {
    const prompt = `hello ${ctx.tag}`;
    const result = streamText({ model, prompt, maxRetries: 0, onError: quiet });
    const deltas: string[] = [];
    for await (const part of result.fullStream) {
      if (part.type === 'error') throw part.error;
      if (part.type === 'text-delta') deltas.push(part.text);
    }
    expect(deltas.join('')).toBe(simulatedReply(prompt));
    expect(deltas.length).toBeGreaterThan(1);
    expect(await result.finishReason).toBe('stop');
    expectUsage(usageOf(await result.usage), wordCount(simulatedReply(prompt)));
    expect(expectOneUpstreamCall(ctx, true).userTexts).toEqual([prompt]);
  },

  async 'tool loop (stopWhen)'(model, ctx) {
    const result = await generateText({
      model,
      prompt: `use weather for Paris ${ctx.tag}`,
      tools: { weather: weatherTool() },
      stopWhen: stepCountIs(3),
      maxRetries: 0,
    });
    expect(result.steps).toHaveLength(2);
    expect(result.steps[0]!.toolCalls.map((c) => [c.toolName, c.input])).toEqual([['weather', { city: 'sample city' }]]);
    expect(result.steps[0]!.toolResults.map((r) => r.output)).toEqual([WEATHER_RESULT]);
    expect(result.text).toBe(toolResultsReply(WEATHER_RESULT));
    expectUsage(usageOf(result.totalUsage));
    expectToolRoundTrip(ctx, false);
  },

  async 'streamed tool calls'(model, ctx) {
    const result = streamText({
      model,
      prompt: `use weather for Paris ${ctx.tag}`,
      tools: { weather: weatherTool() },
      stopWhen: stepCountIs(3),
      maxRetries: 0,
      onError: quiet,
    });
    const inputs = new Map<string, string>();
    const calls: unknown[] = [];
    let text = '';
    for await (const part of result.fullStream) {
      if (part.type === 'error') throw part.error;
      if (part.type === 'tool-input-start') inputs.set(part.id, '');
      if (part.type === 'tool-input-delta') inputs.set(part.id, (inputs.get(part.id) ?? '') + part.delta);
      if (part.type === 'tool-call') calls.push([part.toolName, part.input]);
      if (part.type === 'text-delta') text += part.text;
    }
    expect([...inputs.values()].map((json) => JSON.parse(json))).toEqual([{ city: 'sample city' }]);
    expect(calls).toEqual([['weather', { city: 'sample city' }]]);
    expect(text).toBe(toolResultsReply(WEATHER_RESULT));
    expectUsage(usageOf(await result.totalUsage));
    expectToolRoundTrip(ctx, true);
  },

  async generateObject(model, ctx) {
    const result = await generateObject({ model, schema: personSchema, prompt: `a person ${ctx.tag}`, maxRetries: 0 });
    expect(result.object).toEqual(SAMPLE_PERSON);
    expectUsage(usageOf(result.usage));
    expectPersonSchema(expectOneUpstreamCall(ctx, false));
  },

  async streamObject(model, ctx) {
    const result = streamObject({ model, schema: personSchema, prompt: `a person ${ctx.tag}`, maxRetries: 0, onError: quiet });
    let partials = 0;
    for await (const part of result.fullStream) {
      if (part.type === 'error') throw part.error;
      if (part.type === 'object') partials++;
    }
    expect(partials).toBeGreaterThan(0);
    expect(await result.object).toEqual(SAMPLE_PERSON);
    expectUsage(usageOf(await result.usage));
    expectPersonSchema(expectOneUpstreamCall(ctx, true));
  },
};

type EmbeddingRun = (model: EmbeddingModel, ctx: CellContext) => Promise<void>;

function expectVector(vector: number[]): void {
  expect(vector.length).toBeGreaterThan(0);
  expect(vector.every(Number.isFinite)).toBe(true);
}

function expectEmbeddingUpstream(ctx: CellContext, inputs: string[]): void {
  const calls = ctx.upstream();
  expect(calls.length).toBeGreaterThan(0);
  for (const call of calls) expect(call.model).toBe(UPSTREAM_MODELS[ctx.family].embeddings);
  expect(calls.flatMap((call) => call.embeddingInputs)).toEqual(inputs);
}

function expectEmbeddingUsage(ctx: CellContext, tokens: number): void {
  if (EMBEDDING_USAGE_REPORTED[ctx.family]) expect(tokens).toBeGreaterThan(0);
  else expect(tokens).toBe(0);
}

const EMBEDDING_RUNS: Record<VercelEmbeddingCall, EmbeddingRun> = {
  async embed(model, ctx) {
    const value = `hello ${ctx.tag}`;
    const result = await embed({ model, value, maxRetries: 0 });
    expectVector(result.embedding);
    expectEmbeddingUsage(ctx, result.usage.tokens);
    expectEmbeddingUpstream(ctx, [value]);
  },

  async embedMany(model, ctx) {
    const values = [`first ${ctx.tag}`, `second ${ctx.tag}`];
    const result = await embedMany({ model, values, maxRetries: 0 });
    expect(result.embeddings).toHaveLength(2);
    result.embeddings.forEach(expectVector);
    expectEmbeddingUsage(ctx, result.usage.tokens);
    expectEmbeddingUpstream(ctx, values);
  },
};

/** Chat cells for one provider package. */
export function vercelChatCells(client: VercelClient<LanguageModel>, calls = Object.keys(CHAT_RUNS) as VercelChatCall[]): ClientCell[] {
  return calls.map((call) => ({
    library: 'Vercel AI SDK',
    client: client.client,
    endpoint: client.endpoint,
    call,
    ...(client.refused?.[call] ? { refused: client.refused[call] } : {}),
    run: (ctx) => CHAT_RUNS[call](client.model(ctx), ctx),
  }));
}

const NO_ANTHROPIC_EMBEDDINGS = { anthropic: 'Anthropic has no embeddings API' };

/** Embeddings cells for one provider package. */
export function vercelEmbeddingCells(client: VercelClient<EmbeddingModel>): ClientCell[] {
  return (Object.keys(EMBEDDING_RUNS) as VercelEmbeddingCall[]).map((call) => ({
    library: 'Vercel AI SDK',
    client: client.client,
    endpoint: client.endpoint,
    call,
    refused: NO_ANTHROPIC_EMBEDDINGS,
    run: (ctx) => EMBEDDING_RUNS[call](client.model(ctx), ctx),
  }));
}

const openai = (ctx: CellContext) => createOpenAI({ baseURL: `${ctx.gatewayUrl}/v1`, apiKey: 'client-matrix' });
const compatible = (ctx: CellContext) =>
  // supportsStructuredOutputs: the gateway takes json_schema response formats for every provider;
  // without it the package sends json_object and only puts the schema in a warning.
  createOpenAICompatible({
    name: 'switchboard',
    baseURL: `${ctx.gatewayUrl}/v1`,
    apiKey: 'client-matrix',
    includeUsage: true,
    supportsStructuredOutputs: true,
  });

/** Every Vercel AI SDK cell that runs today (Chat Completions, Messages, embeddings). */
export const vercelAiCells: ClientCell[] = [
  ...vercelChatCells({ client: '`@ai-sdk/openai` `.chat()`', endpoint: '/v1/chat/completions', model: (ctx) => openai(ctx).chat(ctx.model) }),
  ...vercelEmbeddingCells({ client: '`@ai-sdk/openai` `.embedding()`', endpoint: '/v1/embeddings', model: (ctx) => openai(ctx).embedding(ctx.embeddingModel) }),
  ...vercelChatCells({
    client: '`@ai-sdk/anthropic`',
    endpoint: '/v1/messages',
    model: (ctx) => createAnthropic({ baseURL: `${ctx.gatewayUrl}/v1`, apiKey: 'client-matrix' })(ctx.model),
  }),
  ...vercelChatCells({ client: '`@ai-sdk/openai-compatible`', endpoint: '/v1/chat/completions', model: (ctx) => compatible(ctx).chatModel(ctx.model) }),
  ...vercelEmbeddingCells({
    client: '`@ai-sdk/openai-compatible` `.embeddingModel()`',
    endpoint: '/v1/embeddings',
    model: (ctx) => compatible(ctx).embeddingModel(ctx.embeddingModel),
  }),
];
