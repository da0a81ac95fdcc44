/**
 * The response cache's admin routes: POST /admin/v1/cache/purge (owners anything, team admins
 * their own team only, always audited) and GET /admin/v1/cache/stats (what the cache did, from the
 * request log, per team or model; team admins see their team only).
 */
import { requireWrite } from '../auth.js';
import type { AdminCacheControls, CacheStats } from '../cache-contract.js';
import { cachePurgeSchema, cacheStatsQuerySchema, ageMs } from '../cache-schemas.js';
import { type AdminCall, type AdminHandler, json } from '../call.js';
import { AdminError, forbidden, invalid } from '../errors.js';
import { readJson } from '../http.js';
import { checkRange, scopedTeam, timeMs } from '../request-filters.js';
import { parseWith, queryObject } from '../validate.js';
import { readerOf } from './requests.js';

/** The range shown when none is asked for: the last day. */
const DEFAULT_RANGE_MS = 86_400_000;

function cacheOf(call: AdminCall): AdminCacheControls {
  if (!call.deps.cache) throw new AdminError('cache_disabled', 'The response cache is off in this gateway (no cache: block in its config).');
  return call.deps.cache;
}

/** Whether a scope string is a team's own or under it (the cache's scopes are team:ID[/...]). */
function withinTeam(scope: string, team: string): boolean {
  return scope === `team:${team}` || scope.startsWith(`team:${team}/`);
}

const purge: AdminHandler = async (call) => {
  const { principal: p, deps, req, now } = call;
  requireWrite(p);
  const cache = cacheOf(call);
  const body = parseWith(cachePurgeSchema, await readJson(req), 'body');
  const filtered = body.team !== undefined || body.scope !== undefined || body.namespace !== undefined || body.older_than !== undefined;
  if (!filtered && body.all !== true)
    throw invalid('The body names no filter (team, scope, namespace, older_than): send {"all": true} to purge every entry you may purge.', 'all');
  if (filtered && body.all === true) throw invalid('"all" purges without filters: send it alone, or send filters without it.', 'all');
  let team = body.team;
  if (p.role !== 'owner') {
    if (team !== undefined && team !== p.teamId) throw forbidden(`This key belongs to team '${p.teamId}': it cannot purge another team's entries.`, 'team');
    if (body.scope !== undefined && !withinTeam(body.scope, p.teamId))
      throw forbidden(`This key belongs to team '${p.teamId}': the scope must be team:${p.teamId} or under it.`, 'scope');
    team = p.teamId;
  }
  const filter = {
    ...(team !== undefined && { team }),
    ...(body.scope !== undefined && { scope: body.scope }),
    ...(body.namespace !== undefined && { namespace: body.namespace }),
    ...(body.older_than !== undefined && { createdBefore: now - ageMs(body.older_than)! }),
  };
  const purged = await cache.purge(filter);
  await deps.audit.append({
    time: now,
    actor_key_id: p.actor.key_id,
    actor_role: p.actor.role,
    action: 'cache.purged',
    object_type: 'cache',
    object_id: team ?? 'all',
    team_id: team ?? null,
    before: null,
    after: JSON.stringify({ filter: { team, scope: body.scope, namespace: body.namespace, older_than: body.older_than }, purged }),
  });
  return json(200, { object: 'cache.purge', purged });
};

const stats: AdminHandler = async (call) => {
  const { principal: p, query, deps, now } = call;
  const q = parseWith(cacheStatsQuerySchema, queryObject(query), 'query');
  const to = timeMs(q.to, 'to') ?? now;
  const from = timeMs(q.from, 'from') ?? to - DEFAULT_RANGE_MS;
  checkRange(from, to);
  const groupBy = q.group_by ?? 'team';
  const data = await readerOf(deps).cacheStats({ from, to, groupBy, team: scopedTeam(p, q.team) });
  // The store is sized as a whole, not per team: only the owner sees its size.
  const size = p.role === 'owner' && deps.cache ? deps.cache.stats() : undefined;
  const answer: CacheStats & { object: 'cache.stats' } = {
    object: 'cache.stats',
    from,
    to,
    group_by: groupBy,
    entries: size?.entries ?? null,
    bytes: size?.bytes ?? null,
    data,
  };
  return json(200, answer);
};

/** Handlers of /admin/v1/cache/purge and /admin/v1/cache/stats. */
export const cacheRoutes = { collection: {}, words: { purge: { POST: purge }, stats: { GET: stats } } };
