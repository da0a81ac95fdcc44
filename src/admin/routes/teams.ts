/** /admin/v1/teams: the owner creates and deletes teams and sets their caps, regions and guardrails; a team's own admins read it and rename it. */
import type { TeamInput } from '../../governance/store-contract.js';
import { canSee, requireOwner, requireWrite } from '../auth.js';
import { type AdminCall, type AdminHandler, json, page } from '../call.js';
import { conflict, forbidden, invalid, notFound } from '../errors.js';
import { readJson } from '../http.js';
import { listQuerySchema, teamCreateSchema, teamPatchSchema } from '../schemas.js';
import { teamOut } from '../serialize.js';
import { parseWith, queryObject } from '../validate.js';
import { refuseMaskedAlerts } from './masked.js';

/**
 * Fields only the owner may set on a team: its caps, its residency and its guardrails (controls a
 * team admin must not lift for itself), and alert URLs (the gateway posts to them: SSRF).
 */
const OWNER_ONLY_FIELDS = ['budget', 'limits', 'user_budget', 'user_limits', 'regions', 'guardrails', 'alerts'] as const;

const listTeams: AdminHandler = async ({ principal: p, query, deps }) => {
  const q = parseWith(listQuerySchema.pick({ limit: true, after: true }), queryObject(query), 'query');
  const limit = q.limit ?? 100;
  if (p.role !== 'owner') {
    const own = q.after === undefined ? await deps.tenancy.getTeam(p.teamId) : undefined;
    return json(200, page(own ? [own] : [], limit, teamOut));
  }
  return json(200, page(await deps.tenancy.listTeams({ limit: limit + 1, after: q.after }), limit, teamOut));
};

async function visibleTeam({ principal, deps, id }: AdminCall) {
  const team = await deps.tenancy.getTeam(id!);
  if (!team || !canSee(principal, team.id)) throw notFound('team', id!);
  return team;
}

const getTeam: AdminHandler = async (call) => json(200, teamOut(await visibleTeam(call)));

const createTeam: AdminHandler = async ({ principal: p, req, deps }) => {
  requireOwner(p, 'creates teams');
  const body = await readJson(req);
  refuseMaskedAlerts(body);
  const input = parseWith(teamCreateSchema, body, 'body');
  return json(201, teamOut(await deps.tenancy.createTeam(p.actor, input as TeamInput & { name: string })));
};

const updateTeam: AdminHandler = async (call) => {
  const { principal: p, req, deps, id } = call;
  requireWrite(p);
  await visibleTeam(call);
  const body = await readJson(req);
  refuseMaskedAlerts(body);
  const patch = parseWith(teamPatchSchema, body, 'body');
  if (Object.keys(patch).length === 0) throw invalid('The body changes nothing; send at least one field.');
  if (p.role !== 'owner') {
    const field = OWNER_ONLY_FIELDS.find((f) => f in patch);
    if (field)
      throw forbidden(`Only the owner (the config's admin_key) sets a team's budget, limits, user_budget, user_limits, regions, guardrails and alerts.`, field);
  }
  const team = await deps.tenancy.updateTeam(p.actor, id!, patch as TeamInput);
  if (!team) throw notFound('team', id!);
  return json(200, teamOut(team));
};

const deleteTeam: AdminHandler = async ({ principal: p, deps, id }) => {
  requireOwner(p, 'deletes teams');
  const outcome = await deps.tenancy.deleteTeam(p.actor, id!);
  if (outcome === 'not_found') throw notFound('team', id!);
  if (outcome === 'not_empty') throw conflict(`Team '${id}' still has projects or live keys: delete the projects and revoke the keys first.`);
  return json(200, { id, object: 'team', deleted: true });
};

/** Handlers of /admin/v1/teams and /admin/v1/teams/{id}. */
export const teamRoutes = {
  collection: { GET: listTeams, POST: createTeam },
  item: { GET: getTeam, PATCH: updateTeam, DELETE: deleteTeam },
};
