/**
 * /admin/v1/experiments: the owner's experiments are global (any team's traffic, narrowed by
 * `teams`); a team_admin's belong to its team (that team's traffic only); a viewer reads its
 * team's. Results compare the variants with the always-valid test at every call.
 */
import { z } from 'zod';
import type { Experiment } from '../../prompts/experiments/definition.js';
import { EXPERIMENT_ID, experimentDefinitionSchema, parseDefinition } from '../../prompts/experiments/definition.js';
import type { AdminExperiments } from '../experiments-contract.js';
import { requireWrite } from '../auth.js';
import type { AdminCall, AdminHandler } from '../call.js';
import { json } from '../call.js';
import { AdminError, forbidden, invalid, notFound } from '../errors.js';
import { readJson } from '../http.js';
import type { NestedRoute } from '../nested-routes.js';
import { parseWith } from '../validate.js';

const patchSchema = z
  .object({
    status: z.enum(['running', 'paused', 'stopped']).optional(),
    weights: z.record(z.string(), z.number().positive().finite()).optional(),
    description: z.string().max(2000).nullable().optional(),
  })
  .strict();

/** The wire object. */
export function experimentOut(e: Experiment) {
  const { name, ...definition } = e.definition;
  return {
    object: 'experiment' as const,
    id: e.id,
    name,
    scope: e.tenant === 'global' ? 'global' : 'team',
    team_id: e.tenant.startsWith('team:') ? e.tenant.slice(5) : null,
    status: e.status,
    ...definition,
    decision: e.decision ?? null,
    created_at: e.createdAt,
    updated_at: e.updatedAt,
  };
}

function feature(call: AdminCall): AdminExperiments {
  const experiments = call.deps.experiments;
  if (!experiments) throw new AdminError('not_found', 'Experiments are not available in this gateway.');
  return experiments;
}

function tenantOf(call: AdminCall): string {
  return call.principal.role === 'owner' ? 'global' : `team:${call.principal.teamId}`;
}

/** The experiment, when the caller may see it: the owner sees all; a team's key its team's. */
async function visible(call: AdminCall): Promise<Experiment> {
  const id = call.params?.id ?? '';
  const experiment = EXPERIMENT_ID.test(id) ? await feature(call).store.get(id) : undefined;
  if (!experiment || (call.principal.role !== 'owner' && experiment.tenant !== tenantOf(call))) throw notFound('experiment', id);
  return experiment;
}

const list: AdminHandler = async (call) => {
  const rows = await feature(call).store.list(call.principal.role === 'owner' ? undefined : tenantOf(call));
  return json(200, { object: 'list', data: rows.map(experimentOut), has_more: false });
};

const create: AdminHandler = async (call) => {
  requireWrite(call.principal);
  const body = await readJson(call.req);
  parseWith(experimentDefinitionSchema, body, 'body');
  const definition = parseDefinition(body);
  if (call.principal.role !== 'owner' && definition.teams && definition.teams.some((t) => t !== call.principal.teamId))
    throw forbidden("A team_admin key's experiments see only its own team's traffic.", 'teams');
  const experiment = await feature(call).store.create(call.principal.actor, tenantOf(call), definition);
  return json(201, experimentOut(experiment));
};

const show: AdminHandler = async (call) => json(200, experimentOut(await visible(call)));

const update: AdminHandler = async (call) => {
  requireWrite(call.principal);
  const before = await visible(call);
  const patch = parseWith(patchSchema, await readJson(call.req), 'body');
  if (Object.keys(patch).length === 0) throw invalid('The body changes nothing; send status, weights or description.');
  if (before.status === 'stopped' || before.status === 'promoted') {
    if (patch.status !== undefined || patch.weights !== undefined)
      throw invalid(`Experiment '${before.definition.name}' is ${before.status}: it cannot run again.`, 'status');
  }
  for (const name of Object.keys(patch.weights ?? {}))
    if (!before.definition.variants.some((v) => v.name === name)) throw invalid(`No variant is named '${name}'.`, `weights.${name}`);
  const after = await feature(call).store.update(call.principal.actor, before.id, patch);
  if (!after) throw notFound('experiment', before.id);
  return json(200, experimentOut(after));
};

const remove: AdminHandler = async (call) => {
  requireWrite(call.principal);
  const experiment = await visible(call);
  await feature(call).store.delete(call.principal.actor, experiment.id);
  return json(200, { object: 'experiment', id: experiment.id, deleted: true });
};

const results: AdminHandler = async (call) => {
  const experiment = await visible(call);
  return json(200, await feature(call).results(experiment));
};

const nested: NestedRoute[] = [
  { path: '{id}', table: { GET: show, PATCH: update, DELETE: remove } },
  { path: '{id}/results', table: { GET: results } },
];

/** Handlers of /admin/v1/experiments, /admin/v1/experiments/{id} and /admin/v1/experiments/{id}/results. */
export const experimentRoutes = { collection: { GET: list, POST: create }, nested, noun: 'experiment' };
