/**
 * /admin/v1/prompts: the prompt registry. The owner works on the global prompts, or on a team's
 * with ?team=ID; a team_admin on its own team's only (another team reads as absent, like every
 * other resource); a viewer reads its team's. Every write is audited by the store.
 */
import { createTwoFilesPatch } from 'diff';
import { LabelConflictError, PromptNotFoundError } from '../../prompts/errors.js';
import { templateYaml } from '../../prompts/prompt-file.js';
import { GLOBAL_PROMPT_TENANT, type PromptStore } from '../../prompts/store-contract.js';
import { isLabelName, isPromptId, validateTemplate } from '../../prompts/template-schema.js';
import type { PromptVersion } from '../../prompts/types.js';
import { requireWrite } from '../auth.js';
import { type AdminCall, type AdminHandler, json, page } from '../call.js';
import { AdminError, invalid, notFound } from '../errors.js';
import { readJson } from '../http.js';
import type { NestedRoute } from '../nested-routes.js';
import {
  diffQuerySchema,
  historyQuerySchema,
  labelEventOut,
  labelMoveSchema,
  promptListQuerySchema,
  promptOut,
  promptPushSchema,
  scopeQuerySchema,
  versionListQuerySchema,
  versionOut,
} from '../prompts-schemas.js';
import { parseWith, queryObject } from '../validate.js';

/** The store, or a 404 when this gateway has none wired. */
function storeOf(call: AdminCall): PromptStore {
  if (!call.deps.prompts) throw new AdminError('not_found', 'The prompt registry is not available on this gateway.');
  return call.deps.prompts;
}

/** The tenant the call acts on, from the caller's role and ?team=. */
async function tenantOf(call: AdminCall, team: string | undefined): Promise<string> {
  const p = call.principal;
  if (p.role !== 'owner') {
    if (team !== undefined && team !== p.teamId) throw notFound('team', team, 'team');
    return `team:${p.teamId}`;
  }
  if (team === undefined) return GLOBAL_PROMPT_TENANT;
  if (!(await call.deps.tenancy.getTeam(team))) throw notFound('team', team, 'team');
  return `team:${team}`;
}

/** The {id} of the path, checked (a malformed id reads as absent). */
function promptIdOf(call: AdminCall): string {
  const id = call.params?.id ?? '';
  if (!isPromptId(id)) throw notFound('prompt', id.slice(0, 140));
  return id;
}

/** Runs a store call, mapping the registry's typed errors to admin answers. */
async function mapped<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (err instanceof PromptNotFoundError) throw new AdminError('not_found', `${err.message}.`);
    if (err instanceof LabelConflictError) throw new AdminError('label_conflict', `${err.message}.`, 'expected_version');
    throw err;
  }
}

async function existing(store: PromptStore, tenant: string, id: string) {
  const prompt = await store.get(tenant, id);
  if (!prompt) throw notFound('prompt', id);
  return prompt;
}

const listPrompts: AdminHandler = async (call) => {
  const q = parseWith(promptListQuerySchema, queryObject(call.query), 'query');
  const tenant = await tenantOf(call, q.team);
  const limit = q.limit ?? 100;
  const rows = await storeOf(call).list(tenant, { limit: limit + 1, after: q.after });
  return json(
    200,
    page(rows, limit, (row) => promptOut(tenant, row)),
  );
};

const pushPrompt: AdminHandler = async (call) => {
  const store = storeOf(call);
  const q = parseWith(scopeQuerySchema, queryObject(call.query), 'query');
  requireWrite(call.principal);
  const tenant = await tenantOf(call, q.team);
  const body = parseWith(promptPushSchema, await readJson(call.req), 'body');
  const checked = validateTemplate(body.template);
  if (!checked.ok) {
    const issue = checked.issues[0]!;
    const param = issue.path === '(top)' ? 'template' : `template.${issue.path}`;
    const more = checked.issues.length > 1 ? ` (and ${checked.issues.length - 1} more)` : '';
    throw invalid(`Field '${param}': ${issue.message}${more}.`, param);
  }
  const { version, created } = await mapped(
    store.push(call.principal.actor, tenant, body.id, {
      template: checked.template,
      message: body.message,
      author: body.author,
      description: body.description,
    }),
  );
  if (body.label !== undefined) await mapped(store.setLabel(call.principal.actor, tenant, body.id, body.label, version.version));
  return json(created ? 201 : 200, versionOut(version, created));
};

const getPrompt: AdminHandler = async (call) => {
  const q = parseWith(scopeQuerySchema, queryObject(call.query), 'query');
  const tenant = await tenantOf(call, q.team);
  return json(200, promptOut(tenant, await existing(storeOf(call), tenant, promptIdOf(call))));
};

const listVersions: AdminHandler = async (call) => {
  const q = parseWith(versionListQuerySchema, queryObject(call.query), 'query');
  const tenant = await tenantOf(call, q.team);
  const store = storeOf(call);
  const id = promptIdOf(call);
  await existing(store, tenant, id);
  const limit = q.limit ?? 100;
  return json(
    200,
    page(await store.versions(tenant, id, { limit: limit + 1, after: q.after }), limit, (v) => versionOut(v)),
  );
};

const getVersion: AdminHandler = async (call) => {
  const q = parseWith(scopeQuerySchema, queryObject(call.query), 'query');
  const tenant = await tenantOf(call, q.team);
  const id = promptIdOf(call);
  const n = call.params?.version ?? '';
  const version = /^\d{1,9}$/.test(n) ? await storeOf(call).version(tenant, id, Number(n)) : undefined;
  if (!version) throw new AdminError('not_found', `Prompt '${id}' has no version '${n.slice(0, 20)}'.`);
  return json(200, versionOut(version));
};

function labelOf(call: AdminCall): string {
  const label = call.params?.label ?? '';
  if (!isLabelName(label))
    throw invalid(
      `'${label.slice(0, 80)}' is not a label: use a lowercase letter or digit, then up to 63 lowercase letters, digits, '_', '.' or '-'.`,
      'label',
    );
  return label;
}

const moveLabel: AdminHandler = async (call) => {
  const store = storeOf(call);
  const q = parseWith(scopeQuerySchema, queryObject(call.query), 'query');
  requireWrite(call.principal);
  const tenant = await tenantOf(call, q.team);
  const id = promptIdOf(call);
  const label = labelOf(call);
  const body = parseWith(labelMoveSchema, await readJson(call.req), 'body');
  const { event, moved } = await mapped(
    store.setLabel(call.principal.actor, tenant, id, label, body.version, {
      ...(body.expected_version !== undefined ? { expected: body.expected_version } : {}),
      ...(body.reason !== undefined ? { reason: body.reason } : {}),
    }),
  );
  return json(200, { object: 'prompt_label', prompt_id: id, label, version: event.version ?? null, previous_version: event.previousVersion ?? null, moved });
};

const removeLabel: AdminHandler = async (call) => {
  const store = storeOf(call);
  const q = parseWith(scopeQuerySchema, queryObject(call.query), 'query');
  requireWrite(call.principal);
  const tenant = await tenantOf(call, q.team);
  const id = promptIdOf(call);
  const label = labelOf(call);
  await existing(store, tenant, id);
  if (!(await store.removeLabel(call.principal.actor, tenant, id, label))) throw new AdminError('not_found', `Prompt '${id}' has no label '${label}'.`);
  return json(200, { object: 'prompt_label', prompt_id: id, label, deleted: true });
};

const labelHistory: AdminHandler = async (call) => {
  const q = parseWith(historyQuerySchema, queryObject(call.query), 'query');
  const tenant = await tenantOf(call, q.team);
  const store = storeOf(call);
  const id = promptIdOf(call);
  await existing(store, tenant, id);
  const limit = q.limit ?? 100;
  return json(200, page(await store.labelHistory(tenant, id, q.label, { limit: limit + 1 }), limit, labelEventOut));
};

/** A version by number or by the label pointing at it. */
async function versionNamed(store: PromptStore, tenant: string, id: string, name: string, param: 'from' | 'to'): Promise<PromptVersion> {
  const found = /^\d{1,9}$/.test(name) ? await store.version(tenant, id, Number(name)) : isLabelName(name) ? await store.labelled(tenant, id, name) : undefined;
  if (!found) throw new AdminError('not_found', `Prompt '${id}' has no version or label '${name.slice(0, 64)}' (${param}).`, param);
  return found;
}

const diffVersions: AdminHandler = async (call) => {
  const q = parseWith(diffQuerySchema, queryObject(call.query), 'query');
  const tenant = await tenantOf(call, q.team);
  const store = storeOf(call);
  const id = promptIdOf(call);
  await existing(store, tenant, id);
  const from = await versionNamed(store, tenant, id, q.from, 'from');
  const to = await versionNamed(store, tenant, id, q.to, 'to');
  const unified = createTwoFilesPatch(`${id}@v${from.version}`, `${id}@v${to.version}`, templateYaml(from.template), templateYaml(to.template));
  return json(200, { object: 'prompt_diff', prompt_id: id, from: { version: from.version }, to: { version: to.version }, unified });
};

/** The nested paths below /admin/v1/prompts (the literal `labels/history` before `labels/{label}`). */
const nested: NestedRoute[] = [
  { path: '{id}', table: { GET: getPrompt } },
  { path: '{id}/versions', table: { GET: listVersions } },
  { path: '{id}/versions/{version}', table: { GET: getVersion } },
  { path: '{id}/labels/history', table: { GET: labelHistory } },
  { path: '{id}/labels/{label}', table: { PUT: moveLabel, DELETE: removeLabel } },
  { path: '{id}/diff', table: { GET: diffVersions } },
];

/** Handlers of /admin/v1/prompts and its nested paths. */
export const promptRoutes = { collection: { GET: listPrompts, POST: pushPrompt }, nested, noun: 'prompt' };
