/**
 * /admin/v1/keys: create (the secret is in this one answer only), read, change and revoke
 * virtual keys. A key belongs to a team and optionally to a project of that team.
 */
import type { KeyInput } from '../../governance/store-contract.js';
import { newKeySecret } from '../../governance/keys/secret.js';
import { type Principal, canSee, requireWrite } from '../auth.js';
import { type AdminCall, type AdminHandler, json, page } from '../call.js';
import { conflict, forbidden, invalid, notFound } from '../errors.js';
import { readJson } from '../http.js';
import { keyCreateSchema, keyPatchSchema, listQuerySchema, toEpochMs } from '../schemas.js';
import { keyOut } from '../serialize.js';
import { parseWith, queryObject } from '../validate.js';
import type { AdminDeps } from '../deps.js';

const listKeys: AdminHandler = async ({ principal: p, query, deps }) => {
  const q = parseWith(listQuerySchema, queryObject(query), 'query');
  const limit = q.limit ?? 100;
  if (p.role !== 'owner' && q.team_id !== undefined && q.team_id !== p.teamId) return json(200, page([], limit, keyOut));
  const rows = await deps.tenancy.listKeys({ team_id: p.teamId ?? q.team_id, project_id: q.project_id, limit: limit + 1, after: q.after });
  return json(200, page(rows, limit, keyOut));
};

async function visibleKey({ principal, deps, id }: AdminCall) {
  const key = await deps.tenancy.getKey(id!);
  if (!key || !canSee(principal, key.team_id)) throw notFound('key', id!);
  return key;
}

const getKey: AdminHandler = async (call) => json(200, keyOut(await visibleKey(call)));

/** The team (and project) a new key goes in, checked against what the caller may see. */
async function placement(p: Principal, deps: AdminDeps, input: { project_id?: string; team_id?: string }) {
  if (input.project_id !== undefined) {
    const project = await deps.tenancy.getProject(input.project_id);
    if (!project || !canSee(p, project.team_id)) throw notFound('project', input.project_id, 'project_id');
    if (input.team_id !== undefined && input.team_id !== project.team_id) {
      throw invalid(`Project '${project.id}' is in team '${project.team_id}', not '${input.team_id}'; send project_id alone.`, 'team_id');
    }
    return { team_id: project.team_id, project_id: project.id };
  }
  if (input.team_id === undefined) throw invalid('Send project_id or team_id: the key belongs to one.', 'team_id');
  if (p.role !== 'owner' && input.team_id !== p.teamId) throw forbidden('A team_admin key manages only its own team.', 'team_id');
  if (!(await deps.tenancy.getTeam(input.team_id))) throw notFound('team', input.team_id, 'team_id');
  return { team_id: input.team_id, project_id: null };
}

/** expires_at as epoch ms, refused when already past (a key that never works is a mistake). */
function expiry(value: string | number | null | undefined, now: number): number | null | undefined {
  if (value === undefined || value === null) return value;
  const ms = toEpochMs(value);
  if (ms <= now) throw invalid(`Field 'expires_at': ${new Date(ms).toISOString()} is in the past; to end a key now, revoke it.`, 'expires_at');
  return ms;
}

const createKey: AdminHandler = async ({ principal: p, req, deps, now }) => {
  requireWrite(p);
  const { project_id, team_id, expires_at, ...rest } = parseWith(keyCreateSchema, await readJson(req), 'body');
  const where = await placement(p, deps, { project_id, team_id });
  const secret = newKeySecret();
  const input = { ...(rest as KeyInput & { name: string }), ...where, expires_at: expiry(expires_at, now), key_hash: secret.hash, key_prefix: secret.prefix };
  const key = await deps.tenancy.createKey(p.actor, input);
  const { id, object, ...fields } = keyOut(key);
  return json(201, { id, object, key: secret.secret, ...fields });
};

const updateKey: AdminHandler = async (call) => {
  const { principal: p, req, deps, id, now } = call;
  requireWrite(p);
  const current = await visibleKey(call);
  const { expires_at, ...rest } = parseWith(keyPatchSchema, await readJson(req), 'body');
  if (Object.keys(rest).length === 0 && expires_at === undefined) throw invalid('The body changes nothing; send at least one field.');
  if (current.revoked_at !== null) throw conflict(`Key '${id}' is revoked; a revoked key cannot be changed.`);
  const patch: KeyInput = { ...(rest as KeyInput) };
  if (expires_at !== undefined) patch.expires_at = expiry(expires_at, now);
  const key = await deps.tenancy.updateKey(p.actor, id!, patch);
  if (!key) throw notFound('key', id!);
  return json(200, keyOut(key));
};

const revokeKey: AdminHandler = async (call) => {
  const { principal: p, deps, id, now } = call;
  requireWrite(p);
  await visibleKey(call);
  const key = await deps.tenancy.revokeKey(p.actor, id!, now);
  if (!key) throw notFound('key', id!);
  return json(200, keyOut(key));
};

/** Handlers of /admin/v1/keys and /admin/v1/keys/{id}; DELETE revokes. */
export const keyRoutes = {
  collection: { GET: listKeys, POST: createKey },
  item: { GET: getKey, PATCH: updateKey, DELETE: revokeKey },
};
