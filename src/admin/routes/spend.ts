/** GET /admin/v1/spend: spend grouped by team, project, key, user or model over days, as JSON or CSV. */
import type { SpendRow } from '../../governance/store-contract.js';
import { type AdminHandler, json } from '../call.js';
import { toCsv } from '../csv.js';
import { dayIn, daysBetween } from '../days.js';
import { invalid } from '../errors.js';
import { spendQuerySchema } from '../schemas.js';
import { parseWith, queryObject } from '../validate.js';

/** Longest range one query may cover (ten years of daily rollups). */
const MAX_DAYS = 3660;

/** The group fields a CSV shows, in this order, when rows carry them. */
const GROUP_COLUMNS = ['team_id', 'team_name', 'project_id', 'project_name', 'key_id', 'key_name', 'user', 'model'] as const;
const METRIC_COLUMNS = ['usd', 'input_tokens', 'output_tokens', 'requests', 'saved_usd', 'cache_hits'] as const;

function wantsCsv(format: string | undefined, accept: string | undefined): boolean {
  if (format !== undefined) return format === 'csv';
  return accept !== undefined && /(^|,)\s*text\/csv\s*(;|,|$)/i.test(accept);
}

const getSpend: AdminHandler = async ({ principal: p, query, deps, req, now }) => {
  const q = parseWith(spendQuerySchema, queryObject(query), 'query');
  const today = dayIn(deps.timezone, now);
  const from = q.from ?? `${today.slice(0, 8)}01`;
  const to = q.to ?? today;
  const span = daysBetween(from, to);
  if (span < 1) throw invalid(`Query parameter 'to' (${to}) is before 'from' (${from}).`, 'to');
  if (span > MAX_DAYS) throw invalid(`The range ${from}..${to} is longer than ${MAX_DAYS} days; ask for less.`, 'from');
  let rows: SpendRow[];
  // A team admin or viewer sees its own team's spend only; asking for another team's gets nothing.
  if (p.role !== 'owner' && q.team_id !== undefined && q.team_id !== p.teamId) rows = [];
  else rows = await deps.ledger.spend(q.group_by, from, to, p.teamId ?? q.team_id);
  if (wantsCsv(q.format, req.headers.accept)) {
    const columns = [...GROUP_COLUMNS.filter((c) => rows.some((r) => r[c] !== undefined)), ...METRIC_COLUMNS];
    return { csv: toCsv(columns, rows as unknown as Record<string, unknown>[]), filename: `spend-${q.group_by}-${from}-${to}.csv` };
  }
  return json(200, { object: 'list', group_by: q.group_by, from, to, data: rows });
};

/** Handler of /admin/v1/spend. */
export const spendRoutes = { collection: { GET: getSpend } };
