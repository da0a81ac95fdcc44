/**
 * The output guards on a stream. Text is held back only as far as the longest value an in-process
 * guard can find (held-text.ts), per channel: the answer text, reasoning, each tool call's
 * arguments. Before any other event (a tool call starts, finish, usage) the channels are flushed,
 * so events keep their order. A block throws, which ends the stream with the ingress's own error
 * event. When a whole-answer guard applies (a remote service, json_schema on a JSON request),
 * everything after the start is held and released at the end, after the check.
 */
import type { ChatRequest, StreamEvent, TokenLogprob } from '../core/types.js';
import type { StreamTap } from '../pipeline/contract.js';
import type { RequestContext } from '../pipeline/context.js';
import type { Logger } from '../pipeline/services.js';
import { HeldText } from './held-text.js';
import { wantsJson } from './json-answer.js';
import { checkWholeAnswer } from './output-whole.js';
import { GUARD_STATE, type GuardState, outputActive } from './request-state.js';
import { jsonStringContent } from './token-vault.js';

/** Whether this request's stream must be held whole. */
function holdsAll(state: GuardState, ctx: RequestContext): boolean {
  const filter = state.guards.filter;
  if (!filter.holdAll) return false;
  if (filter.local.some((g) => !Number.isFinite(g.engine.maxSpanChars))) return true;
  // A json_schema guard holds only answers to requests that asked for JSON.
  return filter.whole.some((g) => g.engine.kind !== 'json_schema' || wantsJson(ctx.request as ChatRequest));
}

function channelOf(state: GuardState, name: string, holdAll: boolean): HeldText {
  const channels = (state.channels ??= new Map());
  let channel = channels.get(name);
  if (!channel) {
    channel = new HeldText(state.guards.filter, state, name.startsWith('tool:') ? jsonStringContent : undefined, holdAll);
    channels.set(name, channel);
  }
  return channel;
}

/** The held text of every channel, as events, in the order the channels opened. */
function flushChannels(state: GuardState, out: StreamEvent[]): void {
  if (!state.channels) return;
  for (const [name, channel] of state.channels) {
    const text = channel.end();
    if (text.length > 0) out.push(eventFor(name, text, channel));
  }
  state.channels.clear();
}

function eventFor(name: string, text: string, channel: HeldText): StreamEvent {
  if (name === 'text') {
    const logprobs = channel.logprobs;
    channel.logprobs = undefined;
    return logprobs ? { type: 'text', text, logprobs } : { type: 'text', text };
  }
  if (name === 'reasoning') return { type: 'reasoning', text };
  return { type: 'tool_call_delta', index: Number(name.slice(5)), arguments: text };
}

/** Builds the guardrails' stream tap. */
export function outputTap(logger: Logger): StreamTap {
  return {
    name: 'guardrails-output',
    onEvent(event, ctx) {
      const state = ctx.get(GUARD_STATE);
      if (!outputActive(state) || event.type === 'start') return undefined;
      state.holdAll ??= holdsAll(state, ctx);
      if (state.holdAll) {
        (state.queue ??= []).push(event);
        if (event.type === 'text') channelOf(state, 'text', true).push(event.text);
        else if (event.type === 'reasoning') channelOf(state, 'reasoning', true).push(event.text);
        else if (event.type === 'tool_call_delta') channelOf(state, `tool:${event.index}`, true).push(event.arguments);
        return null;
      }
      if (event.type === 'text') return textEvent(state, 'text', event.text, event.logprobs);
      if (event.type === 'reasoning') return textEvent(state, 'reasoning', event.text);
      if (event.type === 'tool_call_delta') {
        const name = `tool:${event.index}`;
        const text = channelOf(state, name, false).push(event.arguments);
        return text.length > 0 ? { type: 'tool_call_delta', index: event.index, arguments: text } : null;
      }
      if (!state.channels || state.channels.size === 0) return undefined;
      const out: StreamEvent[] = [];
      flushChannels(state, out);
      out.push(event);
      return out;
    },
    onEnd(ctx) {
      const state = ctx.get(GUARD_STATE);
      if (!outputActive(state)) return undefined;
      if (!state.queue) {
        const out: StreamEvent[] = [];
        flushChannels(state, out);
        return out.length > 0 ? out : undefined;
      }
      return releaseQueue(ctx, state, logger);
    },
  };
}

function textEvent(state: GuardState, name: 'text' | 'reasoning', chunk: string, logprobs?: TokenLogprob[]): StreamEvent | null {
  const channel = channelOf(state, name, false);
  if (logprobs) (channel.logprobs ??= []).push(...logprobs);
  const text = channel.push(chunk);
  if (text.length === 0) return null;
  return eventFor(name, text, channel);
}

/** The held stream, checked whole, released in its order: each channel's text where its first chunk was. */
async function releaseQueue(ctx: RequestContext, state: GuardState, logger: Logger): Promise<StreamEvent[]> {
  const names = [...(state.channels?.keys() ?? [])];
  const channels = names.map((name) => state.channels!.get(name)!);
  const released = channels.map((channel) => channel.end(false));
  // The answer text first: json_schema reads it.
  const order = names.indexOf('text');
  const texts = order >= 0 ? [released[order]!, ...released.filter((_, i) => i !== order)] : ['', ...released];
  const checked = await checkWholeAnswer(ctx, state, texts, logger);
  const final = new Map<string, string>();
  let k = 1;
  names.forEach((name, i) => {
    final.set(name, channels[i]!.restoreEnd(name === 'text' ? checked[0]! : checked[k++]!));
  });
  const out: StreamEvent[] = [];
  for (const event of state.queue!) {
    const name =
      event.type === 'text' ? 'text' : event.type === 'reasoning' ? 'reasoning' : event.type === 'tool_call_delta' ? `tool:${event.index}` : undefined;
    if (name === undefined) {
      out.push(event);
      continue;
    }
    const text = final.get(name);
    if (text === undefined) continue;
    final.delete(name);
    if (text.length > 0) out.push(eventFor(name, text, channels[names.indexOf(name)]!));
  }
  state.queue = undefined;
  state.channels?.clear();
  return out;
}
