/**
 * Roles over HTTP: a team_admin key of team A can neither read nor change anything of team B
 * (404 or 403 on every route, and B is unchanged after); viewers only read; member keys get 403;
 * no key, a wrong, revoked or expired key get 401.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type TestStack } from '../../src/testing/stack.js';
import { ADMIN_KEY, AdminClient, expectAdminError, startAdminStack } from './helpers.js';

type Obj = Record<string, unknown> & { id: string };

let stack: TestStack;
let owner: AdminClient;
let teamA: Obj;
let teamB: Obj;
let projectA: Obj;
let projectB: Obj;
let keyB: Obj;
let adminA: AdminClient;
let viewerA: AdminClient;
let memberA: AdminClient;

async function newKey(body: Record<string, unknown>): Promise<{ key: Obj; client: AdminClient }> {
  const key = await owner.ok<Obj & { key: string }>(201, 'POST', '/admin/v1/keys', body);
  return { key, client: new AdminClient(stack.url, key.key) };
}

beforeAll(async () => {
  stack = await startAdminStack();
  owner = new AdminClient(stack.url, ADMIN_KEY);
  teamA = await owner.ok(201, 'POST', '/admin/v1/teams', { name: 'team-a', budget: { usd: 100 }, regions: ['eu-*'] });
  teamB = await owner.ok(201, 'POST', '/admin/v1/teams', { name: 'team-b', budget: { usd: 200 } });
  projectA = await owner.ok(201, 'POST', '/admin/v1/projects', { team_id: teamA.id, name: 'pa' });
  projectB = await owner.ok(201, 'POST', '/admin/v1/projects', { team_id: teamB.id, name: 'pb' });
  keyB = (await newKey({ project_id: projectB.id, name: 'kb' })).key;
  adminA = (await newKey({ team_id: teamA.id, name: 'admin-a', role: 'team_admin' })).client;
  viewerA = (await newKey({ project_id: projectA.id, name: 'viewer-a', role: 'viewer' })).client;
  memberA = (await newKey({ team_id: teamA.id, name: 'member-a' })).client;
});
afterAll(async () => stack?.close());

/** Everything of team B the owner sees, to check nothing changed. */
async function snapshotB(): Promise<unknown> {
  return {
    team: await owner.ok(200, 'GET', `/admin/v1/teams/${teamB.id}`),
    projects: await owner.ok(200, 'GET', `/admin/v1/projects?team_id=${teamB.id}`),
    keys: await owner.ok(200, 'GET', `/admin/v1/keys?team_id=${teamB.id}`),
  };
}

describe('a team_admin key of team A', () => {
  it("cannot read or change anything of team B, on any route, and cannot tell B's objects from missing ones", async () => {
    const before = await snapshotB();
    const notFound: Array<[string, string, unknown?]> = [
      ['GET', `/admin/v1/teams/${teamB.id}`],
      ['PATCH', `/admin/v1/teams/${teamB.id}`, { name: 'mine-now' }],
      ['GET', `/admin/v1/projects/${projectB.id}`],
      ['PATCH', `/admin/v1/projects/${projectB.id}`, { name: 'mine-now' }],
      ['DELETE', `/admin/v1/projects/${projectB.id}`],
      ['GET', `/admin/v1/keys/${keyB.id}`],
      ['PATCH', `/admin/v1/keys/${keyB.id}`, { name: 'mine-now' }],
      ['DELETE', `/admin/v1/keys/${keyB.id}`],
      ['POST', '/admin/v1/keys', { project_id: projectB.id, name: 'sneaky' }],
    ];
    for (const [method, path, body] of notFound) {
      const error = expectAdminError(await adminA.call(method, path, body), 404, 'not_found');
      // Same words as for an id that exists nowhere.
      const ghost = path.replace(/(team|proj|key)_[A-Za-z0-9]+$/, '$1_doesnotexist00000000');
      const ghostBody = body && 'project_id' in (body as object) ? { ...(body as object), project_id: 'proj_doesnotexist00000000' } : body;
      const ghostError = expectAdminError(await adminA.call(method, ghost, ghostBody), 404, 'not_found');
      expect(error.message.replace(/(team|proj|key)_[A-Za-z0-9]+/, 'ID')).toBe(ghostError.message.replace(/(team|proj|key)_[A-Za-z0-9]+/, 'ID'));
    }
    const forbidden: Array<[string, string, unknown?]> = [
      ['DELETE', `/admin/v1/teams/${teamB.id}`],
      ['POST', '/admin/v1/teams', { name: 'team-c' }],
      ['POST', '/admin/v1/projects', { team_id: teamB.id, name: 'sneaky' }],
      ['POST', '/admin/v1/keys', { team_id: teamB.id, name: 'sneaky' }],
      ['GET', '/admin/v1/audit'],
    ];
    for (const [method, path, body] of forbidden) expectAdminError(await adminA.call(method, path, body), 403, 'permission_denied');

    const empty = [
      `/admin/v1/projects?team_id=${teamB.id}`,
      `/admin/v1/keys?team_id=${teamB.id}`,
      `/admin/v1/keys?project_id=${projectB.id}`,
      `/admin/v1/spend?team_id=${teamB.id}`,
      `/admin/v1/alerts?team_id=${teamB.id}`,
    ];
    for (const path of empty) expect((await adminA.ok<{ data: unknown[] }>(200, 'GET', path)).data, path).toEqual([]);
    const teams = await adminA.ok<{ data: Obj[] }>(200, 'GET', '/admin/v1/teams');
    expect(teams.data.map((t) => t.id)).toEqual([teamA.id]);
    const projects = await adminA.ok<{ data: Obj[] }>(200, 'GET', '/admin/v1/projects');
    expect(projects.data.every((p) => p.team_id === teamA.id)).toBe(true);
    const keys = await adminA.ok<{ data: Obj[] }>(200, 'GET', '/admin/v1/keys');
    expect(keys.data.length).toBeGreaterThan(0);
    expect(keys.data.every((k) => k.team_id === teamA.id)).toBe(true);

    expect(await snapshotB()).toEqual(before);
  });

  it("manages its own team's projects and keys, and renames its team", async () => {
    const project = await adminA.ok<Obj>(201, 'POST', '/admin/v1/projects', { team_id: teamA.id, name: 'made-by-team-admin', budget: { usd: 10 } });
    await adminA.ok(200, 'PATCH', `/admin/v1/projects/${project.id}`, { limits: { rpm: 5 } });
    const key = await adminA.ok<Obj & { key: string }>(201, 'POST', '/admin/v1/keys', {
      project_id: project.id,
      name: 'made-by-team-admin',
      budget: { usd: 1 },
    });
    expect(key.key).toMatch(/^sk-sb-/);
    expect(key.team_id).toBe(teamA.id);
    await adminA.ok(200, 'PATCH', `/admin/v1/keys/${key.id}`, { limits: { rpm: 1 } });
    await adminA.ok(200, 'DELETE', `/admin/v1/keys/${key.id}`);
    await adminA.ok(200, 'DELETE', `/admin/v1/projects/${project.id}`);
    const renamed = await adminA.ok<Obj>(200, 'PATCH', `/admin/v1/teams/${teamA.id}`, { name: 'team-a-renamed', metadata: { by: 'team-admin' } });
    expect(renamed.name).toBe('team-a-renamed');
    // The audit log names the team admin's key as the actor.
    const audit = await owner.ok<{ data: Array<Record<string, unknown>> }>(200, 'GET', `/admin/v1/audit?object_id=${key.id}`);
    expect(audit.data.map((r) => r.actor_role)).toEqual(expect.arrayContaining(['team_admin']));
  });

  it("may not set its team's caps, regions or alert URLs (owner only)", async () => {
    for (const field of ['budget', 'limits', 'user_budget', 'user_limits', 'alerts']) {
      const value =
        field === 'alerts' ? [{ type: 'slack', url: 'https://hooks.slack.com/services/x' }] : field.includes('budget') ? { usd: 1e6 } : { rpm: 1e6 };
      expectAdminError(await adminA.call('PATCH', `/admin/v1/teams/${teamA.id}`, { [field]: value }), 403, 'permission_denied', field);
    }
    // Residency is a compliance control: neither widening, narrowing nor lifting it, even alongside an allowed field.
    for (const regions of [['us-east-1'], ['eu-*', 'us-*'], ['eu-west-1'], null]) {
      const error = expectAdminError(
        await adminA.call('PATCH', `/admin/v1/teams/${teamA.id}`, { name: 'still-a', regions }),
        403,
        'permission_denied',
        'regions',
      );
      expect(error.message).toContain('regions');
    }
    const team = await owner.ok<Obj>(200, 'GET', `/admin/v1/teams/${teamA.id}`);
    expect(team.budget).toMatchObject({ usd: 100 });
    expect(team.alerts).toEqual([]);
    expect(team.regions).toEqual(['eu-*']);
    expect(team.name).not.toBe('still-a');
    const audit = await owner.ok<{ data: Array<{ actor_role: string; after: Obj }> }>(200, 'GET', `/admin/v1/audit?object_id=${teamA.id}&action=team.updated`);
    expect(audit.data.filter((r) => r.actor_role === 'team_admin').every((r) => JSON.stringify(r.after.regions) === '["eu-*"]')).toBe(true);
    // The owner may.
    expect((await owner.ok<Obj>(200, 'PATCH', `/admin/v1/teams/${teamA.id}`, { regions: ['eu-*', 'uk-*'] })).regions).toEqual(['eu-*', 'uk-*']);
    expect((await owner.ok<Obj>(200, 'PATCH', `/admin/v1/teams/${teamA.id}`, { regions: ['eu-*'] })).regions).toEqual(['eu-*']);
  });

  it("pins its team's projects and keys to regions, and changes or clears those pins, audited as its own", async () => {
    const project = await adminA.ok<Obj>(201, 'POST', '/admin/v1/projects', { team_id: teamA.id, name: 'pinned-by-team-admin', regions: ['eu-west-1'] });
    expect(project.regions).toEqual(['eu-west-1']);
    expect((await adminA.ok<Obj>(200, 'PATCH', `/admin/v1/projects/${project.id}`, { regions: ['eu-central-1'] })).regions).toEqual(['eu-central-1']);
    const key = await adminA.ok<Obj>(201, 'POST', '/admin/v1/keys', { project_id: project.id, name: 'pinned-key', regions: ['eu-central-1'] });
    expect(key.regions).toEqual(['eu-central-1']);
    expect((await adminA.ok<Obj>(200, 'PATCH', `/admin/v1/keys/${key.id}`, { regions: null })).regions).toBeNull();
    expect((await adminA.ok<Obj>(200, 'PATCH', `/admin/v1/projects/${project.id}`, { regions: null })).regions).toBeNull();
    const audit = await owner.ok<{ data: Array<{ action: string; actor_role: string; before: Obj | null; after: Obj }> }>(
      200,
      'GET',
      `/admin/v1/audit?object_id=${key.id}`,
    );
    expect(audit.data.map((r) => [r.action, r.actor_role, r.before?.regions, r.after.regions])).toEqual([
      ['key.updated', 'team_admin', ['eu-central-1'], null],
      ['key.created', 'team_admin', undefined, ['eu-central-1']],
    ]);
    // Nor can it pin another team's objects.
    expectAdminError(await adminA.call('PATCH', `/admin/v1/projects/${projectB.id}`, { regions: ['eu-west-1'] }), 404, 'not_found');
    expectAdminError(await adminA.call('PATCH', `/admin/v1/keys/${keyB.id}`, { regions: ['eu-west-1'] }), 404, 'not_found');
    expect((await owner.ok<Obj>(200, 'GET', `/admin/v1/projects/${projectB.id}`)).regions).toBeNull();
    await adminA.ok(200, 'DELETE', `/admin/v1/keys/${key.id}`);
    await adminA.ok(200, 'DELETE', `/admin/v1/projects/${project.id}`);
  });
});

describe('a viewer key', () => {
  it("reads its team's objects and reports", async () => {
    await viewerA.ok(200, 'GET', `/admin/v1/teams/${teamA.id}`);
    await viewerA.ok(200, 'GET', `/admin/v1/projects/${projectA.id}`);
    await viewerA.ok(200, 'GET', '/admin/v1/keys');
    await viewerA.ok(200, 'GET', '/admin/v1/spend');
    await viewerA.ok(200, 'GET', '/admin/v1/alerts');
    await viewerA.ok(200, 'GET', '/admin/v1/openapi.json');
    expectAdminError(await viewerA.call('GET', `/admin/v1/teams/${teamB.id}`), 404, 'not_found');
  });

  it('cannot write anything, even in its own team', async () => {
    const writes: Array<[string, string, unknown?]> = [
      ['POST', '/admin/v1/projects', { team_id: teamA.id, name: 'x' }],
      ['PATCH', `/admin/v1/projects/${projectA.id}`, { name: 'x' }],
      ['DELETE', `/admin/v1/projects/${projectA.id}`],
      ['POST', '/admin/v1/keys', { team_id: teamA.id, name: 'x' }],
      ['PATCH', `/admin/v1/teams/${teamA.id}`, { name: 'x' }],
      ['POST', '/admin/v1/teams', { name: 'x' }],
      ['DELETE', `/admin/v1/teams/${teamA.id}`],
    ];
    for (const [method, path, body] of writes) expectAdminError(await viewerA.call(method, path, body), 403, 'permission_denied');
    expect((await owner.ok<Obj>(200, 'GET', `/admin/v1/projects/${projectA.id}`)).name).toBe('pa');
  });
});

describe('other callers', () => {
  const routes: Array<[string, string]> = [
    ['GET', '/admin/v1/teams'],
    ['POST', '/admin/v1/teams'],
    ['GET', '/admin/v1/teams/team_x'],
    ['PATCH', '/admin/v1/projects/proj_x'],
    ['DELETE', '/admin/v1/keys/key_x'],
    ['GET', '/admin/v1/spend'],
    ['GET', '/admin/v1/audit'],
    ['GET', '/admin/v1/alerts'],
    ['GET', '/admin/v1/openapi.json'],
    ['GET', '/admin/v1/no-such-route'],
  ];

  it('member keys get 403 on every admin route', async () => {
    for (const [method, path] of routes)
      expectAdminError(await memberA.call(method, path, method === 'GET' || method === 'DELETE' ? undefined : {}), 403, 'permission_denied');
  });

  it('no key, a wrong key, a revoked key and an expired key get 401', async () => {
    const { key: revoked, client: revokedClient } = await newKey({ team_id: teamA.id, name: 'revoked', role: 'team_admin' });
    await owner.ok(200, 'DELETE', `/admin/v1/keys/${revoked.id}`);
    const { key: expiring, client: expiredClient } = await newKey({ team_id: teamA.id, name: 'expired', role: 'team_admin' });
    // The API refuses a past expires_at; the store takes it, as an expiry that has come.
    await stack.gateway.governance!.tenancy.updateKey({ key_id: 'test', role: 'owner' }, expiring.id, { expires_at: Date.now() - 1000 });
    const callers = [new AdminClient(stack.url, undefined), new AdminClient(stack.url, 'sk-sb-not-a-real-key'), revokedClient, expiredClient];
    for (const caller of callers) {
      for (const [method, path] of routes) expectAdminError(await caller.call(method, path), 401, 'authentication_failed');
    }
  });

  it('without admin_key in the config, a call without a key from a non-loopback Host is told to set admin_key', async () => {
    const open = await startStack({ providers: [] });
    try {
      // A loopback Host acts as owner in open mode (test/admin/open-mode.test.ts); any other name does not.
      const res = await new AdminClient(open.url, undefined).call('GET', '/admin/v1/teams', undefined, { host: 'gateway.internal:8080' });
      const error = expectAdminError(res, 401, 'authentication_failed');
      expect(error.message).toContain('admin_key');
    } finally {
      await open.close();
    }
  });
});
