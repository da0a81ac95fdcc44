/**
 * The request log over the admin API on SQLite and PostgreSQL: search with every filter and the
 * cursor, the detail, the overview, 400s naming the parameter, and team scoping (a team's
 * viewer sees its own rows only; naming another team is a 403; another team's request is a 404).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Overview, RequestDetail, RequestSearchPage } from '../../src/admin/requests-contract.js';
import type { RequestRecord } from '../../src/observability/request-record.js';
import { createTestSchema, type TestSchema } from '../../src/testing/postgres.js';
import type { TestStack } from '../../src/testing/stack.js';
import { ADMIN_KEY, AdminClient, expectAdminError, startAdminStack } from './helpers.js';
import { testRequestRecord } from '../../src/testing/request-record.js';

type Obj = Record<string, unknown> & { id: string };
const T0 = Date.UTC(2027, 3, 1, 8, 0);

function rec(id: string, time: number, over: Partial<RequestRecord>): RequestRecord {
  return testRequestRecord(id, time, { inputTokens: 10, outputTokens: 5, costUsd: 0.5, ...over });
}

describe.each(['sqlite', 'postgres'] as const)('request log admin API on %s', (dialect) => {
  let schema: TestSchema | undefined;
  let stack: TestStack;
  let owner: AdminClient;
  let viewerA: AdminClient;
  let adminB: AdminClient;
  let teamA: Obj;
  let teamB: Obj;

  beforeAll(async () => {
    schema = dialect === 'postgres' ? await createTestSchema('admin_requests') : undefined;
    stack = await startAdminStack(schema ? { storage: schema.url } : {});
    owner = new AdminClient(stack.url, ADMIN_KEY);
    teamA = await owner.ok(201, 'POST', '/admin/v1/teams', { name: 'team-a' });
    teamB = await owner.ok(201, 'POST', '/admin/v1/teams', { name: 'team-b' });
    const viewer = await owner.ok<Obj & { key: string }>(201, 'POST', '/admin/v1/keys', { team_id: teamA.id, name: 'viewer-a', role: 'viewer' });
    const admin = await owner.ok<Obj & { key: string }>(201, 'POST', '/admin/v1/keys', { team_id: teamB.id, name: 'admin-b', role: 'team_admin' });
    viewerA = new AdminClient(stack.url, viewer.key);
    adminB = new AdminClient(stack.url, admin.key);
    const records = [
      rec('req_01', T0 + 1_000, { teamId: teamA.id, keyId: 'key_a', endUser: 'alice', metadata: { ticket: 'T-100', env: 'prod' } }),
      rec('req_02', T0 + 2_000, { teamId: teamA.id, keyId: 'key_a', status: 429, errorCode: 'rate_limited', costUsd: undefined }),
      rec('req_03', T0 + 3_000, { teamId: teamB.id, keyId: 'key_b', provider: 'other', modelServed: 'big', metadata: { ticket: 'T-200' } }),
      rec('req_04', T0 + 61_000, {
        teamId: teamB.id,
        keyId: 'key_b',
        status: 502,
        errorCode: 'upstream_error',
        phases: { authenticate: 0.2, dispatch: 90 },
        requestBody: '{"model":"fast","messages":[]}',
      }),
      rec('req_05', T0 + 62_000, { teamId: teamA.id, projectId: 'proj_x', keyId: 'key_a2', ttftMs: 20 }),
    ];
    for (const r of records) stack.gateway.requestLog.record(r);
    await stack.gateway.requestLog.flush();
  });
  afterAll(async () => {
    await stack?.close();
    await schema?.drop();
  });

  const search = (client: AdminClient, query: string) => client.ok<RequestSearchPage>(200, 'GET', `/admin/v1/requests${query}`);
  const ids = async (client: AdminClient, query: string) => (await search(client, query)).data.map((r) => r.id);

  it('searches with every filter, newest first', async () => {
    expect(await ids(owner, '')).toEqual(['req_05', 'req_04', 'req_03', 'req_02', 'req_01']);
    expect(await ids(owner, `?team=${teamB.id}`)).toEqual(['req_04', 'req_03']);
    expect(await ids(owner, '?project=proj_x')).toEqual(['req_05']);
    expect(await ids(owner, '?key=key_a')).toEqual(['req_02', 'req_01']);
    expect(await ids(owner, '?user=alice')).toEqual(['req_01']);
    expect(await ids(owner, '?model=big')).toEqual(['req_03']);
    expect(await ids(owner, '?model=fast&provider=other')).toEqual(['req_03']);
    expect(await ids(owner, '?status=429')).toEqual(['req_02']);
    expect(await ids(owner, '?status=5xx')).toEqual(['req_04']);
    expect(await ids(owner, '?status=2xx')).toEqual(['req_05', 'req_03', 'req_01']);
    expect(await ids(owner, '?error_code=upstream_error')).toEqual(['req_04']);
    expect(await ids(owner, '?q=t-1')).toEqual(['req_01']);
    expect(await ids(owner, '?q=ticket')).toEqual(['req_03', 'req_01']);
    expect(await ids(owner, `?from=${new Date(T0 + 2_000).toISOString()}&to=${T0 + 61_000}`)).toEqual(['req_03', 'req_02']);
  });

  it('pages with the cursor', async () => {
    const first = await search(owner, '?limit=2');
    expect(first.data.map((r) => r.id)).toEqual(['req_05', 'req_04']);
    const second = await search(owner, `?limit=2&cursor=${first.next_cursor}`);
    expect(second.data.map((r) => r.id)).toEqual(['req_03', 'req_02']);
    const third = await search(owner, `?limit=2&cursor=${second.next_cursor}`);
    expect(third).toMatchObject({ data: [{ id: 'req_01' }], next_cursor: null });
  });

  it('refuses bad values with a 400 naming the parameter', async () => {
    for (const [query, param] of [
      ['?limit=0', 'limit'],
      ['?limit=201', 'limit'],
      ['?status=abc', 'status'],
      ['?status=6xx', 'status'],
      ['?from=yesterday', 'from'],
      ['?to=2027-13-01', 'to'],
      [`?from=${T0}&to=${T0}`, 'to'],
      ['?cursor=bm90IG91cnM', 'cursor'],
      ['?team=not%20an%20id', 'team'],
      ['?colour=red', 'colour'],
      ['?limit=1&limit=2', 'limit'],
    ] as const) {
      expectAdminError(await owner.call('GET', `/admin/v1/requests${query}`), 400, 'invalid_request', param);
    }
    expectAdminError(await owner.call('GET', '/admin/v1/overview?bucket=week'), 400, 'invalid_request', 'bucket');
    expectAdminError(await owner.call('GET', `/admin/v1/overview?from=0&to=${T0}&bucket=minute`), 400, 'invalid_request', 'bucket');
    expectAdminError(await owner.call('GET', '/admin/v1/overview?by=colour'), 400, 'invalid_request', 'by');
    expectAdminError(await owner.call('POST', '/admin/v1/requests', {}), 405, 'method_not_allowed');
  });

  it('gives the detail of one request, and a 404 for an unknown id', async () => {
    const detail = await owner.ok<RequestDetail>(200, 'GET', '/admin/v1/requests/req_04');
    expect(detail).toMatchObject({
      id: 'req_04',
      status: 502,
      error_code: 'upstream_error',
      phases: { authenticate: 0.2, dispatch: 90 },
      request_body: { model: 'fast', messages: [] },
      response_body: null,
      trace_id: null,
      attempt_log: [{ provider: 'sim', model: 'sim-small', outcome: 'ok' }],
    });
    expectAdminError(await owner.call('GET', '/admin/v1/requests/req_none'), 404, 'not_found');
  });

  it("limits a team's viewer and admin to their own team", async () => {
    expect(await ids(viewerA, '')).toEqual(['req_05', 'req_02', 'req_01']);
    expect(await ids(viewerA, `?team=${teamA.id}&status=4xx`)).toEqual(['req_02']);
    expect(await ids(viewerA, '?q=ticket')).toEqual(['req_01']);
    expectAdminError(await viewerA.call('GET', `/admin/v1/requests?team=${teamB.id}`), 403, 'permission_denied', 'team');
    expectAdminError(await viewerA.call('GET', '/admin/v1/requests/req_03'), 404, 'not_found');
    expect((await viewerA.ok<RequestDetail>(200, 'GET', '/admin/v1/requests/req_01')).metadata).toEqual({ ticket: 'T-100', env: 'prod' });
    expect(await ids(adminB, '')).toEqual(['req_04', 'req_03']);
    expectAdminError(await adminB.call('GET', `/admin/v1/overview?team=${teamA.id}`), 403, 'permission_denied', 'team');
    const overview = await adminB.ok<Overview>(200, 'GET', `/admin/v1/overview?from=${T0}&to=${T0 + 120_000}`);
    expect(overview.totals).toMatchObject({ requests: 2, errors: 1, cost_usd: 1 });
  });

  it('answers the overview with minute buckets for a short range and the split by team', async () => {
    const o = await owner.ok<Overview>(200, 'GET', `/admin/v1/overview?from=${T0}&to=${T0 + 120_000}&by=team`);
    expect(o.bucket).toBe('minute');
    expect(o.buckets.map((b) => [b.start, b.requests, b.errors])).toEqual([
      [T0, 3, 1],
      [T0 + 60_000, 2, 1],
    ]);
    expect(o.totals).toMatchObject({ requests: 5, errors: 2, input_tokens: 50, output_tokens: 25, cost_usd: 2, p50_ms: 100, p50_ttft_ms: 20 });
    // Equal spend: the busier team first.
    expect(o.split?.map((s) => [s.key, s.requests, s.cost_usd])).toEqual([
      [teamA.id, 3, 1],
      [teamB.id, 2, 1],
    ]);
    const day = await owner.ok<Overview>(200, 'GET', `/admin/v1/overview?from=2027-03-01&to=2027-04-30`);
    expect(day.bucket).toBe('day');
    expect(day.totals.requests).toBe(5);
    const byDefault = await owner.ok<Overview>(200, 'GET', '/admin/v1/overview');
    expect(byDefault.to - byDefault.from).toBe(86_400_000);
    expect(byDefault.bucket).toBe('hour');
  });

  it('documents the routes in the OpenAPI document', async () => {
    const doc = await owner.ok<{ paths: Record<string, { get?: { parameters?: { name: string }[] } }> }>(200, 'GET', '/admin/v1/openapi.json');
    expect(doc.paths['/admin/v1/requests']?.get?.parameters?.map((p) => p.name)).toEqual(expect.arrayContaining(['from', 'team', 'q', 'cursor', 'limit']));
    expect(doc.paths['/admin/v1/requests/{id}']?.get).toBeDefined();
    expect(doc.paths['/admin/v1/overview']?.get?.parameters?.map((p) => p.name)).toEqual(expect.arrayContaining(['bucket', 'by']));
  });
});
