/** Renders a SimReply as a Cohere v2 chat response: one JSON body, or the SSE event sequence. */
import { randomUUID } from 'node:crypto';
import type { SimReply, SimToolCall } from '../../reply.js';
import { chunkText } from '../../reply.js';
import { sseEvent } from '../../responder.js';

type Obj = Record<string, unknown>;

/** Cohere tool-call ids are the function name plus a random-looking suffix. */
function cohereCallId(call: SimToolCall): string {
  return `${call.name}_${call.id.replace(/^call_/, '')}`;
}

/** Cohere's older models state a plan before calling tools; rendered so clients meet tool_plan. */
function toolPlan(reply: SimReply): string {
  return `I will use ${reply.toolCalls.map((c) => c.name).join(' and ')}.`;
}

function finishReason(reply: SimReply): string {
  if (reply.finish === 'tool_calls') return 'TOOL_CALL';
  if (reply.finish === 'length') return 'MAX_TOKENS';
  // Cohere has no content-filter finish reason: a filtered (shortened) reply ends as any other.
  return reply.stopSequence !== undefined ? 'STOP_SEQUENCE' : 'COMPLETE';
}

/** `tokens` is what the model processed; cached prompt tokens are not billed. */
function usage(reply: SimReply): Obj {
  const u = reply.usage;
  const out: Obj = {
    billed_units: { input_tokens: Math.max(0, u.inputTokens - u.cachedInputTokens), output_tokens: u.outputTokens },
    tokens: { input_tokens: u.inputTokens, output_tokens: u.outputTokens },
  };
  if (u.cachedInputTokens > 0) out.cached_tokens = u.cachedInputTokens;
  return out;
}

/** The non-streamed /v2/chat body. */
export function renderCohereChat(reply: SimReply): Obj {
  const message: Obj = { role: 'assistant' };
  if (reply.toolCalls.length > 0) {
    message.tool_plan = toolPlan(reply);
    message.tool_calls = reply.toolCalls.map((call) => ({
      id: cohereCallId(call),
      type: 'function',
      function: { name: call.name, arguments: call.arguments },
    }));
  } else {
    const content: Obj[] = [];
    if (reply.reasoning) content.push({ type: 'thinking', thinking: reply.reasoning });
    content.push({ type: 'text', text: reply.text });
    message.content = content;
  }
  return { id: randomUUID(), message, finish_reason: finishReason(reply), usage: usage(reply) };
}

/** Splits tool arguments in two so clients must join fragments. */
function argumentPieces(args: string): string[] {
  if (args.length < 2) return [args];
  const mid = Math.ceil(args.length / 2);
  return [args.slice(0, mid), args.slice(mid)];
}

function contentBlock(frames: string[], index: number, kind: 'text' | 'thinking', chunks: string[]): void {
  frames.push(sseEvent({ type: 'content-start', index, delta: { message: { content: { type: kind, [kind]: '' } } } }, 'content-start'));
  for (const chunk of chunks) {
    frames.push(sseEvent({ type: 'content-delta', index, delta: { message: { content: { [kind]: chunk } } } }, 'content-delta'));
  }
  frames.push(sseEvent({ type: 'content-end', index }, 'content-end'));
}

/** The streamed /v2/chat body as SSE frames, one event per frame, ending with `data: [DONE]`. */
export function renderCohereChatStream(reply: SimReply): string[] {
  const frames: string[] = [sseEvent({ id: randomUUID(), type: 'message-start', delta: { message: { role: 'assistant' } } }, 'message-start')];
  if (reply.toolCalls.length > 0) {
    for (const piece of chunkText(toolPlan(reply))) {
      frames.push(sseEvent({ type: 'tool-plan-delta', delta: { message: { tool_plan: piece } } }, 'tool-plan-delta'));
    }
    reply.toolCalls.forEach((call, index) => {
      const start = { id: cohereCallId(call), type: 'function', function: { name: call.name, arguments: '' } };
      frames.push(sseEvent({ type: 'tool-call-start', index, delta: { message: { tool_calls: start } } }, 'tool-call-start'));
      for (const piece of argumentPieces(call.arguments)) {
        const delta = { message: { tool_calls: { function: { arguments: piece } } } };
        frames.push(sseEvent({ type: 'tool-call-delta', index, delta }, 'tool-call-delta'));
      }
      frames.push(sseEvent({ type: 'tool-call-end', index }, 'tool-call-end'));
    });
  } else {
    let index = 0;
    if (reply.reasoning) contentBlock(frames, index++, 'thinking', chunkText(reply.reasoning));
    if (reply.textChunks.length > 0) contentBlock(frames, index, 'text', reply.textChunks);
  }
  frames.push(sseEvent({ type: 'message-end', delta: { finish_reason: finishReason(reply), usage: usage(reply) } }, 'message-end'));
  frames.push('data: [DONE]\n\n');
  return frames;
}
