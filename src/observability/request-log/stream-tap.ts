/**
 * Assembles a streamed answer for the request log (level full): text, reasoning, tool calls,
 * finish reason and model, from the canonical events, bounded by max_body_bytes. The level is
 * decided on the stream's first event from the caller's team and kept in a slot, so a request
 * whose team keeps no bodies costs one slot lookup per event.
 */
import type { StreamEvent } from '../../core/types.js';
import { type RequestContext, slotKey } from '../../pipeline/context.js';
import type { StreamTap } from '../../pipeline/contract.js';
import type { BodyLevelOf } from './levels.js';

/** The streamed answer as assembled. */
export interface AssembledStream {
  id?: string;
  model?: string;
  text: string;
  reasoning?: string;
  toolCalls: { id: string; name: string; arguments: string }[];
  finishReason?: string;
  /** Set when more arrived than max_body_bytes allows; the rest was not kept. */
  truncated?: boolean;
}

/** An answer being assembled, with the characters of content it holds. */
interface Assembly {
  body: AssembledStream;
  size: number;
}

/** false: this request keeps no streamed body. */
const STREAM_SLOT = slotKey<Assembly | false>('request-log.stream');

/** The assembled answer of a streamed request, when its level was full. */
export function assembledStream(ctx: RequestContext): AssembledStream | undefined {
  return ctx.get(STREAM_SLOT) ? (ctx.get(STREAM_SLOT) as Assembly).body : undefined;
}

function add(assembly: Assembly, text: string, maxChars: number): boolean {
  // Counted in UTF-16 units: cheap, and exact for ASCII; the stored JSON is cut at bytes anyway.
  if (assembly.size + text.length > maxChars) {
    assembly.body.truncated = true;
    return false;
  }
  assembly.size += text.length;
  return true;
}

function apply(assembly: Assembly, event: StreamEvent, maxBytes: number): void {
  const state = assembly.body;
  switch (event.type) {
    case 'start':
      state.id = event.id;
      state.model = event.model;
      return;
    case 'text':
      if (add(assembly, event.text, maxBytes)) state.text += event.text;
      return;
    case 'reasoning':
      if (add(assembly, event.text, maxBytes)) state.reasoning = (state.reasoning ?? '') + event.text;
      return;
    case 'tool_call_start':
      state.toolCalls[event.index] = { id: event.id, name: event.name, arguments: '' };
      return;
    case 'tool_call_delta': {
      const call = state.toolCalls[event.index];
      if (call && add(assembly, event.arguments, maxBytes)) call.arguments += event.arguments;
      return;
    }
    case 'finish':
      state.finishReason = event.reason;
      return;
    default:
  }
}

/** The tap; installed only when some team may keep full bodies. */
export function streamBodyTap(levelOf: BodyLevelOf, maxBytes: number): StreamTap {
  // Room for the JSON around the content, so an answer cut here still stores as JSON.
  const maxChars = maxBytes - Math.min(1024, Math.floor(maxBytes / 4));
  return {
    name: 'request-log-body',
    onEvent(event, ctx) {
      let state = ctx.get(STREAM_SLOT);
      if (state === undefined) {
        state = levelOf(ctx.identity) === 'full' ? { body: { text: '', toolCalls: [] }, size: 0 } : false;
        ctx.set(STREAM_SLOT, state);
      }
      if (state) apply(state, event, maxChars);
      return undefined;
    },
  };
}
