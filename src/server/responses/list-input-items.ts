/**
 * GET /v1/responses/{id}/input_items: the input items of a stored response, as an OpenAI list
 * object, paged with `limit` (1–100, default 20), `order` (asc = as sent, desc = last first,
 * the default) and `after` (the id of the item the page starts after).
 */
import { invalidRequest } from '../../core/errors.js';
import type { InputItemsPage } from '../../responses/store-contract.js';
import { responseNotFound, type StoredResponseRequest } from './stored-response-route.js';

/** How a page is asked for. */
export interface InputItemsQuery {
  limit: number;
  order: 'asc' | 'desc';
  after?: string;
}

/** Cursor ids are item ids: bounded and printable, never used but to compare. */
const CURSOR = /^[\x21-\x7e]{1,128}$/;

/** Reads limit, order and after from a query string; 400 naming the parameter when one is wrong. */
export function parseInputItemsQuery(query: string): InputItemsQuery {
  const params = new URLSearchParams(query);
  const single = (name: string): string | undefined => {
    const values = params.getAll(name);
    if (values.length > 1) throw invalidRequest(`'${name}' was given ${values.length} times; give it once.`, name);
    return values[0];
  };
  const limitText = single('limit');
  let limit = 20;
  if (limitText !== undefined) {
    limit = /^\d{1,3}$/.test(limitText) ? Number(limitText) : Number.NaN;
    if (!(limit >= 1 && limit <= 100)) throw invalidRequest("'limit' must be an integer from 1 to 100.", 'limit');
  }
  const order = single('order') ?? 'desc';
  if (order !== 'asc' && order !== 'desc') throw invalidRequest("'order' must be 'asc' or 'desc'.", 'order');
  const after = single('after');
  if (after !== undefined && !CURSOR.test(after)) throw invalidRequest("'after' must be the id of an input item.", 'after');
  return after === undefined ? { limit, order } : { limit, order, after };
}

/**
 * The items as listed: each with an id, as OpenAI lists them. An item stored without one gets an
 * id made from the response id and its position, the same on every call, so paging by it works.
 */
export function listedInputItems(responseId: string, input: readonly Record<string, unknown>[]): Record<string, unknown>[] {
  const suffix = responseId.slice('resp_'.length);
  return input.map((item, index) => (typeof item.id === 'string' && item.id !== '' ? item : { ...item, id: `item_${suffix}_${index}` }));
}

/** One page of items in the asked order; 400 when `after` names no item. */
export function pageInputItems(items: readonly Record<string, unknown>[], query: InputItemsQuery): InputItemsPage {
  const ordered = query.order === 'asc' ? items : [...items].reverse();
  let start = 0;
  if (query.after !== undefined) {
    const at = ordered.findIndex((item) => item.id === query.after);
    if (at < 0) throw invalidRequest(`No input item with id '${query.after}' in this response.`, 'after');
    start = at + 1;
  }
  return { items: ordered.slice(start, start + query.limit), hasMore: start + query.limit < ordered.length };
}

/** The list object of a stored response's input items. */
export async function listInputItems({ store, tenant, id, query }: StoredResponseRequest): Promise<unknown> {
  const page = parseInputItemsQuery(query);
  const record = await store.get(tenant, id);
  if (!record) throw responseNotFound(id);
  const { items, hasMore } = pageInputItems(listedInputItems(id, record.input), page);
  return { object: 'list', data: items, first_id: items[0]?.id ?? null, last_id: items.at(-1)?.id ?? null, has_more: hasMore };
}
