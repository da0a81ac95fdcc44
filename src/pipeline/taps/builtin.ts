/**
 * The taps every stream has: they fill what some providers leave out of the start event, and
 * take the first-token time, the finish reason and the usage onto the context.
 */
import type { StreamTap } from '../contract.js';

/** Fills the start event's model and time when the provider names none (Cohere), and notes the model served. */
export const startTap: StreamTap = {
  name: 'start',
  onEvent(event, ctx) {
    if (event.type !== 'start') return undefined;
    if (event.model) ctx.modelServed = event.model;
    else event.model = ctx.modelServed ?? ctx.target?.model ?? '';
    if (!event.created) event.created = Math.floor(Date.now() / 1000);
    return undefined;
  },
};

/** Notes when the first generated token (text, reasoning or a tool call) arrived. */
export const firstTokenTap: StreamTap = {
  name: 'first-token',
  onEvent(event, ctx) {
    if (ctx.ttftMs === undefined && (event.type === 'text' || event.type === 'tool_call_start' || event.type === 'reasoning'))
      ctx.ttftMs = performance.now() - ctx.startedAt;
    return undefined;
  },
};

/** Keeps the finish reason and the latest usage (providers send cumulative snapshots). */
export const usageTap: StreamTap = {
  name: 'usage',
  onEvent(event, ctx) {
    if (event.type === 'usage') ctx.usage = event.usage;
    else if (event.type === 'finish') ctx.finishReason = event.reason;
    return undefined;
  },
};

/** The built-in taps, in the order they run before any feature's. */
export const BUILTIN_TAPS: readonly StreamTap[] = [startTap, firstTokenTap, usageTap];
