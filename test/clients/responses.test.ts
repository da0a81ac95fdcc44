/** The Responses-API clients against the gateway's POST /v1/responses, over each upstream family (cells in responses-cells.ts). */
import { afterAll, beforeAll } from 'vitest';
import { responsesCells } from './responses-cells.js';
import { runCells } from './run-cells.js';
import { type ClientStack, startClientStack } from './stack.js';

// The SDK warns that our alias names are not models it knows; that is expected here.
globalThis.AI_SDK_LOG_WARNINGS = false;

let env: ClientStack;
beforeAll(async () => {
  env = await startClientStack();
});
afterAll(async () => env?.close());

runCells(responsesCells, () => env);
