/**
 * The prompt registry's admin API end to end: push (idempotent, with a label), reads, versions,
 * labels with compare-and-set, history, diffs, scopes by role (owner global or ?team=, team_admin
 * its own team only, viewer reads), and template errors that name the path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestStack } from '../../src/testing/stack.js';
import { ADMIN_KEY, AdminClient, expectAdminError, startAdminStack } from './helpers.js';

type Obj = Record<string, unknown> & { id: string };
type List<T = Record<string, unknown>> = { object: 'list'; data: T[]; has_more: boolean };

let stack: TestStack;
let owner: AdminClient;
let teamA: Obj;
let teamB: Obj;
let adminA: AdminClient;
let viewerA: AdminClient;

const template = (greeting: string) => ({
  messages: [
    { role: 'system', content: 'You are terse.' },
    { role: 'user', content: `${greeting} {{name}}` },
  ],
  variables: { name: { type: 'string', default: 'there' } },
  model: 'fast',
  params: { temperature: 0.2 },
});

beforeAll(async () => {
  stack = await startAdminStack();
  owner = new AdminClient(stack.url, ADMIN_KEY);
  teamA = await owner.ok(201, 'POST', '/admin/v1/teams', { name: 'prompts-a' });
  teamB = await owner.ok(201, 'POST', '/admin/v1/teams', { name: 'prompts-b' });
  const key = async (body: Record<string, unknown>) => new AdminClient(stack.url, (await owner.ok<{ key: string }>(201, 'POST', '/admin/v1/keys', body)).key);
  adminA = await key({ team_id: teamA.id, name: 'pa-admin', role: 'team_admin' });
  viewerA = await key({ team_id: teamA.id, name: 'pa-viewer', role: 'viewer' });
});
afterAll(async () => stack?.close());

describe('prompts admin API', () => {
  it('pushes versions idempotently, moves a label with the push, and reads them back', async () => {
    const first = await owner.ok(201, 'POST', '/admin/v1/prompts', {
      id: 'support.answer',
      description: 'Answers support questions',
      message: 'first',
      author: 'ana',
      template: template('Hi'),
      label: 'production',
    });
    expect(first).toMatchObject({ object: 'prompt_version', prompt_id: 'support.answer', version: 1, created: true, message: 'first', author: 'ana' });
    expect(first.template).toEqual(template('Hi'));
    expect(first.content_hash).toMatch(/^[0-9a-f]{64}$/);

    const again = await owner.ok(200, 'POST', '/admin/v1/prompts', { id: 'support.answer', template: template('Hi') });
    expect(again).toMatchObject({ version: 1, created: false, content_hash: first.content_hash });
    await owner.ok(201, 'POST', '/admin/v1/prompts', { id: 'support.answer', template: template('Hello'), message: 'warmer' });

    const prompt = await owner.ok(200, 'GET', '/admin/v1/prompts/support.answer');
    expect(prompt).toMatchObject({
      object: 'prompt',
      id: 'support.answer',
      scope: 'global',
      description: 'Answers support questions',
      latest_version: 2,
      labels: { production: 1 },
    });
    expect(new Date(prompt.created_at as string).toISOString()).toBe(prompt.created_at);
    const list = await owner.ok<List>(200, 'GET', '/admin/v1/prompts');
    expect(list).toMatchObject({ object: 'list', has_more: false, data: [{ object: 'prompt', id: 'support.answer' }] });

    const versions = await owner.ok<List>(200, 'GET', '/admin/v1/prompts/support.answer/versions');
    expect(versions.data.map((v) => v.version)).toEqual([2, 1]);
    expect(versions.data[0]).not.toHaveProperty('created');
    const page = await owner.ok<List>(200, 'GET', '/admin/v1/prompts/support.answer/versions?limit=1');
    expect(page.has_more).toBe(true);
    expect((await owner.ok<List>(200, 'GET', '/admin/v1/prompts/support.answer/versions?limit=1&after=2')).data[0]!.version).toBe(1);
    expect(await owner.ok(200, 'GET', '/admin/v1/prompts/support.answer/versions/1')).toMatchObject({ version: 1, template: template('Hi') });
    expectAdminError(await owner.call('GET', '/admin/v1/prompts/support.answer/versions/9'), 404, 'not_found');
    expectAdminError(await owner.call('GET', '/admin/v1/prompts/nope'), 404, 'not_found');
  });

  it('moves labels with compare-and-set (409 label_conflict), removes them, and keeps their history', async () => {
    const moved = await owner.ok(200, 'PUT', '/admin/v1/prompts/support.answer/labels/production', { version: 2, expected_version: 1 });
    expect(moved).toEqual({ object: 'prompt_label', prompt_id: 'support.answer', label: 'production', version: 2, previous_version: 1, moved: true });
    expectAdminError(
      await owner.call('PUT', '/admin/v1/prompts/support.answer/labels/production', { version: 1, expected_version: 1 }),
      409,
      'label_conflict',
      'expected_version',
    );
    expect(await owner.ok(200, 'PUT', '/admin/v1/prompts/support.answer/labels/production', { version: 2 })).toMatchObject({ moved: false });
    await owner.ok(200, 'PUT', '/admin/v1/prompts/support.answer/labels/staging', { version: 1, expected_version: null });
    // A label may be called "history": PUT goes to the label, GET to the history.
    await owner.ok(200, 'PUT', '/admin/v1/prompts/support.answer/labels/history', { version: 1 });
    expect(await owner.ok(200, 'DELETE', '/admin/v1/prompts/support.answer/labels/history')).toMatchObject({ deleted: true });
    expectAdminError(await owner.call('DELETE', '/admin/v1/prompts/support.answer/labels/history'), 404, 'not_found');
    expectAdminError(await owner.call('PUT', '/admin/v1/prompts/support.answer/labels/production', { version: 7 }), 404, 'not_found');
    expectAdminError(await owner.call('PUT', '/admin/v1/prompts/support.answer/labels/Prod', { version: 1 }), 400, 'invalid_request', 'label');

    const history = await owner.ok<List>(200, 'GET', '/admin/v1/prompts/support.answer/labels/history');
    expect(history.data.map((e) => [e.label, e.version, e.previous_version])).toEqual([
      ['history', null, 1],
      ['history', 1, null],
      ['staging', 1, null],
      ['production', 2, 1],
      ['production', 1, null],
    ]);
    expect(history.data[0]).toMatchObject({ object: 'prompt_label_event', prompt_id: 'support.answer', actor_key_id: 'admin_key', reason: null });
    const production = await owner.ok<List>(200, 'GET', '/admin/v1/prompts/support.answer/labels/history?label=production');
    expect(production.data.map((e) => e.version)).toEqual([2, 1]);

    const audit = await owner.ok<List>(200, 'GET', '/admin/v1/audit?limit=500');
    const actions = audit.data.filter((r) => r.object_type === 'prompt').map((r) => r.action);
    expect(new Set(actions)).toEqual(new Set(['prompt.version_created', 'prompt.label_moved', 'prompt.label_removed']));
  });

  it('diffs two versions named by number or label', async () => {
    const diff = await owner.ok(200, 'GET', '/admin/v1/prompts/support.answer/diff?from=staging&to=2');
    expect(diff).toMatchObject({ object: 'prompt_diff', prompt_id: 'support.answer', from: { version: 1 }, to: { version: 2 } });
    expect(diff.unified).toContain('-    content: Hi {{name}}');
    expect(diff.unified).toContain('+    content: Hello {{name}}');
    expectAdminError(await owner.call('GET', '/admin/v1/prompts/support.answer/diff?from=canary&to=2'), 404, 'not_found', 'from');
    expectAdminError(await owner.call('GET', '/admin/v1/prompts/support.answer/diff?from=1'), 400, 'invalid_request', 'to');
  });

  it('refuses a bad template with the path and the fix, and pushes nothing', async () => {
    const bad = { ...template('Hi'), messages: [{ role: 'user', content: 'Hi {{name}} in {{city}}' }] };
    const error = expectAdminError(
      await owner.call('POST', '/admin/v1/prompts', { id: 'bad', template: bad }),
      400,
      'invalid_request',
      'template.messages[0].content',
    );
    expect(error.message).toMatch(/\{\{city\}\}.*under 'variables'/);
    expectAdminError(
      await owner.call('POST', '/admin/v1/prompts', { id: 'bad', template: { ...template('Hi'), params: { temprature: 1 } } }),
      400,
      'invalid_request',
      'template.params',
    );
    expectAdminError(await owner.call('POST', '/admin/v1/prompts', { id: 'bad id', template: template('Hi') }), 400, 'invalid_request', 'id');
    expectAdminError(await owner.call('GET', '/admin/v1/prompts/bad'), 404, 'not_found');
  });

  it('scopes prompts: the owner with ?team=, a team_admin its own team only, a viewer reads', async () => {
    const pushed = await adminA.ok(201, 'POST', '/admin/v1/prompts', { id: 'team-only', template: template('Yo') });
    expect(pushed.version).toBe(1);
    expect((await adminA.ok<List>(200, 'GET', '/admin/v1/prompts')).data.map((p) => [p.id, p.scope])).toEqual([['team-only', `team:${teamA.id}`]]);
    expect((await adminA.ok<List>(200, 'GET', `/admin/v1/prompts?team=${teamA.id}`)).data).toHaveLength(1);
    // Team A cannot reach team B or the global prompts.
    expectAdminError(await adminA.call('GET', `/admin/v1/prompts?team=${teamB.id}`), 404, 'not_found', 'team');
    expectAdminError(await adminA.call('POST', `/admin/v1/prompts?team=${teamB.id}`, { id: 'x', template: template('x') }), 404, 'not_found');
    expectAdminError(await adminA.call('GET', '/admin/v1/prompts/support.answer'), 404, 'not_found');

    expect((await owner.ok<List>(200, 'GET', `/admin/v1/prompts?team=${teamA.id}`)).data.map((p) => p.id)).toEqual(['team-only']);
    expect((await owner.ok<List>(200, 'GET', `/admin/v1/prompts?team=${teamB.id}`)).data).toEqual([]);
    expect((await owner.ok<List>(200, 'GET', '/admin/v1/prompts')).data.map((p) => p.id)).toEqual(['support.answer']);
    expectAdminError(await owner.call('GET', '/admin/v1/prompts?team=team_nope'), 404, 'not_found', 'team');
    await owner.ok(200, 'PUT', `/admin/v1/prompts/team-only/labels/production?team=${teamA.id}`, { version: 1 });

    expect(await viewerA.ok(200, 'GET', '/admin/v1/prompts/team-only')).toMatchObject({ labels: { production: 1 } });
    expectAdminError(await viewerA.call('POST', '/admin/v1/prompts', { id: 'team-only', template: template('No') }), 403, 'permission_denied');
    expectAdminError(await viewerA.call('PUT', '/admin/v1/prompts/team-only/labels/production', { version: 1 }), 403, 'permission_denied');
    expectAdminError(await viewerA.call('DELETE', '/admin/v1/prompts/team-only/labels/production'), 403, 'permission_denied');
    const audit = await owner.ok<List>(200, 'GET', `/admin/v1/audit?team_id=${teamA.id}&limit=500`);
    expect(audit.data.some((r) => r.action === 'prompt.version_created' && r.object_id === 'team-only')).toBe(true);
  });

  it('answers unknown nested paths and methods in the admin error shape', async () => {
    expectAdminError(await owner.call('GET', '/admin/v1/prompts/support.answer/nothing'), 404, 'not_found');
    expectAdminError(await owner.call('POST', '/admin/v1/prompts/support.answer/versions'), 405, 'method_not_allowed');
    expectAdminError(await owner.call('GET', '/admin/v1/prompts/%E0%A4%A/versions'), 404, 'not_found');
  });
});
