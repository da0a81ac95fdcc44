/**
 * The store hook of the Responses API: saves the response object exactly as the client got it
 * (after the last streamed event for streams), with this turn's input, unless the client sent
 * `store: false`. A failed save fails the request: the client would otherwise chain onto a
 * response that does not exist.
 */
import type { ChatRequest, ChatResponse } from '../core/types.js';
import type { Hook } from '../pipeline/contract.js';
import { responsesTurn } from '../pipeline/operations/responses.js';
import { type ResponseStore, tenantOf } from './store-contract.js';

/** How long a stored response is kept: 30 days, as OpenAI keeps them. */
export const DEFAULT_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

/** The store hook; `retentionMs` null keeps responses until deleted. */
export function responsesStoreHook(store: ResponseStore, retentionMs: number | null = DEFAULT_RETENTION_MS): Hook<ChatRequest, ChatResponse> {
  return {
    name: 'responses-store',
    async run(ctx) {
      const turn = ctx.get(responsesTurn);
      if (!turn?.store) return undefined;
      const response = turn.result();
      if (!response) return undefined;
      const now = Date.now();
      await store.put({
        id: turn.id,
        tenant: tenantOf(ctx.identity),
        createdAt: ctx.time,
        expiresAt: retentionMs === null ? null : now + retentionMs,
        model: ctx.modelRequested,
        ...(turn.previousResponseId !== undefined ? { previousResponseId: turn.previousResponseId } : {}),
        input: turn.input,
        response,
      });
      return undefined;
    },
  };
}
