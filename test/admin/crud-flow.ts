/** The main create-read-update-delete flow of teams, projects and keys; run on SQLite and PostgreSQL. */
import { expect } from 'vitest';
import { type AdminClient, expectAdminError } from './helpers.js';

type Obj = Record<string, unknown> & { id: string };
type List = { object: string; data: Obj[]; has_more: boolean };

/** What the flow leaves behind for further checks. */
export interface CrudResult {
  team: Obj;
  project: Obj;
  key: Obj;
  secret: string;
}

/** Runs the flow as the owner; every step asserts its answer. */
export async function runCrudFlow(owner: AdminClient, suffix: string): Promise<CrudResult> {
  // Teams.
  const team = await owner.ok<Obj>(201, 'POST', '/admin/v1/teams', {
    name: `search-${suffix}`,
    metadata: { cost_center: 'cc-7' },
    regions: ['eu-west-1', 'eu-central-*'],
    budget: { usd: 500, period: 'month' },
    limits: { rpm: 600, tpm: 200000, concurrency: 20 },
    user_budget: { usd: 5, period: 'day' },
  });
  expect(team).toMatchObject({
    object: 'team',
    name: `search-${suffix}`,
    metadata: { cost_center: 'cc-7' },
    regions: ['eu-west-1', 'eu-central-*'],
    budget: { usd: 500, tokens: null, period: 'month', alert_at: [0.5, 0.8, 1], clamp_max_tokens: false },
    limits: { rpm: 600, tpm: 200000, concurrency: 20 },
    user_budget: { usd: 5, period: 'day' },
    user_limits: null,
    alerts: [],
  });
  expect(team.id).toMatch(/^team_/);
  expect(new Date(team.created_at as string).toISOString()).toBe(team.created_at);
  expect(await owner.ok(200, 'GET', `/admin/v1/teams/${team.id}`)).toEqual(team);
  const teams = await owner.ok<List>(200, 'GET', '/admin/v1/teams');
  expect(teams.object).toBe('list');
  expect(teams.data.map((t) => t.id)).toContain(team.id);
  expectAdminError(await owner.call('POST', '/admin/v1/teams', { name: `search-${suffix}` }), 409, 'conflict');

  const patched = await owner.ok<Obj>(200, 'PATCH', `/admin/v1/teams/${team.id}`, {
    limits: { rpm: 100 },
    alerts: [{ type: 'webhook', url: 'https://hooks.example.com/budget', secret: 'whsec-0123456789abcdef' }],
  });
  expect(patched).toMatchObject({
    limits: { rpm: 100 },
    regions: ['eu-west-1', 'eu-central-*'],
    alerts: [{ type: 'webhook', url: 'https://hooks.example.com/budget', secret: '***hidden***' }],
  });
  expect(JSON.stringify(patched)).not.toContain('whsec-0123456789abcdef');

  // Projects.
  const project = await owner.ok<Obj>(201, 'POST', '/admin/v1/projects', {
    team_id: team.id,
    name: 'ranking',
    regions: ['eu-west-1'],
    budget: { usd: 100, period: 'week' },
  });
  expect(project).toMatchObject({ object: 'project', team_id: team.id, name: 'ranking', regions: ['eu-west-1'], budget: { usd: 100, period: 'week' } });
  expect(project.id).toMatch(/^proj_/);
  expect(await owner.ok(200, 'GET', `/admin/v1/projects/${project.id}`)).toEqual(project);
  const projects = await owner.ok<List>(200, 'GET', `/admin/v1/projects?team_id=${team.id}`);
  expect(projects.data.map((p) => p.id)).toEqual([project.id]);
  const renamed = await owner.ok<Obj>(200, 'PATCH', `/admin/v1/projects/${project.id}`, { name: 'ranking-v2', limits: { tpm: 1000 } });
  expect(renamed).toMatchObject({ name: 'ranking-v2', limits: { tpm: 1000 }, budget: { usd: 100 }, regions: ['eu-west-1'] });
  const moved = await owner.ok<Obj>(200, 'PATCH', `/admin/v1/projects/${project.id}`, { regions: ['eu-central-1', 'eu-west-1'] });
  expect(moved.regions).toEqual(['eu-central-1', 'eu-west-1']);

  // Keys: one in the project, one on the team.
  const created = await owner.ok<Obj>(201, 'POST', '/admin/v1/keys', {
    project_id: project.id,
    name: 'ranking-prod',
    models: ['gpt-4o*', 'sonnet'],
    regions: ['eu-west-1'],
    budget: { usd: 20, period: 'day' },
    limits: { rpm: 60 },
    expires_at: '2099-01-01T00:00:00Z',
    metadata: { env: 'prod' },
  });
  const secret = created.key as string;
  expect(secret).toMatch(/^sk-sb-[A-Za-z0-9_-]{43}$/);
  expect(created).toMatchObject({
    object: 'key',
    team_id: team.id,
    project_id: project.id,
    role: 'member',
    models: ['gpt-4o*', 'sonnet'],
    regions: ['eu-west-1'],
    expires_at: '2099-01-01T00:00:00.000Z',
    revoked_at: null,
    metadata: { env: 'prod' },
  });
  expect(created).not.toHaveProperty('key_hash');
  expect(secret.startsWith(created.key_prefix as string)).toBe(true);
  const { key: _secret, ...stored } = created;
  const key = await owner.ok<Obj>(200, 'GET', `/admin/v1/keys/${created.id}`);
  expect(key).toEqual(stored);

  const teamKey = await owner.ok<Obj>(201, 'POST', '/admin/v1/keys', { team_id: team.id, name: 'team-wide', role: 'viewer', expires_at: 4102444800000 });
  expect(teamKey).toMatchObject({ team_id: team.id, project_id: null, role: 'viewer', regions: null, expires_at: '2100-01-01T00:00:00.000Z' });

  const keys = await owner.ok<List>(200, 'GET', `/admin/v1/keys?team_id=${team.id}`);
  expect(keys.data.map((k) => k.id).sort()).toEqual([created.id, teamKey.id].sort());
  const inProject = await owner.ok<List>(200, 'GET', `/admin/v1/keys?project_id=${project.id}`);
  expect(inProject.data.map((k) => k.id)).toEqual([created.id]);
  const firstPage = await owner.ok<List>(200, 'GET', `/admin/v1/keys?team_id=${team.id}&limit=1`);
  expect(firstPage.data).toHaveLength(1);
  expect(firstPage.has_more).toBe(true);
  const secondPage = await owner.ok<List>(200, 'GET', `/admin/v1/keys?team_id=${team.id}&limit=1&after=${firstPage.data[0]!.id}`);
  expect(secondPage.data).toHaveLength(1);
  expect(secondPage.has_more).toBe(false);
  expect(secondPage.data[0]!.id).not.toBe(firstPage.data[0]!.id);

  const changed = await owner.ok<Obj>(200, 'PATCH', `/admin/v1/keys/${created.id}`, { limits: { rpm: 30 }, models: null, regions: null, expires_at: null });
  expect(changed).toMatchObject({ limits: { rpm: 30 }, models: null, regions: null, expires_at: null, budget: { usd: 20 } });
  expect((await owner.ok<Obj>(200, 'GET', `/admin/v1/keys/${created.id}`)).regions).toBeNull();

  // Every change of regions is in the audit log, before and after.
  type AuditPage = { data: Array<{ action: string; before: Obj | null; after: Obj | null }> };
  const keyAudit = await owner.ok<AuditPage>(200, 'GET', `/admin/v1/audit?object_id=${created.id}`);
  expect(keyAudit.data.map((r) => [r.action, r.before?.regions, r.after?.regions])).toEqual([
    ['key.updated', ['eu-west-1'], null],
    ['key.created', undefined, ['eu-west-1']],
  ]);
  const projectAudit = await owner.ok<AuditPage>(200, 'GET', `/admin/v1/audit?object_id=${project.id}&action=project.updated`);
  expect(projectAudit.data[0]).toMatchObject({ before: { regions: ['eu-west-1'] }, after: { regions: ['eu-central-1', 'eu-west-1'] } });

  // Deleting: a team with projects and live keys refuses; a revoked key answers the key.
  expectAdminError(await owner.call('DELETE', `/admin/v1/teams/${team.id}`), 409, 'conflict');
  expectAdminError(await owner.call('DELETE', `/admin/v1/projects/${project.id}`), 409, 'conflict');
  const revoked = await owner.ok<Obj>(200, 'DELETE', `/admin/v1/keys/${teamKey.id}`);
  expect(revoked).toMatchObject({ id: teamKey.id, object: 'key' });
  expect(typeof revoked.revoked_at).toBe('string');
  expectAdminError(await owner.call('PATCH', `/admin/v1/keys/${teamKey.id}`, { name: 'again' }), 409, 'conflict');

  // A throwaway team and project are deleted for real.
  const spare = await owner.ok<Obj>(201, 'POST', '/admin/v1/teams', { name: `spare-${suffix}` });
  const spareProject = await owner.ok<Obj>(201, 'POST', '/admin/v1/projects', { team_id: spare.id, name: 'p' });
  expect(await owner.ok(200, 'DELETE', `/admin/v1/projects/${spareProject.id}`)).toEqual({ id: spareProject.id, object: 'project', deleted: true });
  expect(await owner.ok(200, 'DELETE', `/admin/v1/teams/${spare.id}`)).toEqual({ id: spare.id, object: 'team', deleted: true });
  expectAdminError(await owner.call('GET', `/admin/v1/teams/${spare.id}`), 404, 'not_found');
  expectAdminError(await owner.call('GET', `/admin/v1/projects/${spareProject.id}`), 404, 'not_found');

  return { team: patched, project: moved, key: changed, secret };
}
