/**
 * The prepare hook of a gateway without a response store: nothing is stored, so the response
 * object says `store: false`, and previous_response_id, which needs a stored response, is refused
 * with a 400 that says why.
 */
import { GatewayError } from '../core/errors.js';
import type { ChatRequest, ChatResponse } from '../core/types.js';
import type { Hook } from '../pipeline/contract.js';
import { responsesTurn } from '../pipeline/operations/responses.js';

/** Marks the turn unstored and refuses previous_response_id. */
export const responsesWithoutStoreHook: Hook<ChatRequest, ChatResponse> = {
  name: 'responses-without-store',
  run(ctx) {
    const turn = ctx.get(responsesTurn);
    if (!turn) return undefined;
    turn.store = false;
    if (turn.previousResponseId !== undefined) {
      throw new GatewayError(
        'unsupported_parameter',
        400,
        "'previous_response_id' needs stored responses, and this gateway stores none (no response store: config responses.store is false); send the earlier turns as input items.",
        { param: 'previous_response_id' },
      );
    }
    return undefined;
  },
};
