/** Renders a SimReply as OpenAI chat.completion JSON or chat.completion.chunk SSE frames. */
import type { SimReply } from '../../reply.js';
import { sseEvent } from '../../responder.js';
import { AZURE_COMPLETION_FILTER_RESULTS, AZURE_PROMPT_FILTER_RESULTS, type FlavorRules, flavorRules } from './flavors.js';
import { choiceLogprobs } from './logprobs.js';

export { openaiErrorBody } from './errors.js';

/** The assistant message content, with reasoning placed where the flavor puts it. */
function messageContent(reply: SimReply, rules: FlavorRules): unknown {
  const text = reply.toolCalls.length > 0 && reply.text === '' ? null : reply.text;
  if (!reply.reasoning) return text;
  if (rules.reasoning === 'thinking') {
    const thinking = { type: 'thinking', thinking: [{ type: 'text', text: reply.reasoning }] };
    return text === null ? [thinking] : [thinking, { type: 'text', text }];
  }
  if (rules.reasoning === 'think-tags') return `<think>${reply.reasoning}</think>\n\n${text ?? ''}`;
  return text;
}

/** What the request asked for that changes the rendering. */
export interface RenderOptions {
  /** top_logprobs when logprobs were asked for. */
  logprobs?: number;
  /** The requested service_tier. */
  serviceTier?: string;
}

/** The tier OpenAI reports: the one asked for, with 'auto' resolved to 'default' (and 'fast' reported as 'priority'). */
function servedTier(options: RenderOptions): string {
  const tier = options.serviceTier;
  if (tier === undefined || tier === 'auto') return 'default';
  return tier === 'fast' ? 'priority' : tier;
}

/** The non-streamed chat.completion body, in the request's flavor (`flavor` may also be 'azure' for Azure paths). */
export function renderCompletion(reply: SimReply, model: string, id: string, created: number, flavor: string, options: RenderOptions = {}) {
  const rules = flavorRules(flavor);
  const logprobs = rules.logprobs && options.logprobs !== undefined ? choiceLogprobs(reply.textChunks, options.logprobs) : null;
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: messageContent(reply, rules),
    refusal: null,
    annotations: [],
  };
  if (reply.reasoning && (rules.reasoning === 'reasoning_content' || rules.reasoning === 'reasoning')) message[rules.reasoning] = reply.reasoning;
  if (reply.toolCalls.length > 0) {
    message.tool_calls = reply.toolCalls.map((c) => ({ id: rules.toolCallId(c.id), type: 'function', function: { name: c.name, arguments: c.arguments } }));
  }
  return {
    id,
    object: 'chat.completion',
    created,
    model,
    ...rules.bodyExtras?.(),
    choices: [{ index: 0, message, logprobs, finish_reason: rules.finishReason(reply.finish), ...rules.choiceExtras?.() }],
    usage: rules.usage(reply.usage),
    service_tier: servedTier(options),
    system_fingerprint: 'fp_simulator',
  };
}

/** Reasoning deltas in the flavor's form. */
function reasoningDelta(piece: string, rules: FlavorRules): Record<string, unknown> {
  if (rules.reasoning === 'thinking') return { content: [{ type: 'thinking', thinking: [{ type: 'text', text: piece }] }] };
  return { [rules.reasoning]: piece };
}

/** The SSE frames of a streamed completion, ending with data: [DONE]. */
export function renderChunks(
  reply: SimReply,
  model: string,
  id: string,
  created: number,
  includeUsage: boolean,
  flavor: string,
  options: RenderOptions = {},
): string[] {
  const rules = flavorRules(flavor);
  const usageChunk = rules.streamUsage === 'always' || (rules.streamUsage === 'option' && includeUsage);
  const base = { id, object: 'chat.completion.chunk', created, model, service_tier: servedTier(options), system_fingerprint: 'fp_simulator' };
  const withUsage = usageChunk || rules.streamUsage === 'final-chunk' ? { usage: null } : {};
  const chunk = (delta: Record<string, unknown>, finish: string | null = null, extra: Record<string, unknown> = {}, logprobs: unknown = null) =>
    sseEvent({ ...base, choices: [{ index: 0, delta, logprobs, finish_reason: finish }], ...withUsage, ...extra });
  const top = rules.logprobs ? options.logprobs : undefined;
  const frames: string[] = [];
  if (rules.streamComment) frames.push(rules.streamComment);
  if (flavor === 'azure')
    frames.push(sseEvent({ id: '', object: '', created: 0, model: '', prompt_filter_results: AZURE_PROMPT_FILTER_RESULTS, choices: [], usage: null }));
  frames.push(chunk({ role: 'assistant', content: '', refusal: null }, null, rules.streamUsage === 'x_groq' ? { x_groq: { id: `req_${id}` } } : {}));
  if (reply.reasoning && rules.reasoning !== 'hidden') {
    const pieces = reply.reasoning.match(/\S+\s*/g) ?? [];
    if (rules.reasoning === 'think-tags') {
      frames.push(chunk({ content: '<thi' }), chunk({ content: 'nk>' }));
      for (const piece of pieces) frames.push(chunk({ content: piece }));
      frames.push(chunk({ content: '</think>\n\n' }));
    } else for (const piece of pieces) frames.push(chunk(reasoningDelta(piece, rules)));
  }
  reply.textChunks.forEach((piece, i) => {
    frames.push(chunk({ content: piece }, null, {}, top === undefined ? null : choiceLogprobs([piece], top, i)));
  });
  reply.toolCalls.forEach((call, index) => {
    frames.push(chunk({ tool_calls: [{ index, id: rules.toolCallId(call.id), type: 'function', function: { name: call.name, arguments: '' } }] }));
    // Split the arguments in two fragments, as OpenAI streams them piece by piece.
    const half = Math.ceil(call.arguments.length / 2);
    for (const part of [call.arguments.slice(0, half), call.arguments.slice(half)]) {
      if (part) frames.push(chunk({ tool_calls: [{ index, function: { arguments: part } }] }));
    }
  });
  const finishExtra: Record<string, unknown> = { ...rules.bodyExtras?.() };
  if (rules.streamUsage === 'final-chunk') finishExtra.usage = rules.usage(reply.usage);
  if (rules.streamUsage === 'x_groq') finishExtra.x_groq = { id: `req_${id}`, usage: rules.usage(reply.usage) };
  if (flavor === 'azure') delete finishExtra.prompt_filter_results;
  frames.push(chunk({}, rules.finishReason(reply.finish), finishExtra));
  if (flavor === 'azure') {
    // Azure's completion annotation may follow the finish chunk: no delta, empty id.
    const annotation = { index: 0, finish_reason: null, content_filter_results: AZURE_COMPLETION_FILTER_RESULTS };
    frames.push(sseEvent({ id: '', object: '', created: 0, model: '', choices: [annotation], usage: null }));
  }
  if (usageChunk) frames.push(sseEvent({ ...base, choices: [], usage: rules.usage(reply.usage) }));
  frames.push('data: [DONE]\n\n');
  return frames;
}

/** A deterministic unit-length-ish vector for a text. */
export function embeddingFor(text: string, dimensions: number): number[] {
  const vector: number[] = new Array(dimensions);
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  for (let i = 0; i < dimensions; i++) {
    h = Math.imul(h ^ (h >>> 15), 2246822507) >>> 0;
    vector[i] = Math.round(((h / 4294967295) * 2 - 1) * 1e6) / 1e6;
  }
  return vector;
}
