/**
 * POST /v1/feedback: an end user's score or label on an earlier request. The caller is
 * authenticated as for model calls, and the feedback is attributed to its identity (team,
 * project, key, end user from x-switchboard-user), never to anything the body says.
 */
import type { IncomingMessage } from 'node:http';
import { GatewayError, invalidRequest, toGatewayError } from '../../core/errors.js';
import type { CallerIdentity } from '../../pipeline/context.js';
import type { Logger } from '../../pipeline/services.js';
import type { FeedbackStore } from '../../prompts/experiments/results-contract.js';
import type { EncodedError } from '../ingress.js';
import { parseJsonBody, readBody, requireJsonContentType } from '../read-body.js';
import { baseHeaders, sendError, sendJson } from '../respond.js';
import type { Handler, RequestMeta } from '../route.js';
import { FEEDBACK_BODY_LIMIT, MAX_REQUEST_ID, parseFeedbackBody } from './body.js';
import { type RequestLookup, requestAccepts } from './request-check.js';

/** What the route needs from the server and the app. */
export interface FeedbackRouteDeps {
  store: FeedbackStore;
  /** Finds the request the feedback names; undefined when the gateway keeps no request log. */
  lookup?: RequestLookup;
  /** Runs the authenticate phase; throws the refusal. Returns who is calling. */
  authenticate(req: IncomingMessage, meta: RequestMeta): Promise<CallerIdentity | undefined>;
  encodeError(error: GatewayError): EncodedError;
  logger: Logger;
  /** ms since the epoch (tests move it). */
  now?(): number;
}

const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/** The end user the caller acts for, from x-switchboard-user (checked as the model routes check it). */
function endUserOf(req: IncomingMessage): string | undefined {
  const header = req.headers['x-switchboard-user'];
  if (typeof header !== 'string' || header === '') return undefined;
  if (header.length > MAX_REQUEST_ID) throw invalidRequest(`The end user id is longer than ${MAX_REQUEST_ID} characters.`, 'x-switchboard-user');
  if (CONTROL_CHARACTERS.test(header)) throw invalidRequest('The end user id contains control characters.', 'x-switchboard-user');
  return header;
}

/** The POST /v1/feedback handler. */
export function feedbackRoute(deps: FeedbackRouteDeps): Handler {
  const now = deps.now ?? Date.now;
  return async (req, res, meta) => {
    try {
      // Authenticate before reading the body: a refused caller costs no body read.
      const identity = await deps.authenticate(req, meta);
      requireJsonContentType(req.headers['content-type']);
      const body = parseFeedbackBody(parseJsonBody(await readBody(req, FEEDBACK_BODY_LIMIT)));
      const endUser = endUserOf(req);
      const team = identity?.team;
      if (deps.lookup && !(await requestAccepts(deps.lookup, body.requestId, team, now()))) {
        // Another team's request gets the same answer as an absent one: its existence is not revealed.
        throw new GatewayError('request_not_found', 404, 'No request with this request_id was found for this caller.', { param: 'request_id' });
      }
      const time = now();
      const { id } = await deps.store.add({
        requestId: body.requestId,
        time,
        teamId: team,
        projectId: identity?.project,
        keyId: identity?.keyId,
        endUser,
        score: body.score,
        label: body.label,
        comment: body.comment,
      });
      sendJson(
        res,
        201,
        { object: 'feedback', id, request_id: body.requestId, created_at: Math.floor(time / 1000) },
        baseHeaders(meta.requestId, meta.startedAt),
      );
    } catch (err) {
      const error = toGatewayError(err);
      if (error.status >= 500) deps.logger.error({ requestId: meta.requestId, err }, 'feedback could not be stored');
      // A refusal before the body was read: drain it so the connection stays usable.
      req.resume();
      sendError(res, deps.encodeError(error), baseHeaders(meta.requestId, meta.startedAt));
    }
  };
}
