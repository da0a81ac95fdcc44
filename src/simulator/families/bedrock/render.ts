/** SimReply → Converse JSON and ConverseStream event-stream messages. */
import type { SimReply } from '../../reply.js';
import { eventMessage, exceptionMessage } from './eventstream.js';

type Json = Record<string, unknown>;

const EXCEPTION_FOR_STATUS: Record<string, [string, string]> = {
  '400': ['validationException', 'The model returned an invalid request error mid-stream.'],
  '424': ['modelStreamErrorException', 'The model failed while streaming its response.'],
  '429': ['throttlingException', 'Too many requests, please wait before trying again.'],
  '500': ['internalServerException', 'The server encountered an internal error while processing the request.'],
  '503': ['serviceUnavailableException', 'The service is unavailable. Please try again later.'],
};

/** Bedrock's tool-use ids look like "tooluse_" + 22 characters. */
function toolUseId(id: string): string {
  return `tooluse_${id.replace(/^call_/, '')}`;
}

function stopReason(reply: SimReply): string {
  if (reply.finish === 'tool_calls') return 'tool_use';
  if (reply.finish === 'length') return 'max_tokens';
  if (reply.finish === 'content_filter') return 'content_filtered';
  return reply.stopSequence !== undefined ? 'stop_sequence' : 'end_turn';
}

/** Converse usage: inputTokens excludes cache reads, totalTokens includes everything. */
function usage(reply: SimReply): Json {
  const cached = reply.usage.cachedInputTokens;
  const out: Json = {
    inputTokens: reply.usage.inputTokens - cached,
    outputTokens: reply.usage.outputTokens,
    totalTokens: reply.usage.inputTokens + reply.usage.outputTokens,
  };
  if (cached > 0) {
    out.cacheReadInputTokens = cached;
    out.cacheWriteInputTokens = 0;
  }
  return out;
}

function signature(reply: SimReply): string {
  return Buffer.from(`sim-signature:${reply.reasoning?.length ?? 0}`).toString('base64');
}

function responseFields(reply: SimReply, paths: string[]): Json | undefined {
  if (reply.stopSequence === undefined || !paths.includes('/stop_sequence')) return undefined;
  return { stop_sequence: reply.stopSequence };
}

/** The Converse JSON response. */
export function renderConverse(reply: SimReply, paths: string[]): Json {
  const content: Json[] = [];
  if (reply.reasoning) content.push({ reasoningContent: { reasoningText: { text: reply.reasoning, signature: signature(reply) } } });
  if (reply.text.length > 0) content.push({ text: reply.text });
  for (const call of reply.toolCalls) {
    content.push({ toolUse: { toolUseId: toolUseId(call.id), name: call.name, input: JSON.parse(call.arguments) as unknown } });
  }
  const body: Json = {
    output: { message: { role: 'assistant', content } },
    stopReason: stopReason(reply),
    usage: usage(reply),
    metrics: { latencyMs: 42 },
  };
  const fields = responseFields(reply, paths);
  if (fields) body.additionalModelResponseFields = fields;
  return body;
}

// The service pads event payloads with a random "p" field; decoders must ignore it.
const PADDING = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Appends an event message; the padding length varies with the position, deterministically. */
function push(frames: Uint8Array[], type: string, payload: Json): void {
  const length = ((frames.length * 7) % PADDING.length) + 1;
  frames.push(eventMessage(type, { ...payload, p: PADDING.slice(0, length) }));
}

/** Splits a string into two halves, as the service splits tool input JSON into fragments. */
function halves(text: string): string[] {
  const mid = Math.ceil(text.length / 2);
  return text.length < 2 ? [text] : [text.slice(0, mid), text.slice(mid)];
}

/**
 * The ConverseStream messages. `midstream` ("429", "500", ...) replaces everything after the
 * first content delta with that exception message, as a throttled or failing model stream ends.
 */
export function renderConverseStream(reply: SimReply, paths: string[], midstream?: string): Uint8Array[] {
  const frames: Uint8Array[] = [];
  push(frames, 'messageStart', { role: 'assistant' });
  let block = 0;
  if (reply.reasoning) {
    for (const piece of halves(reply.reasoning)) push(frames, 'contentBlockDelta', { contentBlockIndex: block, delta: { reasoningContent: { text: piece } } });
    push(frames, 'contentBlockDelta', { contentBlockIndex: block, delta: { reasoningContent: { signature: signature(reply) } } });
    push(frames, 'contentBlockStop', { contentBlockIndex: block });
    block++;
  }
  if (reply.textChunks.length > 0) {
    for (const chunk of reply.textChunks) push(frames, 'contentBlockDelta', { contentBlockIndex: block, delta: { text: chunk } });
    push(frames, 'contentBlockStop', { contentBlockIndex: block });
    block++;
  }
  for (const call of reply.toolCalls) {
    push(frames, 'contentBlockStart', { contentBlockIndex: block, start: { toolUse: { toolUseId: toolUseId(call.id), name: call.name } } });
    for (const piece of halves(call.arguments)) push(frames, 'contentBlockDelta', { contentBlockIndex: block, delta: { toolUse: { input: piece } } });
    push(frames, 'contentBlockStop', { contentBlockIndex: block });
    block++;
  }
  const exception = midstream === undefined ? undefined : EXCEPTION_FOR_STATUS[midstream];
  if (exception) return [...frames.slice(0, 2), exceptionMessage(exception[0], exception[1])];
  const stop: Json = { stopReason: stopReason(reply) };
  const fields = responseFields(reply, paths);
  if (fields) stop.additionalModelResponseFields = fields;
  push(frames, 'messageStop', stop);
  push(frames, 'metadata', { usage: usage(reply), metrics: { latencyMs: 42 } });
  return frames;
}
