/** Paging input items: ids for items stored without one, order, cursors, and the query's bounds. */
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../core/errors.js';
import { listedInputItems, pageInputItems, parseInputItemsQuery } from './list-input-items.js';

const ids = (items: Record<string, unknown>[]) => items.map((item) => item.id);

describe('listedInputItems', () => {
  it('keeps string ids and gives every other item one from the response id and its position', () => {
    const items = listedInputItems('resp_Ab9', [{ id: 'msg_x' }, {}, { id: '' }, { id: 42 }, { id: null }]);
    expect(ids(items)).toEqual(['msg_x', 'item_Ab9_1', 'item_Ab9_2', 'item_Ab9_3', 'item_Ab9_4']);
  });
});

describe('pageInputItems', () => {
  const items = listedInputItems('resp_r', [{}, {}, {}, {}]);

  it('pages in either order and says whether more follow', () => {
    expect(pageInputItems(items, { limit: 3, order: 'asc' })).toEqual({ items: items.slice(0, 3), hasMore: true });
    expect(ids(pageInputItems(items, { limit: 3, order: 'desc' }).items)).toEqual(['item_r_3', 'item_r_2', 'item_r_1']);
    expect(pageInputItems(items, { limit: 4, order: 'asc' }).hasMore).toBe(false);
    expect(ids(pageInputItems(items, { limit: 2, order: 'desc', after: 'item_r_2' }).items)).toEqual(['item_r_1', 'item_r_0']);
  });

  it('refuses a cursor that names no item', () => {
    expect(() => pageInputItems(items, { limit: 2, order: 'asc', after: 'item_r_9' })).toThrow(GatewayError);
  });
});

describe('parseInputItemsQuery', () => {
  it('defaults to 20, last first, no cursor', () => {
    expect(parseInputItemsQuery('')).toEqual({ limit: 20, order: 'desc' });
    expect(parseInputItemsQuery('limit=100&order=asc&after=msg_1&include=x')).toEqual({ limit: 100, order: 'asc', after: 'msg_1' });
  });

  it('names the parameter at fault', () => {
    for (const [query, param] of [
      ['limit=0', 'limit'],
      ['limit=1e2', 'limit'],
      ['order=random', 'order'],
      ['order=asc&order=desc', 'order'],
      ['after=%0A', 'after'],
    ]) {
      try {
        parseInputItemsQuery(query!);
        throw new Error(`accepted ${query}`);
      } catch (err) {
        expect((err as GatewayError).param).toBe(param);
      }
    }
  });
});
