/** GET /admin/v1/requests (search the request log) and GET /admin/v1/requests/{id} (one request's detail). */
import { InvalidCursorError } from '../../storage/request-log/query.js';
import type { RequestLogReader, StatusFilter } from '../../storage/request-log/query.js';
import { type AdminHandler, json } from '../call.js';
import type { AdminDeps } from '../deps.js';
import { AdminError, invalid, notFound } from '../errors.js';
import { checkRange, scopedTeam, timeMs } from '../request-filters.js';
import { requestSearchQuerySchema } from '../requests-schemas.js';
import { parseWith, queryObject } from '../validate.js';

/** The default page size. */
const DEFAULT_LIMIT = 50;

/** The request log's reader, or a 404 when this gateway has none. */
export function readerOf(deps: AdminDeps): RequestLogReader {
  if (!deps.requestLog) throw new AdminError('not_found', 'This gateway serves no request log.');
  return deps.requestLog;
}

function statusFilter(status: string | undefined): StatusFilter | undefined {
  if (status === undefined) return undefined;
  if (status.endsWith('xx')) {
    const min = Number(status[0]) * 100;
    return { min, max: min + 100 };
  }
  return { exact: Number(status) };
}

const searchRequests: AdminHandler = async ({ principal: p, query, deps }) => {
  const q = parseWith(requestSearchQuerySchema, queryObject(query), 'query');
  const from = timeMs(q.from, 'from');
  const to = timeMs(q.to, 'to');
  checkRange(from, to);
  const reader = readerOf(deps);
  try {
    const page = await reader.search({
      from,
      to,
      team: scopedTeam(p, q.team),
      project: q.project,
      key: q.key,
      user: q.user,
      model: q.model,
      provider: q.provider,
      status: statusFilter(q.status),
      errorCode: q.error_code,
      cache: q.cache,
      guardrail: q.guardrail,
      guardrailOutcome: q.guardrail_outcome,
      prompt: q.prompt,
      promptVersion: q.prompt_version,
      q: q.q,
      limit: q.limit ?? DEFAULT_LIMIT,
      cursor: q.cursor,
    });
    return json(200, page);
  } catch (err) {
    if (err instanceof InvalidCursorError) throw invalid(err.message, 'cursor');
    throw err;
  }
};

const getRequest: AdminHandler = async ({ principal: p, id, deps }) => {
  const detail = await readerOf(deps).detail(id!, p.role === 'owner' ? undefined : p.teamId);
  // Another team's request gets the same 404 as an absent one: its existence is not revealed.
  if (!detail) throw notFound('request', id!);
  return json(200, detail);
};

/** Handlers of /admin/v1/requests and /admin/v1/requests/{id}. */
export const requestRoutes = { collection: { GET: searchRequests }, item: { GET: getRequest } };
