/**
 * The store hook of the Responses API: saves the response object exactly as the client got it
 * (after the last streamed event for streams), with this turn's input, unless the client sent
 * `store: false`. A failed save fails the request: the client would otherwise chain onto a
 * response that does not exist.
 */
import type { ChatRequest, ChatResponse } from '../core/types.js';
import type { Hook } from '../pipeline/contract.js';
import { responsesTurn } from '../pipeline/operations/responses.js';
import { responseExpiresAt } from './retention.js';
import { type ResponseStore, tenantOf } from './store-contract.js';

/** The store hook; responses are kept `retentionDays` (config responses.retention_days; 0 until deleted). */
export function responsesStoreHook(store: ResponseStore, retentionDays: number): Hook<ChatRequest, ChatResponse> {
  return {
    name: 'responses-store',
    async run(ctx) {
      const turn = ctx.get(responsesTurn);
      if (!turn?.store) return undefined;
      const response = turn.result();
      if (!response) return undefined;
      const createdAt = Date.now();
      await store.put({
        id: turn.id,
        tenant: tenantOf(ctx.identity),
        createdAt,
        expiresAt: responseExpiresAt(createdAt, retentionDays),
        model: ctx.modelRequested,
        ...(turn.previousResponseId !== undefined ? { previousResponseId: turn.previousResponseId } : {}),
        input: turn.input,
        response,
      });
      return undefined;
    },
  };
}
