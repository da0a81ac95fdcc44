/**
 * OpenAI Agents SDK cells: an Agent with a function tool, run and run streamed, through
 * OpenAIChatCompletionsModel. The builder takes the model factory, so responses-cells.ts reuses
 * it for the SDK's default OpenAIResponsesModel.
 */
import { Agent, type Model, OpenAIChatCompletionsModel, run, setTracingDisabled, tool } from '@openai/agents';
import OpenAI from 'openai';
import { expect } from 'vitest';
import { z } from 'zod';
import { type CellContext, type ClientCell, expectToolRoundTrip, expectUsage, toolResultsReply, WEATHER_RESULT, weatherFor } from './cell.js';

// Traces would be exported to api.openai.com; the tests must not need the internet.
setTracingDisabled(true);

/** The calls every agent model is tested with. */
export type AgentsCall = 'run (function tool)' | 'run streamed (function tool)';

/** A model class as a cell uses it. */
export interface AgentsClient {
  client: string;
  endpoint: string;
  model(ctx: CellContext): Model;
}

const INSTRUCTIONS = 'Answer with the weather tool.';

function weatherAgent(model: Model): Agent {
  const weather = tool({ name: 'weather', description: 'Weather for a city', parameters: z.object({ city: z.string() }), execute: weatherFor });
  return new Agent({ name: 'weather agent', instructions: INSTRUCTIONS, model, tools: [weather] });
}

/** The tool call and its output are run items; the upstream got both requests with the instructions. */
function expectToolItems(items: Array<{ type: string; rawItem?: unknown; output?: unknown }>, ctx: CellContext): void {
  const call = items.find((item) => item.type === 'tool_call_item')?.rawItem as { name?: string; arguments?: string } | undefined;
  expect(call?.name).toBe('weather');
  expect(JSON.parse(call?.arguments ?? 'null')).toEqual({ city: 'sample city' });
  expect(items.find((item) => item.type === 'tool_call_output_item')?.output).toBe(WEATHER_RESULT);
  for (const upstream of ctx.upstream()) expect(upstream.systemTexts).toEqual([INSTRUCTIONS]);
}

function expectRunUsage(usage: { requests: number; inputTokens: number; outputTokens: number; totalTokens: number }): void {
  expect(usage.requests).toBe(2);
  expectUsage({ input: usage.inputTokens, output: usage.outputTokens, total: usage.totalTokens });
}

const RUNS: Record<AgentsCall, (model: Model, ctx: CellContext) => Promise<void>> = {
  async 'run (function tool)'(model, ctx) {
    const result = await run(weatherAgent(model), `use weather for Paris ${ctx.tag}`);
    expect(result.finalOutput).toBe(toolResultsReply(WEATHER_RESULT));
    expectToolItems(result.newItems, ctx);
    expectRunUsage(result.state.usage);
    expectToolRoundTrip(ctx, false);
  },

  async 'run streamed (function tool)'(model, ctx) {
    const result = await run(weatherAgent(model), `use weather for Paris ${ctx.tag}`, { stream: true });
    let text = '';
    const events: string[] = [];
    for await (const event of result) {
      if (event.type === 'raw_model_stream_event' && event.data.type === 'output_text_delta') text += event.data.delta;
      if (event.type === 'run_item_stream_event') events.push(event.name);
    }
    await result.completed;
    if (result.error) throw result.error;
    expect(text).toBe(toolResultsReply(WEATHER_RESULT));
    expect(result.finalOutput).toBe(text);
    expect(events).toEqual(expect.arrayContaining(['tool_called', 'tool_output', 'message_output_created']));
    expectToolItems(result.newItems, ctx);
    expectRunUsage(result.state.usage);
    expectToolRoundTrip(ctx, true);
  },
};

/** Agent cells for one model class. */
export function agentsCells(client: AgentsClient): ClientCell[] {
  return (Object.keys(RUNS) as AgentsCall[]).map((call) => ({
    library: 'OpenAI Agents SDK',
    client: client.client,
    endpoint: client.endpoint,
    call,
    run: (ctx) => RUNS[call](client.model(ctx), ctx),
  }));
}

/** The OpenAI client an agent model wraps, pointed at the gateway. */
export const agentsOpenAIClient = (ctx: CellContext) => new OpenAI({ baseURL: `${ctx.gatewayUrl}/v1`, apiKey: 'client-matrix', maxRetries: 0 });

/** Every Agents SDK cell that runs today (Chat Completions). */
export const openaiAgentsCells: ClientCell[] = agentsCells({
  client: '`OpenAIChatCompletionsModel`',
  endpoint: '/v1/chat/completions',
  model: (ctx) => new OpenAIChatCompletionsModel(agentsOpenAIClient(ctx), ctx.model),
});
