/**
 * Facts about a request that routing rules and strategies read, computed at most once per request
 * and only when something asks (the input-token estimate walks every message).
 */
import type { ChatRequest } from '../core/types.js';
import { estimateInputTokens } from '../core/token-estimate.js';
import { type RequestContext, slotKey } from '../pipeline/context.js';

const INPUT_TOKENS = slotKey<number>('routing.inputTokens');

/** The chat request, when the operation has one (embeddings do not). */
export function chatRequestOf(ctx: RequestContext): ChatRequest | undefined {
  const request = ctx.request as Partial<ChatRequest> | undefined;
  return request && Array.isArray(request.messages) ? (request as ChatRequest) : undefined;
}

/** The estimated input tokens (0 for requests without messages), memoized on the context. */
export function inputTokensOf(ctx: RequestContext): number {
  const known = ctx.get(INPUT_TOKENS);
  if (known !== undefined) return known;
  const chat = chatRequestOf(ctx);
  const tokens = chat ? estimateInputTokens(chat) : 0;
  ctx.set(INPUT_TOKENS, tokens);
  return tokens;
}

/** Whether any message carries an image. */
export function hasImages(request: ChatRequest): boolean {
  for (const message of request.messages) {
    const content = (message as { content?: unknown }).content;
    if (!Array.isArray(content)) continue;
    for (const part of content) if ((part as { type?: string }).type === 'image') return true;
  }
  return false;
}
