/**
 * What the stored-response routes (GET and DELETE /v1/responses/{id}, GET …/input_items) share:
 * authenticate the caller, check the id before any query, find the caller's tenant, and answer
 * every failure in OpenAI's error format.
 */
import type { IncomingMessage } from 'node:http';
import { GatewayError, invalidRequest, toGatewayError } from '../../core/errors.js';
import type { CallerIdentity } from '../../pipeline/context.js';
import type { Logger } from '../../pipeline/services.js';
import { type ResponseStore, tenantOf } from '../../responses/store-contract.js';
import type { EncodedError } from '../ingress.js';
import { baseHeaders, sendError, sendJson } from '../respond.js';
import type { Handler, RequestMeta } from '../route.js';

/** What the routes need from the server. */
export interface StoredResponseRouteDeps {
  /** Undefined when responses are not stored (config responses.store: false). */
  store: ResponseStore | undefined;
  /** Runs the authenticate phase; throws the refusal. Returns who is calling. */
  authenticate(req: IncomingMessage, meta: RequestMeta): Promise<CallerIdentity | undefined>;
  encodeError(error: GatewayError): EncodedError;
  logger: Logger;
}

/** What one route does once the caller, the id and the store are known: the JSON body to answer 200 with. */
export interface StoredResponseRequest {
  store: ResponseStore;
  tenant: string;
  id: string;
  /** The query string without its '?' ('' when none). */
  query: string;
}

/** `resp_` then base62, 64 characters at most: what the gateway mints (OpenAI's hex ids fit too). */
const RESPONSE_ID = /^resp_[A-Za-z0-9]{1,59}$/;

/** The id, or a 400 naming `response_id` (the raw value is not echoed: it may be anything). */
export function parseResponseId(raw: string): string {
  if (!RESPONSE_ID.test(raw)) throw invalidRequest("Invalid response id: expected 'resp_' followed by 1 to 59 letters and digits.", 'response_id');
  return raw;
}

/** The 404 for an id the tenant cannot see (missing, expired, deleted, another tenant's: all alike). */
export function responseNotFound(id: string, stored = true): GatewayError {
  const why = stored ? '' : ' This gateway does not store responses (config responses.store: false).';
  return new GatewayError('response_not_found', 404, `No response with id '${id}' was found.${why}`, { param: 'response_id' });
}

/** A handler around one stored-response operation. */
export function storedResponseRoute(deps: StoredResponseRouteDeps, run: (request: StoredResponseRequest) => Promise<unknown>): Handler {
  return async (req, res, meta, param = '') => {
    const headers = baseHeaders(meta.requestId, meta.startedAt);
    try {
      const identity = await deps.authenticate(req, meta);
      const id = parseResponseId(param);
      if (!deps.store) throw responseNotFound(id, false);
      const url = req.url ?? '';
      const q = url.indexOf('?');
      const body = await run({ store: deps.store, tenant: tenantOf(identity), id, query: q >= 0 ? url.slice(q + 1) : '' });
      sendJson(res, 200, body, headers);
    } catch (err) {
      const error = toGatewayError(err);
      if (error.code === 'internal_error') deps.logger.error({ requestId: meta.requestId, err: error.cause ?? err }, 'stored response route failed');
      sendError(res, deps.encodeError(error), headers);
    }
  };
}
