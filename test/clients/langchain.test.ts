/** LangChain JS against the gateway, over each upstream family (cells in langchain-cells.ts). */
import { afterAll, beforeAll } from 'vitest';
import { langchainCells } from './langchain-cells.js';
import { runCells } from './run-cells.js';
import { type ClientStack, startClientStack } from './stack.js';

let env: ClientStack;
beforeAll(async () => {
  env = await startClientStack();
});
afterAll(async () => env?.close());

runCells(langchainCells, () => env);
