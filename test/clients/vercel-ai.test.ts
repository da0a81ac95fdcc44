/** The Vercel AI SDK against the gateway, over each upstream family (cells in vercel-ai-cells.ts). */
import { afterAll, beforeAll } from 'vitest';
import { runCells } from './run-cells.js';
import { type ClientStack, startClientStack } from './stack.js';
import { vercelAiCells } from './vercel-ai-cells.js';

// The SDK warns that our alias names are not models it knows; that is expected here.
globalThis.AI_SDK_LOG_WARNINGS = false;

let env: ClientStack;
beforeAll(async () => {
  env = await startClientStack();
});
afterAll(async () => env?.close());

runCells(vercelAiCells, () => env);
