/** The OpenAI Agents SDK against the gateway, over each upstream family (cells in openai-agents-cells.ts). */
import { afterAll, beforeAll } from 'vitest';
import { openaiAgentsCells } from './openai-agents-cells.js';
import { runCells } from './run-cells.js';
import { type ClientStack, startClientStack } from './stack.js';

let env: ClientStack;
beforeAll(async () => {
  env = await startClientStack();
});
afterAll(async () => env?.close());

runCells(openaiAgentsCells, () => env);
