/**
 * The prepare hook of the Responses API's conversation state: `previous_response_id` becomes the
 * earlier turns (each stored turn's input items, then its output items) as canonical messages,
 * after this turn's instructions and before its input, as OpenAI does (earlier instructions are
 * not carried over). item_reference items in the input are replaced by the stored items they name.
 */
import { GatewayError, invalidRequest } from '../core/errors.js';
import { responseIdOfItem } from '../core/ids.js';
import type { ChatRequest, ChatResponse } from '../core/types.js';
import type { Hook } from '../pipeline/contract.js';
import { type ResponsesItem, responsesTurn } from '../pipeline/operations/responses.js';
import { type ResponseStore, type StoredResponse, tenantOf } from './store-contract.js';

/** How far back a chain of previous_response_id is followed before it is refused. */
export const DEFAULT_MAX_CHAIN = 100;

function outputOf(record: StoredResponse): ResponsesItem[] {
  const output = record.response.output;
  return Array.isArray(output) ? (output as ResponsesItem[]) : [];
}

/** The stored turns of a chain, oldest first; 404 for any missing link. */
async function loadChain(
  store: ResponseStore,
  tenant: string,
  lastId: string,
  maxChain: number,
  loaded: Map<string, StoredResponse>,
): Promise<StoredResponse[]> {
  const chain: StoredResponse[] = [];
  let id: string | undefined = lastId;
  while (id !== undefined) {
    if (chain.length >= maxChain) {
      throw invalidRequest(
        `The conversation of previous_response_id '${lastId}' chains more than ${maxChain} responses; start a new one with the history as input items.`,
        'previous_response_id',
      );
    }
    const record: StoredResponse | undefined = await store.get(tenant, id);
    if (!record) {
      const which = id === lastId ? `Previous response with id '${id}'` : `Response '${id}', an earlier turn of '${lastId}',`;
      throw new GatewayError('response_not_found', 404, `${which} not found: it was not stored (store: false), has expired, or belongs to another caller.`, {
        param: 'previous_response_id',
      });
    }
    loaded.set(record.id, record);
    chain.push(record);
    id = record.previousResponseId;
  }
  return chain.reverse();
}

function findItem(record: StoredResponse | undefined, id: string): ResponsesItem | undefined {
  return record ? outputOf(record).find((item) => item.id === id) : undefined;
}

/** The input with each item_reference replaced by the stored output item it names; 404 for one not found. */
async function resolveReferences(store: ResponseStore, tenant: string, input: ResponsesItem[], loaded: Map<string, StoredResponse>): Promise<ResponsesItem[]> {
  const out: ResponsesItem[] = [];
  for (const [i, item] of input.entries()) {
    if (item.type !== 'item_reference') {
      out.push(item);
      continue;
    }
    const id = String(item.id);
    let found: ResponsesItem | undefined;
    for (const record of loaded.values()) if ((found = findItem(record, id))) break;
    const responseId = found ? undefined : responseIdOfItem(id);
    if (responseId !== undefined) {
      if (!loaded.has(responseId)) {
        const record = await store.get(tenant, responseId);
        if (record) loaded.set(responseId, record);
      }
      found = findItem(loaded.get(responseId), id);
    }
    if (!found) {
      throw new GatewayError('response_not_found', 404, `Item with id '${id.slice(0, 80)}' not found: only items of stored responses can be referenced.`, {
        param: `input[${i}].id`,
      });
    }
    out.push(found);
  }
  return out;
}

/** The prepare hook that expands previous_response_id and item_reference from the store. */
export function responsesHistoryHook(store: ResponseStore, maxChain = DEFAULT_MAX_CHAIN): Hook<ChatRequest, ChatResponse> {
  return {
    name: 'responses-history',
    async run(ctx) {
      const turn = ctx.get(responsesTurn);
      if (!turn || (turn.previousResponseId === undefined && !turn.hasReferences)) return undefined;
      const tenant = tenantOf(ctx.identity);
      const loaded = new Map<string, StoredResponse>();
      const chain = turn.previousResponseId === undefined ? [] : await loadChain(store, tenant, turn.previousResponseId, maxChain, loaded);
      const messages = ctx.request.messages;
      const instructions = messages.slice(0, turn.instructionMessages);
      let current = messages.slice(turn.instructionMessages);
      if (turn.hasReferences) {
        // What is stored for this turn is the input as resolved, so later turns need no references.
        turn.input = await resolveReferences(store, tenant, turn.input, loaded);
        current = turn.itemsToMessages(turn.input, 'input');
      }
      const earlier = turn.itemsToMessages(
        chain.flatMap((record) => [...record.input, ...outputOf(record)]),
        'previous_response_id',
      );
      ctx.request = { ...ctx.request, messages: [...instructions, ...earlier, ...current] };
      return undefined;
    },
  };
}
