/**
 * The admin API end to end on SQLite: CRUD of teams, projects and keys, the key secret shown once,
 * the audit log, and the OpenAPI document (every route listed; its request-body schemas accept
 * every body these tests sent).
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { default as addFormats } from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESOURCES } from '../../src/admin/routes/index.js';
import type { TestStack } from '../../src/testing/stack.js';
import { type CrudResult, runCrudFlow } from './crud-flow.js';
import { ADMIN_KEY, AdminClient, expectAdminError, startAdminStack } from './helpers.js';

type Obj = Record<string, unknown> & { id: string };

let stack: TestStack;
let owner: AdminClient;
let flow: CrudResult;

beforeAll(async () => {
  stack = await startAdminStack();
  owner = new AdminClient(stack.url, ADMIN_KEY);
});
afterAll(async () => stack?.close());

describe('admin API CRUD (SQLite)', () => {
  it('creates, reads, lists, changes and deletes teams, projects and keys', async () => {
    flow = await runCrudFlow(owner, 'sqlite');
  });

  it('accepts the admin key as x-api-key too', async () => {
    const res = await new AdminClient(stack.url, undefined).call('GET', '/admin/v1/teams', undefined, { 'x-api-key': ADMIN_KEY });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('shows a key secret once: never in GET, lists or audit rows', async () => {
    const created = await owner.ok<Obj & { key: string }>(201, 'POST', '/admin/v1/keys', { team_id: flow.team.id, name: 'shown-once', role: 'team_admin' });
    const reads = [
      await owner.call('GET', `/admin/v1/keys/${created.id}`),
      await owner.call('GET', '/admin/v1/keys'),
      await owner.call('GET', `/admin/v1/keys?team_id=${flow.team.id}`),
      await owner.call('GET', '/admin/v1/audit?limit=500'),
      await owner.call('GET', `/admin/v1/audit?object_id=${created.id}`),
    ];
    for (const res of reads) {
      expect(res.status).toBe(200);
      expect(res.text).not.toContain(created.key);
      expect(res.text).not.toContain(flow.secret);
      expect(res.text).not.toContain('key_hash');
    }
    // The secret works (it is a team_admin key: it reads its team).
    const teamAdmin = new AdminClient(stack.url, created.key);
    expect((await teamAdmin.ok<Obj>(200, 'GET', `/admin/v1/teams/${flow.team.id}`)).id).toBe(flow.team.id);
  });

  it('records every admin action in the audit log with who did it, filterable', async () => {
    const all = await owner.ok<{ data: Array<Record<string, unknown>>; has_more: boolean }>(200, 'GET', '/admin/v1/audit?limit=500');
    const actions = all.data.map((r) => r.action);
    for (const action of ['team.created', 'team.updated', 'team.deleted', 'project.created', 'project.deleted', 'key.created', 'key.revoked']) {
      expect(actions).toContain(action);
    }
    const teamCreated = all.data.find((r) => r.action === 'team.created' && r.object_id === flow.team.id)!;
    expect(teamCreated).toMatchObject({ actor_key_id: 'admin_key', actor_role: 'owner', object_type: 'team', before: null });
    expect(teamCreated.after).toMatchObject({ id: flow.team.id, name: 'search-sqlite' });
    expect(new Date(teamCreated.time as string).toISOString()).toBe(teamCreated.time);
    // A webhook secret set on the team is not in the audit answer either.
    expect(JSON.stringify(all)).not.toContain('whsec-0123456789abcdef');

    const revoked = await owner.ok<{ data: Array<Record<string, unknown>> }>(200, 'GET', '/admin/v1/audit?action=key.revoked');
    expect(revoked.data.length).toBeGreaterThan(0);
    expect(revoked.data.every((r) => r.action === 'key.revoked')).toBe(true);
    const page = await owner.ok<{ data: Array<{ seq: number }>; has_more: boolean }>(200, 'GET', '/admin/v1/audit?limit=2');
    expect(page.data).toHaveLength(2);
    expect(page.has_more).toBe(true);
    // Newest first; the next page continues below the last row seen.
    expect(page.data[0]!.seq).toBeGreaterThan(page.data[1]!.seq);
    const next = await owner.ok<{ data: Array<{ seq: number }> }>(200, 'GET', `/admin/v1/audit?limit=2&after_seq=${page.data[1]!.seq}`);
    expect(next.data[0]!.seq).toBeLessThan(page.data[1]!.seq);
    const future = await owner.ok<{ data: unknown[] }>(200, 'GET', '/admin/v1/audit?from=2999-01-01T00:00:00Z');
    expect(future.data).toEqual([]);
  });
});

describe('OpenAPI document', () => {
  let doc: {
    openapi: string;
    paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: object }> }; responses: Record<string, unknown> }>>;
  };

  beforeAll(async () => {
    doc = await owner.ok(200, 'GET', '/admin/v1/openapi.json');
  });

  it('is OpenAPI 3.1 and needs a key like every admin route', async () => {
    expect(doc.openapi).toBe('3.1.0');
    expectAdminError(await new AdminClient(stack.url, undefined).call('GET', '/admin/v1/openapi.json'), 401, 'authentication_failed');
  });

  it('lists every route the router serves, with its methods and error answers', () => {
    const expected: string[] = ['GET /admin/v1/openapi.json'];
    for (const [name, resource] of Object.entries(RESOURCES)) {
      for (const method of Object.keys(resource.collection)) expected.push(`${method} /admin/v1/${name}`);
      for (const method of Object.keys(resource.item ?? {})) expected.push(`${method} /admin/v1/${name}/{id}`);
      for (const [word, table] of Object.entries(resource.words ?? {}))
        for (const method of Object.keys(table)) expected.push(`${method} /admin/v1/${name}/${word}`);
      for (const route of resource.nested ?? []) for (const method of Object.keys(route.table)) expected.push(`${method} /admin/v1/${name}/${route.path}`);
    }
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops)
        .filter((m) => m !== 'parameters')
        .map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(expected.sort());
    for (const ops of Object.values(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        if (method === 'parameters') continue;
        expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['401', '403', '500']));
      }
    }
  });

  it('documents regions on every create and change body (bounds and pattern from the schema) and in every answer', async () => {
    const full = await owner.ok<{ components: { schemas: Record<string, { properties: Record<string, unknown> }> } }>(200, 'GET', '/admin/v1/openapi.json');
    for (const path of ['/admin/v1/teams', '/admin/v1/teams/{id}', '/admin/v1/projects', '/admin/v1/projects/{id}', '/admin/v1/keys', '/admin/v1/keys/{id}']) {
      const method = path.endsWith('{id}') ? 'patch' : 'post';
      const schema = doc.paths[path]![method]!.requestBody!.content['application/json']!.schema as { properties: Record<string, unknown> };
      expect(schema.properties.regions, `${method} ${path}`).toEqual({
        anyOf: [{ type: 'array', items: { type: 'string', pattern: '^[A-Za-z0-9_.*-]{1,64}$' }, minItems: 1, maxItems: 32 }, { type: 'null' }],
      });
    }
    for (const name of ['Team', 'Project', 'Key', 'KeyCreated']) expect(full.components.schemas[name]!.properties).toHaveProperty('regions');
  });

  it('has request-body schemas that accept every body the tests sent, and refuse an unknown field', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    expect(owner.sent.length).toBeGreaterThan(8);
    for (const { method, path, body } of owner.sent) {
      const template = path.replace(/^\/admin\/v1\/(teams|projects|keys)\/[^/]+$/, '/admin/v1/$1/{id}');
      const schema = doc.paths[template]?.[method.toLowerCase()]?.requestBody?.content['application/json']?.schema;
      expect(schema, `${method} ${template} documents a body`).toBeDefined();
      const valid = ajv.validate(schema!, body);
      expect(valid, `${method} ${template}: ${JSON.stringify(ajv.errors)}`).toBe(true);
      expect(ajv.validate(schema!, { ...(body as object), not_a_field: 1 })).toBe(false);
    }
  });
});
