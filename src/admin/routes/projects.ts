/** /admin/v1/projects: the owner anywhere, a team admin inside its team, a viewer reads its team's. */
import type { ProjectInput } from '../../governance/store-contract.js';
import { canSee, requireWrite } from '../auth.js';
import { type AdminCall, type AdminHandler, json, page } from '../call.js';
import { conflict, forbidden, invalid, notFound } from '../errors.js';
import { readJson } from '../http.js';
import { listQuerySchema, projectCreateSchema, projectPatchSchema } from '../schemas.js';
import { projectOut } from '../serialize.js';
import { parseWith, queryObject } from '../validate.js';

const listProjects: AdminHandler = async ({ principal: p, query, deps }) => {
  const q = parseWith(listQuerySchema.pick({ team_id: true, limit: true, after: true }), queryObject(query), 'query');
  const limit = q.limit ?? 100;
  // A team admin asking for another team's projects gets an empty list: nothing tells whether that team exists.
  if (p.role !== 'owner' && q.team_id !== undefined && q.team_id !== p.teamId) return json(200, page([], limit, projectOut));
  const rows = await deps.tenancy.listProjects({ team_id: p.teamId ?? q.team_id, limit: limit + 1, after: q.after });
  return json(200, page(rows, limit, projectOut));
};

async function visibleProject({ principal, deps, id }: AdminCall) {
  const project = await deps.tenancy.getProject(id!);
  if (!project || !canSee(principal, project.team_id)) throw notFound('project', id!);
  return project;
}

const getProject: AdminHandler = async (call) => json(200, projectOut(await visibleProject(call)));

const createProject: AdminHandler = async ({ principal: p, req, deps }) => {
  requireWrite(p);
  const input = parseWith(projectCreateSchema, await readJson(req), 'body');
  if (p.role !== 'owner' && input.team_id !== p.teamId) throw forbidden('A team_admin key manages only its own team.', 'team_id');
  if (!(await deps.tenancy.getTeam(input.team_id))) throw notFound('team', input.team_id, 'team_id');
  return json(201, projectOut(await deps.tenancy.createProject(p.actor, input as ProjectInput & { name: string; team_id: string })));
};

const updateProject: AdminHandler = async (call) => {
  const { principal: p, req, deps, id } = call;
  requireWrite(p);
  await visibleProject(call);
  const patch = parseWith(projectPatchSchema, await readJson(req), 'body');
  if (Object.keys(patch).length === 0) throw invalid('The body changes nothing; send at least one field.');
  const project = await deps.tenancy.updateProject(p.actor, id!, patch as ProjectInput);
  if (!project) throw notFound('project', id!);
  return json(200, projectOut(project));
};

const deleteProject: AdminHandler = async (call) => {
  const { principal: p, deps, id } = call;
  requireWrite(p);
  await visibleProject(call);
  const outcome = await deps.tenancy.deleteProject(p.actor, id!);
  if (outcome === 'not_found') throw notFound('project', id!);
  if (outcome === 'not_empty') throw conflict(`Project '${id}' still has live keys: revoke them first.`);
  return json(200, { id, object: 'project', deleted: true });
};

/** Handlers of /admin/v1/projects and /admin/v1/projects/{id}. */
export const projectRoutes = {
  collection: { GET: listProjects, POST: createProject },
  item: { GET: getProject, PATCH: updateProject, DELETE: deleteProject },
};
