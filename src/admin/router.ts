/**
 * The admin API under /admin/v1: one path router that takes every path below it, so unknown
 * paths and methods are answered in the admin API's own error shape, and only after the caller
 * has shown a key (nothing about the API's shape is told to anonymous callers).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GatewayError } from '../core/errors.js';
import type { Handler, PathRouter, RequestMeta } from '../server/route.js';
import { createAuthenticator } from './auth.js';
import type { AdminCall, Reply } from './call.js';
import type { AdminDeps } from './deps.js';
import { AdminError, adminErrorBody } from './errors.js';
import { sendAdminCsv, sendAdminJson } from './http.js';
import { resolveNested } from './nested-routes.js';
import { openApiDocument } from './openapi.js';
import { type MethodTable, RESOURCES } from './routes/index.js';
import { ID_PATTERN } from './schemas.js';
import { storeError } from './store-errors.js';

/** Every path the admin router answers starts with this. */
export const ADMIN_PREFIX = '/admin/v1/';

/** Methods handed to the admin dispatcher; it answers 405 itself for the ones a path lacks. */
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

const openApiRoute: MethodTable = { GET: async () => ({ status: 200, body: openApiDocument() }) };

/** The handlers for a path below /admin/v1/ and the id in it, or a 404. */
function resolve(rest: string, method: string): { table: MethodTable; id?: string; params?: Readonly<Record<string, string>> } {
  if (rest === 'openapi.json') return { table: openApiRoute };
  const slash = rest.indexOf('/');
  const name = slash < 0 ? rest : rest.slice(0, slash);
  const resource = Object.hasOwn(RESOURCES, name) ? RESOURCES[name] : undefined;
  if (!resource) throw new AdminError('not_found', `No admin route /admin/v1/${name.slice(0, 40)}; see /admin/v1/openapi.json.`);
  if (slash < 0) {
    if (Object.keys(resource.collection).length === 0) throw new AdminError('not_found', `No admin route /admin/v1/${name}; see /admin/v1/openapi.json.`);
    return { table: resource.collection };
  }
  const id = rest.slice(slash + 1);
  if (resource.nested) return resolveNested(resource.nested, id, method);
  if (resource.words) {
    const table = Object.hasOwn(resource.words, id) ? resource.words[id] : undefined;
    if (!table) throw new AdminError('not_found', 'No such admin route; see /admin/v1/openapi.json.');
    return { table };
  }
  if (!resource.item || id.includes('/')) throw new AdminError('not_found', 'No such admin route; see /admin/v1/openapi.json.');
  if (!ID_PATTERN.test(id)) throw new AdminError('not_found', `No ${resource.noun} with that id (ids are 1-64 letters, digits, _ or -).`);
  return { table: resource.item, id };
}

function writeReply(res: ServerResponse, requestId: string, reply: Reply): void {
  if ('csv' in reply) sendAdminCsv(res, requestId, reply.filename, reply.csv);
  else sendAdminJson(res, requestId, reply.status, reply.body);
}

function writeError(res: ServerResponse, requestId: string, error: AdminError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendAdminJson(res, requestId, error.status, adminErrorBody(error), error.headers);
}

/** Creates the admin API's path router. */
export function createAdminRouter(deps: AdminDeps): PathRouter {
  const authenticate = createAuthenticator(deps);
  const now = deps.now ?? Date.now;
  const dispatch: Handler = async (req: IncomingMessage, res: ServerResponse, meta: RequestMeta, rest?: string) => {
    try {
      const principal = await authenticate(req.headers);
      const { table, id, params } = resolve(rest ?? '', req.method ?? '');
      const handler = table[req.method ?? ''];
      if (!handler) {
        const allow = Object.keys(table).join(', ');
        throw new AdminError('method_not_allowed', `Method ${req.method} is not allowed here; use ${allow}.`, null, { allow });
      }
      const url = new URL(req.url ?? '/', 'http://admin');
      const call: AdminCall = { req, principal, query: url.searchParams, id, params, deps, now: now() };
      writeReply(res, meta.requestId, await handler(call));
    } catch (err) {
      writeError(res, meta.requestId, toAdminError(err, deps, meta.requestId));
    } finally {
      // A body nobody read (refused before reading) is drained so the connection can be reused.
      if (!req.readableEnded) req.resume();
    }
  };
  const methods = new Map(METHODS.map((m) => [m, dispatch]));
  return (path) => {
    if (path === '/admin/v1') return { methods, param: '' };
    return path.startsWith(ADMIN_PREFIX) ? { methods, param: path.slice(ADMIN_PREFIX.length) } : undefined;
  };
}

function toAdminError(err: unknown, deps: AdminDeps, requestId: string): AdminError {
  if (err instanceof AdminError) return err;
  // The caller hung up mid-body: nobody will read the answer, and it is not the gateway's fault.
  if (err instanceof GatewayError && err.code === 'client_closed') return new AdminError('invalid_request', err.message);
  const mapped = storeError(err);
  if (mapped) return mapped;
  // Never a stack trace or a driver message on the wire: those can name tables, paths or values.
  deps.logger.error({ requestId, err }, 'admin API internal error');
  return new AdminError('internal_error', `The admin API failed on this request (request id ${requestId}); the gateway's log has the details.`);
}
