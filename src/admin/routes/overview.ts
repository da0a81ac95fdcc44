/** GET /admin/v1/overview: the request log's time series (requests, errors, tokens, cost, latency percentiles), optionally split. */
import type { BucketName } from '../../storage/request-log/query.js';
import { BUCKET_MS } from '../../storage/request-log/query.js';
import { type AdminHandler, json } from '../call.js';
import { invalid } from '../errors.js';
import { checkRange, scopedTeam, timeMs } from '../request-filters.js';
import { overviewQuerySchema } from '../requests-schemas.js';
import { parseWith, queryObject } from '../validate.js';
import { readerOf } from './requests.js';

/** The range shown when none is asked for: the last day. */
const DEFAULT_RANGE_MS = 86_400_000;
/** Buckets the automatic width aims below. */
const AUTO_BUCKETS = 200;
/** Buckets an explicit width may produce at most. */
const MAX_BUCKETS = 2000;

/** The narrowest width that keeps the range within AUTO_BUCKETS buckets (day for anything longer). */
export function autoBucket(span: number): BucketName {
  if (span <= AUTO_BUCKETS * BUCKET_MS.minute) return 'minute';
  if (span <= AUTO_BUCKETS * BUCKET_MS.hour) return 'hour';
  return 'day';
}

const getOverview: AdminHandler = async ({ principal: p, query, deps, now }) => {
  const q = parseWith(overviewQuerySchema, queryObject(query), 'query');
  const to = timeMs(q.to, 'to') ?? now;
  const from = timeMs(q.from, 'from') ?? to - DEFAULT_RANGE_MS;
  checkRange(from, to);
  const bucket = q.bucket ?? autoBucket(to - from);
  const count = Math.ceil((to - from) / BUCKET_MS[bucket]) + 1;
  if (count > MAX_BUCKETS)
    throw invalid(`The range holds ${count} ${bucket} buckets, more than ${MAX_BUCKETS}: ask for a wider bucket or a shorter range.`, 'bucket');
  const overview = await readerOf(deps).overview({ from, to, bucket, by: q.by, team: scopedTeam(p, q.team) });
  return json(200, overview);
};

/** Handler of /admin/v1/overview. */
export const overviewRoutes = { collection: { GET: getOverview } };
