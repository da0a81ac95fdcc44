/**
 * Counts the UTF-8 bytes of what a stream generated (text, reasoning, tool names and arguments).
 * A token is never less than a byte, so when an upstream reports no usage this bounds the output
 * tokens settlement books: no request is free because usage was missing.
 */
import type { StreamTap } from '../pipeline/contract.js';
import { OUTPUT_BYTES } from './slots.js';

/** The tap; per-request state lives in the context slot. */
export const outputMeterTap: StreamTap = {
  name: 'governance-output-meter',
  onEvent(event, ctx) {
    let bytes = 0;
    if (event.type === 'text' || event.type === 'reasoning') bytes = Buffer.byteLength(event.text, 'utf8');
    else if (event.type === 'tool_call_delta') bytes = Buffer.byteLength(event.arguments, 'utf8');
    else if (event.type === 'tool_call_start') bytes = Buffer.byteLength(event.name, 'utf8') + 8;
    else return undefined;
    ctx.set(OUTPUT_BYTES, (ctx.get(OUTPUT_BYTES) ?? 0) + bytes);
    return undefined;
  },
};
