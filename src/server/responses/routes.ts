/**
 * The stored-response routes under /v1/responses/{id}: GET (the response), DELETE, and
 * GET …/input_items. POST /v1/responses itself is an operation route, wired elsewhere.
 */
import type { PathRouter } from '../route.js';
import { deleteResponse } from './delete-response.js';
import { getResponse } from './get-response.js';
import { listInputItems } from './list-input-items.js';
import { storedResponseRoute, type StoredResponseRouteDeps } from './stored-response-route.js';

const PREFIX = '/v1/responses/';

/** Matches /v1/responses/{id} and /v1/responses/{id}/input_items; the id is checked by the handlers. */
export function storedResponseRoutes(deps: StoredResponseRouteDeps): PathRouter {
  const byId = new Map([
    ['GET', storedResponseRoute(deps, getResponse)],
    ['DELETE', storedResponseRoute(deps, deleteResponse)],
  ]);
  const inputItems = new Map([['GET', storedResponseRoute(deps, listInputItems)]]);
  return (path) => {
    if (!path.startsWith(PREFIX)) return undefined;
    const rest = path.slice(PREFIX.length);
    const slash = rest.indexOf('/');
    if (slash < 0) return rest === '' ? undefined : { methods: byId, param: rest };
    if (rest.slice(slash) === '/input_items' && slash > 0) return { methods: inputItems, param: rest.slice(0, slash) };
    return undefined;
  };
}
