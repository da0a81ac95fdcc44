/** Renders a planned SimReply as a Gemini GenerateContentResponse, whole or as SSE chunks. */
import type { SimReply } from '../../reply.js';

type Obj = Record<string, unknown>;

/** A deterministic thought signature (base64, as Google's opaque bytes are sent). */
export function simSignature(seed: string): string {
  return Buffer.from(`sim-thought-signature:${seed}`).toString('base64');
}

/** What the request asked for that changes the rendering. */
export interface RenderOptions {
  model: string;
  responseId: string;
  /** Vertex adds createTime to every response. */
  createTime?: string;
  /** The logprobs count when generationConfig.responseLogprobs was set. */
  logprobs?: number;
}

/** Stable per-token log-probabilities for text pieces (each piece one token), with `top` candidates each. */
function logprobsResult(pieces: string[], top: number, offset = 0): Obj {
  const chosen = pieces.map((token, i) => ({ token, logProbability: -Math.round((0.02 + ((offset + i) % 5) * 0.04) * 1000) / 1000 }));
  const result: Obj = { chosenCandidates: chosen };
  if (top > 0) {
    result.topCandidates = chosen.map((c) => ({
      candidates: Array.from({ length: top }, (_, k) => (k === 0 ? c : { token: `${c.token.trim()}~${k}`, logProbability: c.logProbability - k })),
    }));
  }
  return result;
}

function model3(options: RenderOptions): boolean {
  return options.model.startsWith('gemini-3');
}

// Gemini 3 signs every turn; 2.5 signs function calls when thinking is on.
function signs(model: string, reply: SimReply): boolean {
  return model.startsWith('gemini-3') || reply.reasoning !== undefined;
}

function finishReason(reply: SimReply): string {
  if (reply.finish === 'content_filter') return 'SAFETY';
  return reply.finish === 'length' ? 'MAX_TOKENS' : 'STOP';
}

/** The candidate's end: its finishReason, plus the rating that blocked it when a safety filter did. */
function finish(reply: SimReply): Obj {
  if (reply.finish !== 'content_filter') return { finishReason: finishReason(reply) };
  return {
    finishReason: finishReason(reply),
    safetyRatings: [
      { category: 'HARM_CATEGORY_HARASSMENT', probability: 'NEGLIGIBLE' },
      { category: 'HARM_CATEGORY_HATE_SPEECH', probability: 'HIGH', blocked: true },
      { category: 'HARM_CATEGORY_SEXUALLY_EXPLICIT', probability: 'NEGLIGIBLE' },
      { category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'NEGLIGIBLE' },
    ],
  };
}

function usageMetadata(reply: SimReply): Obj {
  const { inputTokens, outputTokens, cachedInputTokens, reasoningTokens } = reply.usage;
  const usage: Obj = {
    promptTokenCount: inputTokens,
    candidatesTokenCount: outputTokens - reasoningTokens,
    totalTokenCount: inputTokens + outputTokens,
  };
  if (cachedInputTokens > 0) usage.cachedContentTokenCount = cachedInputTokens;
  if (reasoningTokens > 0) usage.thoughtsTokenCount = reasoningTokens;
  usage.promptTokensDetails = [{ modality: 'TEXT', tokenCount: inputTokens }];
  return usage;
}

function callParts(reply: SimReply, model: string): Obj[] {
  return reply.toolCalls.map((call, i) => {
    const part: Obj = { functionCall: { name: call.name, args: JSON.parse(call.arguments) as unknown } };
    if (i === 0 && signs(model, reply)) part.thoughtSignature = simSignature(call.name);
    return part;
  });
}

function envelope(parts: Obj[], options: RenderOptions, extra: Obj, usage?: Obj): Obj {
  const candidate: Obj = { content: { parts, role: 'model' }, ...extra, index: 0 };
  const out: Obj = { candidates: [candidate] };
  if (usage) out.usageMetadata = usage;
  out.modelVersion = options.model;
  if (options.createTime) out.createTime = options.createTime;
  out.responseId = options.responseId;
  return out;
}

/** The non-streamed response body. */
export function renderResponse(reply: SimReply, options: RenderOptions): Obj {
  const parts: Obj[] = [];
  if (reply.reasoning) parts.push({ text: reply.reasoning, thought: true });
  if (reply.text) {
    const part: Obj = { text: reply.text };
    if (model3(options) && reply.toolCalls.length === 0) part.thoughtSignature = simSignature('text');
    parts.push(part);
  }
  parts.push(...callParts(reply, options.model));
  if (parts.length === 0) parts.push({ text: '' });
  const extra: Obj = finish(reply);
  if (options.logprobs !== undefined) extra.logprobsResult = logprobsResult(reply.textChunks, options.logprobs);
  return envelope(parts, options, extra, usageMetadata(reply));
}

/**
 * The streamed chunks: thoughts first, then one chunk per text piece with running usage, function
 * calls whole in one chunk, and finishReason plus final usage on the last chunk.
 */
export function renderChunks(reply: SimReply, options: RenderOptions): Obj[] {
  const chunks: Array<{ parts: Obj[]; usage?: Obj; logprobs?: Obj }> = [];
  if (reply.reasoning) chunks.push({ parts: [{ text: reply.reasoning, thought: true }] });
  const prompt = reply.usage.inputTokens;
  reply.textChunks.forEach((text, i) => {
    const usage = { promptTokenCount: prompt, candidatesTokenCount: i + 1, totalTokenCount: prompt + i + 1 };
    chunks.push({ parts: [{ text }], usage, ...(options.logprobs !== undefined ? { logprobs: logprobsResult([text], options.logprobs, i) } : {}) });
  });
  if (reply.toolCalls.length > 0) chunks.push({ parts: callParts(reply, options.model) });
  // Gemini 3 closes a text turn with an empty part that only carries the signature.
  if (model3(options) && reply.toolCalls.length === 0) chunks.push({ parts: [{ text: '', thoughtSignature: simSignature('text') }] });
  if (chunks.length === 0) chunks.push({ parts: [{ text: '' }] });
  return chunks.map((chunk, i) => {
    const extra: Obj = chunk.logprobs ? { logprobsResult: chunk.logprobs } : {};
    return i === chunks.length - 1
      ? envelope(chunk.parts, options, { ...extra, ...finish(reply) }, usageMetadata(reply))
      : envelope(chunk.parts, options, extra, chunk.usage);
  });
}

/** One SSE event as Google writes it (CRLF separators, which clients must accept). */
export function sseFrame(chunk: Obj): string {
  return `data: ${JSON.stringify(chunk)}\r\n\r\n`;
}
