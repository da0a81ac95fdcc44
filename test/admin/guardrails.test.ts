/**
 * Team and project guard lists over HTTP: created, changed, shown and cleared with defaults filled
 * in; refused with a 400 naming the field path; a team's list the owner's to set (like its caps),
 * a project's its team admin's too; every change audited; and documented in the OpenAPI document.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestStack } from '../../src/testing/stack.js';
import { ADMIN_KEY, AdminClient, expectAdminError, startAdminStack } from './helpers.js';

type Obj = Record<string, unknown> & { id: string };
type AuditRows = { data: Array<{ action: string; actor_role: string; before: Obj | null; after: Obj }> };

let stack: TestStack;
let owner: AdminClient;
let team: Obj;
let project: Obj;
let adminA: AdminClient;
let viewerA: AdminClient;

const PII = { name: 'pii', type: 'pii', action: 'redact', entities: ['EMAIL', 'PHONE'] };
const TERMS = { name: 'codenames', type: 'denied_terms', terms: ['project zeus'], patterns: ['zeus-\\d{3}'], on: ['input', 'output'] };

beforeAll(async () => {
  stack = await startAdminStack();
  owner = new AdminClient(stack.url, ADMIN_KEY);
  team = await owner.ok(201, 'POST', '/admin/v1/teams', { name: 'guarded', guardrails: [PII] });
  project = await owner.ok(201, 'POST', '/admin/v1/projects', { team_id: team.id, name: 'p' });
  const admin = await owner.ok<Obj & { key: string }>(201, 'POST', '/admin/v1/keys', { team_id: team.id, name: 'admin', role: 'team_admin' });
  adminA = new AdminClient(stack.url, admin.key);
  const viewer = await owner.ok<Obj & { key: string }>(201, 'POST', '/admin/v1/keys', { team_id: team.id, name: 'viewer', role: 'viewer' });
  viewerA = new AdminClient(stack.url, viewer.key);
});
afterAll(async () => stack?.close());

describe('team and project guardrails', () => {
  it('are stored with their defaults, shown in GET and lists, replaced by PATCH and cleared with null', async () => {
    const defaults = { on: ['input'], fail: 'closed' };
    expect(team.guardrails).toEqual([{ ...PII, ...defaults }]);
    expect(project.guardrails).toBeNull();
    expect((await owner.ok<Obj>(200, 'GET', `/admin/v1/teams/${team.id}`)).guardrails).toEqual([{ ...PII, ...defaults }]);
    const listed = await owner.ok<{ data: Obj[] }>(200, 'GET', '/admin/v1/teams');
    expect(listed.data.find((t) => t.id === team.id)?.guardrails).toEqual([{ ...PII, ...defaults }]);

    const patched = await owner.ok<Obj>(200, 'PATCH', `/admin/v1/projects/${project.id}`, { guardrails: [TERMS] });
    expect(patched.guardrails).toEqual([{ ...TERMS, action: 'block', fail: 'closed', case_sensitive: false, max_match_chars: 128 }]);
    // A patch without guardrails keeps them.
    expect((await owner.ok<Obj>(200, 'PATCH', `/admin/v1/projects/${project.id}`, { name: 'p2' })).guardrails).toHaveLength(1);
    expect((await owner.ok<Obj>(200, 'PATCH', `/admin/v1/projects/${project.id}`, { guardrails: null })).guardrails).toBeNull();
    expect((await owner.ok<Obj>(200, 'GET', `/admin/v1/projects/${project.id}`)).guardrails).toBeNull();
  });

  it('are refused with a 400 naming the field path, and nothing is stored', async () => {
    const cases: Array<[unknown, string]> = [
      ['pii', 'guardrails'],
      [{ name: 'pii', type: 'pii' }, 'guardrails'],
      [[{ name: 'pii', type: 'pii', action: 'explode' }], 'guardrails[0].action'],
      [[PII, { name: 'x', type: 'http', url: 'https://guard.example/check' }], 'guardrails[1].type'],
      [[{ name: 'Bad Name', type: 'pii' }], 'guardrails[0].name'],
      [[{ name: 'pii', type: 'pii', entities: ['EMAIL', 'SHOE_SIZE'] }], 'guardrails[0].entities'],
      [[{ name: 'pii', type: 'pii', on: [] }], 'guardrails[0].on'],
      [[{ name: 'pii', type: 'pii', api_key: 'sk-x' }], 'guardrails[0].api_key'],
      [[{ name: 'pii', type: 'pii', applies_to: { aliases: ['fast'], teams: ['t'] } }], 'guardrails[0].applies_to.teams'],
      [[{ name: 'inj', type: 'prompt_injection', threshold: 1.5 }], 'guardrails[0].threshold'],
      [[{ name: 'terms', type: 'denied_terms', patterns: ['ok', '(unclosed'] }], 'guardrails[0].patterns[1]'],
      [[PII, { ...PII, action: 'block' }], 'guardrails[1].name'],
      [Array.from({ length: 17 }, (_, i) => ({ name: `g${i}`, type: 'pii' })), 'guardrails'],
    ];
    for (const [guardrails, param] of cases) {
      expectAdminError(await owner.call('PATCH', `/admin/v1/teams/${team.id}`, { guardrails }), 400, 'invalid_request', param);
      expectAdminError(await owner.call('POST', '/admin/v1/projects', { team_id: team.id, name: 'refused', guardrails }), 400, 'invalid_request', param);
    }
    const error = expectAdminError(
      await owner.call('PATCH', `/admin/v1/teams/${team.id}`, { guardrails: [{ name: 'pii', type: 'pii', action: 'explode' }] }),
      400,
      'invalid_request',
    );
    expect(error.message).toContain("Field 'guardrails[0].action'");
    expect((await owner.ok<Obj>(200, 'GET', `/admin/v1/teams/${team.id}`)).guardrails).toEqual([expect.objectContaining({ name: 'pii' })]);
    const projects = await owner.ok<{ data: Obj[] }>(200, 'GET', `/admin/v1/projects?team_id=${team.id}`);
    expect(projects.data.map((p) => p.name)).not.toContain('refused');
  });

  it("of a team are the owner's to set; its team admin sets its projects'; a viewer neither", async () => {
    const error = expectAdminError(await adminA.call('PATCH', `/admin/v1/teams/${team.id}`, { guardrails: null }), 403, 'permission_denied', 'guardrails');
    expect(error.message).toContain('guardrails');
    expectAdminError(
      await adminA.call('PATCH', `/admin/v1/teams/${team.id}`, { name: 'renamed', guardrails: [TERMS] }),
      403,
      'permission_denied',
      'guardrails',
    );
    expect((await owner.ok<Obj>(200, 'GET', `/admin/v1/teams/${team.id}`)).guardrails).toEqual([expect.objectContaining({ name: 'pii' })]);

    const own = await adminA.ok<Obj>(201, 'POST', '/admin/v1/projects', { team_id: team.id, name: 'by-admin', guardrails: [TERMS] });
    expect(own.guardrails).toEqual([expect.objectContaining({ name: 'codenames' })]);
    expect((await adminA.ok<Obj>(200, 'PATCH', `/admin/v1/projects/${own.id}`, { guardrails: null })).guardrails).toBeNull();
    expectAdminError(await viewerA.call('PATCH', `/admin/v1/projects/${own.id}`, { guardrails: [TERMS] }), 403, 'permission_denied');
    // The viewer reads them.
    expect((await viewerA.ok<Obj>(200, 'GET', `/admin/v1/teams/${team.id}`)).guardrails).toEqual([expect.objectContaining({ name: 'pii' })]);

    const audit = await owner.ok<AuditRows>(200, 'GET', `/admin/v1/audit?object_id=${own.id}`);
    expect(audit.data.map((r) => [r.action, r.actor_role, r.before?.guardrails, r.after.guardrails])).toEqual([
      ['project.updated', 'team_admin', [expect.objectContaining({ name: 'codenames', terms: ['project zeus'] })], null],
      ['project.created', 'team_admin', undefined, [expect.objectContaining({ name: 'codenames' })]],
    ]);
  });

  it('changes of a team are audited with the list before and after', async () => {
    const other = await owner.ok<Obj>(201, 'POST', '/admin/v1/teams', { name: 'audited' });
    await owner.ok(200, 'PATCH', `/admin/v1/teams/${other.id}`, { guardrails: [TERMS] });
    await owner.ok(200, 'PATCH', `/admin/v1/teams/${other.id}`, { guardrails: null });
    const audit = await owner.ok<AuditRows>(200, 'GET', `/admin/v1/audit?object_id=${other.id}`);
    expect(audit.data.map((r) => [r.action, r.actor_role, r.before?.guardrails, r.after.guardrails])).toEqual([
      ['team.updated', 'owner', [expect.objectContaining({ name: 'codenames' })], null],
      ['team.updated', 'owner', null, [expect.objectContaining({ name: 'codenames', patterns: ['zeus-\\d{3}'] })]],
      ['team.created', 'owner', undefined, null],
    ]);
  });

  it('are in the OpenAPI document: the create and change bodies (from the schema) and the answers', async () => {
    type Doc = {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties: Record<string, unknown> } }> } }>>;
      components: { schemas: Record<string, { properties?: Record<string, unknown>; oneOf?: unknown[]; anyOf?: unknown[] }> };
    };
    const doc = await owner.ok<Doc>(200, 'GET', '/admin/v1/openapi.json');
    for (const path of ['/admin/v1/teams', '/admin/v1/teams/{id}', '/admin/v1/projects', '/admin/v1/projects/{id}']) {
      const method = path.endsWith('{id}') ? 'patch' : 'post';
      const body = doc.paths[path]![method]!.requestBody!.content['application/json']!.schema;
      expect(JSON.stringify(body.properties.guardrails), `${method} ${path}`).toContain('"denied_terms"');
      expect(JSON.stringify(body.properties.guardrails)).not.toContain('"http"');
    }
    for (const name of ['Team', 'Project']) expect(doc.components.schemas[name]!.properties).toHaveProperty('guardrails');
    const guard = JSON.stringify(doc.components.schemas.TenantGuardrail);
    for (const type of ['pii', 'prompt_injection', 'denied_terms', 'json_schema']) expect(guard).toContain(`"${type}"`);
  });
});
