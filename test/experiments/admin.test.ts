/**
 * The experiments admin API and CLI over HTTP: the owner's experiments are global, a team_admin's
 * belong to its team (and it sees no other team's), viewers only read; definitions are checked
 * with the field at fault named; names are unique per tenant; status, weights and description are
 * patched and audited; the CLI drives the same routes from a YAML file.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Command } from 'commander';
import { registerExperimentCommands } from '../../src/cli/experiments-commands.js';
import type { TestStack } from '../../src/testing/stack.js';
import { ADMIN_KEY, AdminClient, expectAdminError, startAdminStack } from '../admin/helpers.js';

type Obj = Record<string, unknown> & { id: string };
let stack: TestStack;
let owner: AdminClient;
let adminA: AdminClient;
let adminB: AdminClient;
let viewerA: AdminClient;
let teamA: Obj;
let dir: string;

const definition = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  target: { alias: 'chat' },
  variants: [
    { name: 'a', weight: 1 },
    { name: 'b', weight: 1, model: 'other' },
  ],
  ...extra,
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'switchboard-experiments-cli-'));
  stack = await startAdminStack();
  owner = new AdminClient(stack.url, ADMIN_KEY);
  teamA = await owner.ok(201, 'POST', '/admin/v1/teams', { name: 'team-a' });
  const teamB = await owner.ok<Obj>(201, 'POST', '/admin/v1/teams', { name: 'team-b' });
  const key = async (body: Record<string, unknown>) => new AdminClient(stack.url, (await owner.ok<{ key: string }>(201, 'POST', '/admin/v1/keys', body)).key);
  adminA = await key({ team_id: teamA.id, name: 'admin-a', role: 'team_admin' });
  adminB = await key({ team_id: teamB.id, name: 'admin-b', role: 'team_admin' });
  viewerA = await key({ team_id: teamA.id, name: 'viewer-a', role: 'viewer' });
});
afterAll(async () => {
  await stack?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('experiments admin API', () => {
  it('scopes experiments by role: global for the owner, the team for a team_admin, read-only for viewers', async () => {
    const global = await owner.ok<Obj>(201, 'POST', '/admin/v1/experiments', definition('global-one', { teams: [teamA.id] }));
    expect(global).toMatchObject({ object: 'experiment', scope: 'global', team_id: null, status: 'running', unit: 'end_user', traffic: 1, control: 'a' });
    const mine = await adminA.ok<Obj>(201, 'POST', '/admin/v1/experiments', definition('team-one'));
    expect(mine).toMatchObject({ scope: 'team', team_id: teamA.id });
    // The same name in another tenant is fine; twice in one is a conflict.
    await owner.ok(201, 'POST', '/admin/v1/experiments', definition('team-one'));
    expectAdminError(await adminA.call('POST', '/admin/v1/experiments', definition('team-one')), 409, 'conflict');

    const listA = await adminA.ok<{ data: Obj[] }>(200, 'GET', '/admin/v1/experiments');
    expect(listA.data.map((e) => e.id)).toEqual([mine.id]);
    expect((await viewerA.ok<{ data: Obj[] }>(200, 'GET', '/admin/v1/experiments')).data.map((e) => e.id)).toEqual([mine.id]);
    expect((await owner.ok<{ data: Obj[] }>(200, 'GET', '/admin/v1/experiments')).data.length).toBe(3);
    expectAdminError(await adminB.call('GET', `/admin/v1/experiments/${mine.id}`), 404, 'not_found');
    expectAdminError(await adminB.call('GET', `/admin/v1/experiments/${mine.id}/results`), 404, 'not_found');
    expectAdminError(await adminB.call('PATCH', `/admin/v1/experiments/${mine.id}`, { status: 'paused' }), 404, 'not_found');
    expectAdminError(await viewerA.call('PATCH', `/admin/v1/experiments/${mine.id}`, { status: 'paused' }), 403, 'permission_denied');
    expectAdminError(await viewerA.call('POST', '/admin/v1/experiments', definition('nope')), 403, 'permission_denied');
    expectAdminError(await adminA.call('POST', '/admin/v1/experiments', definition('other-team', { teams: ['team_zzz'] })), 403, 'permission_denied', 'teams');
    const results = await viewerA.ok<Obj>(200, 'GET', `/admin/v1/experiments/${mine.id}/results`);
    expect(results).toMatchObject({ object: 'experiment_results', control: 'a', decision: { decision: 'not_enough_data' } });
  });

  it('names the field at fault in a bad definition', async () => {
    expectAdminError(await owner.call('POST', '/admin/v1/experiments', definition('bad', { traffic: 2 })), 400, 'invalid_request', 'traffic');
    expectAdminError(
      await owner.call('POST', '/admin/v1/experiments', {
        ...definition('dup'),
        variants: [
          { name: 'a', weight: 1 },
          { name: 'a', weight: 2 },
        ],
      }),
      400,
      'invalid_request',
      'variants[1].name',
    );
    expectAdminError(
      await owner.call('POST', '/admin/v1/experiments', definition('promote', { auto_promote: { label: 'production' } })),
      400,
      'invalid_request',
      'auto_promote',
    );
    expectAdminError(
      await owner.call('POST', '/admin/v1/experiments', definition('shadowed', { shadow: { variant: 'a', fraction: 0.1 } })),
      400,
      'invalid_request',
      'shadow.variant',
    );
  });

  it('patches status, weights and description; a stopped experiment stays stopped; delete removes it', async () => {
    const e = await owner.ok<Obj>(201, 'POST', '/admin/v1/experiments', definition('lifecycle'));
    const paused = await owner.ok<Obj>(200, 'PATCH', `/admin/v1/experiments/${e.id}`, { status: 'paused', weights: { b: 3 }, description: 'why' });
    expect(paused).toMatchObject({
      status: 'paused',
      description: 'why',
      variants: [
        { name: 'a', weight: 1 },
        { name: 'b', weight: 3, model: 'other' },
      ],
    });
    expectAdminError(await owner.call('PATCH', `/admin/v1/experiments/${e.id}`, { weights: { zzz: 1 } }), 400, 'invalid_request', 'weights.zzz');
    await owner.ok(200, 'PATCH', `/admin/v1/experiments/${e.id}`, { status: 'stopped' });
    expectAdminError(await owner.call('PATCH', `/admin/v1/experiments/${e.id}`, { status: 'running' }), 400, 'invalid_request', 'status');
    await owner.ok(200, 'DELETE', `/admin/v1/experiments/${e.id}`);
    expectAdminError(await owner.call('GET', `/admin/v1/experiments/${e.id}`), 404, 'not_found');
    const audit = await owner.ok<{ data: { action: string }[] }>(200, 'GET', `/admin/v1/audit?object_id=${e.id}`);
    expect(audit.data.map((r) => r.action).sort()).toEqual(['experiment.created', 'experiment.deleted', 'experiment.stopped', 'experiment.updated']);
  });
});

/** Runs `switchboard experiments ...` with output captured and errors thrown instead of exiting. */
async function cli(...args: string[]): Promise<{ out: string; err: string; code: number }> {
  let out = '';
  let err = '';
  const program = new Command('switchboard').exitOverride().configureOutput({ writeOut: (s) => void (out += s), writeErr: (s) => void (err += s) });
  registerExperimentCommands(program);
  try {
    await program.parseAsync([...args, '--url', stack.url, '--admin-key', ADMIN_KEY], { from: 'user' });
    return { out, err, code: 0 };
  } catch (e) {
    return { out, err, code: (e as { exitCode?: number }).exitCode ?? 1 };
  }
}

describe('switchboard experiments', () => {
  it('creates from YAML, lists, shows, pauses, resumes, reads results and stops', async () => {
    const file = join(dir, 'exp.yaml');
    writeFileSync(
      file,
      'name: from-cli\ntarget: { alias: chat }\nvariants:\n  - { name: a, weight: 1 }\n  - { name: b, weight: 1, params: { temperature: 0.2 } }\n',
    );
    const created = await cli('experiments', 'create', '--file', file);
    expect(created.code, created.err).toBe(0);
    const id = JSON.parse(created.out).id as string;
    expect((await cli('experiments', 'list', '--table')).out).toContain('from-cli');
    expect(JSON.parse((await cli('experiments', 'show', id)).out).status).toBe('running');
    expect(JSON.parse((await cli('experiments', 'pause', id)).out).status).toBe('paused');
    expect(JSON.parse((await cli('experiments', 'resume', id)).out).status).toBe('running');
    expect(JSON.parse((await cli('experiments', 'results', id)).out).object).toBe('experiment_results');
    expect(JSON.parse((await cli('experiments', 'stop', id)).out).status).toBe('stopped');
    writeFileSync(file, 'name: bad\ntarget: { alias: chat }\nvariants:\n  - { name: a, weight: 0 }\n  - { name: b, weight: 1 }\n');
    const bad = await cli('experiments', 'create', '--file', file);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('variants.0.weight');
  });
});
