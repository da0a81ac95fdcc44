/**
 * LangChain JS cells: invoke, stream, bindTools with the tool result sent back, and
 * withStructuredOutput on ChatOpenAI (Chat Completions mode) and ChatAnthropic; embedQuery and
 * embedDocuments on OpenAIEmbeddings. The chat builder takes the model factory, so
 * responses-cells.ts reuses it for ChatOpenAI's Responses mode.
 */
import { ChatAnthropic } from '@langchain/anthropic';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { type AIMessage, type AIMessageChunk, type BaseMessage, HumanMessage } from '@langchain/core/messages';
import { tool } from '@langchain/core/tools';
import { ChatOpenAI, OpenAIEmbeddings } from '@langchain/openai';
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
import { UPSTREAM_MODELS } from './stack.js';
import type { Family } from './upstream.js';

/** The chat calls every LangChain chat model is tested with. */
export type LangChainChatCall = 'invoke' | 'stream' | 'bindTools + tool result' | 'withStructuredOutput';

/** A chat model class as a cell uses it. */
export interface LangChainChatClient {
  client: string;
  endpoint: string;
  model(ctx: CellContext): BaseChatModel;
  gaps?: Partial<Record<LangChainChatCall, Partial<Record<Family, string>>>>;
}

const usageOf = (message: AIMessage) => ({
  input: message.usage_metadata?.input_tokens,
  output: message.usage_metadata?.output_tokens,
  total: message.usage_metadata?.total_tokens,
});

const weatherTool = () => tool(weatherFor, { name: 'weather', description: 'Weather for a city', schema: z.object({ city: z.string() }) });

const personSchema = z.object({ name: z.string(), age: z.number() });

const CHAT_RUNS: Record<LangChainChatCall, (model: BaseChatModel, ctx: CellContext) => Promise<void>> = {
  async invoke(model, ctx) {
    const prompt = `hello ${ctx.tag}`;
    const reply = await model.invoke(prompt);
    expect(reply.text).toBe(simulatedReply(prompt));
    expectUsage(usageOf(reply), wordCount(simulatedReply(prompt)));
    expect(expectOneUpstreamCall(ctx, false).userTexts).toEqual([prompt]);
  },

  async stream(model, ctx) {
    const prompt = `hello ${ctx.tag}`;
    let whole: AIMessageChunk | undefined;
    let chunks = 0;
    for await (const chunk of await model.stream(prompt)) {
      if (chunk.text !== '') chunks++;
      whole = whole ? whole.concat(chunk) : chunk;
    }
    expect(whole?.text).toBe(simulatedReply(prompt));
    expect(chunks).toBeGreaterThan(1);
    expectUsage(usageOf(whole!), wordCount(simulatedReply(prompt)));
    expect(expectOneUpstreamCall(ctx, true).userTexts).toEqual([prompt]);
  },

  async 'bindTools + tool result'(model, ctx) {
    const weather = weatherTool();
    const withTools = model.bindTools!([weather]);
    const messages: BaseMessage[] = [new HumanMessage(`use weather for Paris ${ctx.tag}`)];
    const first = await withTools.invoke(messages);
    expect(first.tool_calls?.map((c) => [c.name, c.args])).toEqual([['weather', { city: 'sample city' }]]);
    messages.push(first);
    for (const call of first.tool_calls ?? []) messages.push(await weather.invoke(call));
    const second = await withTools.invoke(messages);
    expect(second.text).toBe(toolResultsReply(WEATHER_RESULT));
    expectUsage(usageOf(first));
    expectUsage(usageOf(second), wordCount(toolResultsReply(WEATHER_RESULT)));
    expectToolRoundTrip(ctx, false);
  },

  async withStructuredOutput(model, ctx) {
    const structured = model.withStructuredOutput(personSchema, { includeRaw: true });
    const { raw, parsed } = await structured.invoke(`a person ${ctx.tag}`);
    expect(parsed).toEqual(SAMPLE_PERSON);
    expectUsage(usageOf(raw as AIMessage));
    expectPersonSchema(expectOneUpstreamCall(ctx, false));
  },
};

/** Chat cells for one chat model class. */
export function langchainChatCells(client: LangChainChatClient): ClientCell[] {
  return (Object.keys(CHAT_RUNS) as LangChainChatCall[]).map((call) => ({
    library: 'LangChain JS',
    client: client.client,
    endpoint: client.endpoint,
    call,
    ...(client.gaps?.[call] ? { gaps: client.gaps[call] } : {}),
    run: (ctx) => CHAT_RUNS[call](client.model(ctx), ctx),
  }));
}

const embeddings = (ctx: CellContext) =>
  new OpenAIEmbeddings({ model: ctx.embeddingModel, apiKey: 'client-matrix', configuration: { baseURL: `${ctx.gatewayUrl}/v1` }, maxRetries: 0 });

function expectEmbeddingUpstream(ctx: CellContext, inputs: string[]): void {
  const calls = ctx.upstream();
  expect(calls.length).toBeGreaterThan(0);
  for (const call of calls) expect(call.model).toBe(UPSTREAM_MODELS[ctx.family].embeddings);
  expect(calls.flatMap((call) => call.embeddingInputs)).toEqual(inputs);
}

const isVector = (vector: number[]) => vector.length > 0 && vector.every(Number.isFinite);

const NO_ANTHROPIC_EMBEDDINGS = { anthropic: 'Anthropic has no embeddings API' };

const embeddingCells: ClientCell[] = [
  {
    library: 'LangChain JS',
    client: '`OpenAIEmbeddings`',
    endpoint: '/v1/embeddings',
    call: 'embedQuery',
    refused: NO_ANTHROPIC_EMBEDDINGS,
    async run(ctx) {
      const text = `hello ${ctx.tag}`;
      expect(isVector(await embeddings(ctx).embedQuery(text))).toBe(true);
      expectEmbeddingUpstream(ctx, [text]);
    },
  },
  {
    library: 'LangChain JS',
    client: '`OpenAIEmbeddings`',
    endpoint: '/v1/embeddings',
    call: 'embedDocuments',
    refused: NO_ANTHROPIC_EMBEDDINGS,
    async run(ctx) {
      const texts = [`first ${ctx.tag}`, `second ${ctx.tag}`];
      const vectors = await embeddings(ctx).embedDocuments(texts);
      expect(vectors).toHaveLength(2);
      expect(vectors.every(isVector)).toBe(true);
      expectEmbeddingUpstream(ctx, texts);
    },
  },
];

/** Every LangChain cell that runs today (Chat Completions, Messages, embeddings). */
export const langchainCells: ClientCell[] = [
  ...langchainChatCells({
    client: '`ChatOpenAI`',
    endpoint: '/v1/chat/completions',
    model: (ctx) =>
      new ChatOpenAI({ model: ctx.model, apiKey: 'client-matrix', configuration: { baseURL: `${ctx.gatewayUrl}/v1` }, maxRetries: 0, useResponsesApi: false }),
  }),
  ...langchainChatCells({
    client: '`ChatAnthropic`',
    endpoint: '/v1/messages',
    model: (ctx) => new ChatAnthropic({ model: ctx.model, apiKey: 'client-matrix', anthropicApiUrl: ctx.gatewayUrl, maxRetries: 0 }),
  }),
  ...embeddingCells,
];
