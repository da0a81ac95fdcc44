/**
 * The cache keys of a chat request. The exact key is a hash of the canonical request after
 * normalisation (whitespace in text, key order, defaults made explicit), with everything that can
 * change the answer in it and nothing that cannot (stream, the end-user id, metadata tags,
 * service tier, prompt-cache hints). The partition key is the same hash with the question (the
 * last user turn's text) left out: two requests may share a semantic match only when everything
 * else is identical. The tenant scope and the namespace are hashed into both, so no key of one
 * tenant can equal a key of another.
 */
import { createHash } from 'node:crypto';
import type { ChatRequest, Message } from '../core/types.js';

/** A request's keys, or why it cannot be cached. */
export interface RequestKeys {
  /** The exact entry's key. */
  exact: string;
  /** The semantic partition's key; undefined when the request has no plain-text question. */
  partition?: string;
  /** The question (the last user turn's text, whitespace collapsed), when there is one. */
  question?: string;
}

const WHITESPACE = /\s+/g;

/** Text as the key sees it: runs of whitespace are one space, none at the ends. */
export function normaliseText(text: string): string {
  return text.replace(WHITESPACE, ' ').trim();
}

/** Request fields that never change the answer (top level only: inside a schema they are ordinary names). */
const IGNORED = ['model', 'stream', 'includeUsageInStream', 'user', 'metadata', 'store', 'serviceTier', 'promptCacheKey'] as const;

/**
 * JSON with sorted keys and undefined dropped: deterministic for equal values. It drops and
 * rewrites nothing else, so tool and output schemas count verbatim (a property named `user` or
 * `model` in one is as much a part of the question as any other).
 */
function canonical(value: unknown, out: string[]): void {
  if (value === null || value === undefined) {
    out.push('null');
    return;
  }
  if (typeof value !== 'object') {
    out.push(JSON.stringify(value));
    return;
  }
  if (Array.isArray(value)) {
    out.push('[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out.push(',');
      canonical(value[i], out);
    }
    out.push(']');
    return;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort();
  out.push('{');
  keys.forEach((key, i) => {
    if (i > 0) out.push(',');
    out.push(JSON.stringify(key), ':');
    canonical(record[key], out);
  });
  out.push('}');
}

/** A message as the key sees it: its text parts' whitespace collapsed, prompt-cache breakpoints left out. */
function keyedMessage(message: Message): Message {
  const content = message.content.map((part) =>
    part.type === 'text' || part.type === 'reasoning' ? { ...part, text: normaliseText(part.text), cacheControl: undefined } : part,
  );
  return { ...message, content } as Message;
}

/** The request with what never changes the answer left out, and every default the key must not tell apart from its explicit value. */
function withDefaults(request: ChatRequest): Record<string, unknown> {
  const tools = request.tools && request.tools.length > 0 ? request.tools.map((tool) => ({ ...tool, cacheControl: undefined })) : undefined;
  const body: Record<string, unknown> = {
    ...request,
    messages: request.messages.map(keyedMessage),
    tools,
    toolChoice: tools ? (request.toolChoice ?? 'auto') : undefined,
    parallelToolCalls: tools ? (request.parallelToolCalls ?? true) : undefined,
    responseFormat: request.responseFormat?.type === 'text' ? undefined : request.responseFormat,
    stop: request.stop && request.stop.length > 0 ? request.stop : undefined,
    logprobs: request.logprobs ? true : undefined,
    topLogprobs: request.logprobs ? request.topLogprobs : undefined,
    frequencyPenalty: request.frequencyPenalty === 0 ? undefined : request.frequencyPenalty,
    presencePenalty: request.presencePenalty === 0 ? undefined : request.presencePenalty,
  };
  for (const field of IGNORED) body[field] = undefined;
  return body;
}

/** The last message's text when it is a user turn made of text only (the semantic question). */
export function questionOf(messages: readonly Message[]): string | undefined {
  const last = messages[messages.length - 1];
  if (last?.role !== 'user' || last.content.length === 0) return undefined;
  let text = '';
  for (const part of last.content) {
    if (part.type !== 'text') return undefined;
    text += (text ? '\n' : '') + part.text;
  }
  const question = normaliseText(text);
  return question.length > 0 ? question : undefined;
}

/** One digest of the parts joined: a single update call, not one per part (each crosses into C++). */
function hash(...parts: (readonly string[])[]): string {
  let text = '';
  for (const list of parts) text += list.join('');
  return createHash('sha256').update(text).digest('base64url');
}

/** What besides the request makes a key: who may share it, which alias, and anything the operation adds. */
export interface KeyContext {
  /** The tenant scope and namespace (scope.ts). */
  scope: string;
  /** The model alias the client named (not the upstream model: targets may change). */
  alias: string;
  /** Operation-specific fields that change the answer (e.g. Responses-only fields). */
  extra?: unknown;
  /** The semantic embedder's id and version: vectors of different embedders never meet. */
  embedder?: string;
}

/** The exact key and, when the request has a plain-text question, the semantic partition. */
export function requestKeys(request: ChatRequest, context: KeyContext): RequestKeys {
  const body = withDefaults(request);
  const head = [context.scope, '\u0000', context.alias, '\u0000'];
  if (context.extra !== undefined) canonical(context.extra, head);
  head.push('\u0000');
  const full: string[] = [];
  canonical(body, full);
  const exact = hash(head, full);
  const question = context.embedder === undefined ? undefined : questionOf(request.messages);
  if (question === undefined) return { exact };
  const rest: string[] = [];
  canonical({ ...body, messages: (body.messages as Message[]).slice(0, -1) }, rest);
  return { exact, partition: hash(['semantic\u0000', context.embedder!, '\u0000'], head, rest), question };
}
