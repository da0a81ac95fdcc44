/**
 * Responses-API cells (POST /v1/responses): the Vercel AI SDK's default `openai(model)`, LangChain's
 * ChatOpenAI with `useResponsesApi: true`, and the Agents SDK's default OpenAIResponsesModel, with
 * the same calls and assertions as their Chat Completions rows.
 * responses.test.ts runs them; MATRIX_CELLS (matrix-doc.ts) shows them.
 */
import { createOpenAI } from '@ai-sdk/openai';
import { OpenAIResponsesModel } from '@openai/agents';
import { ChatOpenAI } from '@langchain/openai';
import type { ClientCell } from './cell.js';
import { langchainChatCells } from './langchain-cells.js';
import { agentsCells, agentsOpenAIClient } from './openai-agents-cells.js';
import { vercelChatCells } from './vercel-ai-cells.js';

/** Every Responses-API cell. */
export const responsesCells: ClientCell[] = [
  ...vercelChatCells({
    client: '`@ai-sdk/openai` `openai()` (Responses)',
    endpoint: '/v1/responses',
    model: (ctx) => createOpenAI({ baseURL: `${ctx.gatewayUrl}/v1`, apiKey: 'client-matrix' })(ctx.model),
  }),
  ...langchainChatCells({
    client: '`ChatOpenAI` `useResponsesApi: true`',
    endpoint: '/v1/responses',
    model: (ctx) =>
      new ChatOpenAI({ model: ctx.model, apiKey: 'client-matrix', configuration: { baseURL: `${ctx.gatewayUrl}/v1` }, maxRetries: 0, useResponsesApi: true }),
  }),
  ...agentsCells({
    client: '`OpenAIResponsesModel` (default)',
    endpoint: '/v1/responses',
    model: (ctx) => new OpenAIResponsesModel(agentsOpenAIClient(ctx), ctx.model),
  }),
];
