/** Renders a SimReply as OpenAI chat.completion JSON or chat.completion.chunk SSE frames. */
import type { SimReply } from '../../reply.js';
import { sseEvent } from '../../responder.js';

/** OpenAI error body. */
export function openaiErrorBody(status: number, message: string, param: string | null = null, code: string | null = null) {
  const type = status === 401 ? 'invalid_request_error' : status === 429 ? 'rate_limit_exceeded' : status >= 500 ? 'server_error' : 'invalid_request_error';
  return { error: { message, type, param, code: code ?? (status === 401 ? 'invalid_api_key' : status === 429 ? 'rate_limit_exceeded' : null) } };
}

function usageBody(reply: SimReply) {
  const u = reply.usage;
  return {
    prompt_tokens: u.inputTokens,
    completion_tokens: u.outputTokens,
    total_tokens: u.inputTokens + u.outputTokens,
    prompt_tokens_details: { cached_tokens: u.cachedInputTokens, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: u.reasoningTokens, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

/** Whether this flavor returns reasoning text as reasoning_content (DeepSeek style); OpenAI hides it. */
function showsReasoning(flavor: string): boolean {
  return flavor !== '' && flavor !== 'openai' && flavor !== 'azure';
}

/** The non-streamed chat.completion body. */
export function renderCompletion(reply: SimReply, model: string, id: string, created: number, flavor: string) {
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: reply.toolCalls.length > 0 && reply.text === '' ? null : reply.text,
    refusal: null,
    annotations: [],
  };
  if (reply.reasoning && showsReasoning(flavor)) message.reasoning_content = reply.reasoning;
  if (reply.toolCalls.length > 0) {
    message.tool_calls = reply.toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } }));
  }
  return {
    id,
    object: 'chat.completion',
    created,
    model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: reply.finish }],
    usage: usageBody(reply),
    service_tier: 'default',
    system_fingerprint: 'fp_simulator',
  };
}

/** The SSE frames of a streamed completion, ending with data: [DONE]. */
export function renderChunks(reply: SimReply, model: string, id: string, created: number, includeUsage: boolean, flavor: string): string[] {
  const base = { id, object: 'chat.completion.chunk', created, model, system_fingerprint: 'fp_simulator' };
  const withUsage = includeUsage ? { usage: null } : {};
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
    sseEvent({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], ...withUsage });
  const frames: string[] = [chunk({ role: 'assistant', content: '', refusal: null })];
  if (reply.reasoning && showsReasoning(flavor)) {
    for (const piece of reply.reasoning.match(/\S+\s*/g) ?? []) frames.push(chunk({ reasoning_content: piece }));
  }
  for (const piece of reply.textChunks) frames.push(chunk({ content: piece }));
  reply.toolCalls.forEach((call, index) => {
    frames.push(chunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] }));
    // Split the arguments in two fragments, as OpenAI streams them piece by piece.
    const half = Math.ceil(call.arguments.length / 2);
    for (const part of [call.arguments.slice(0, half), call.arguments.slice(half)]) {
      if (part) frames.push(chunk({ tool_calls: [{ index, function: { arguments: part } }] }));
    }
  });
  frames.push(chunk({}, reply.finish));
  if (includeUsage) frames.push(sseEvent({ ...base, choices: [], usage: usageBody(reply) }));
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
