/**
 * Spend (JSON and CSV, every grouping, default range, team scoping, formula-safe CSV) and alerts
 * (team scoping, webhook URLs cut), over HTTP on ledger rows and alerts written through the stores.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../src/governance/store-contract.js';
import type { TestStack } from '../../src/testing/stack.js';
import { ADMIN_KEY, AdminClient, expectAdminError, startAdminStack } from './helpers.js';

type Obj = Record<string, unknown> & { id: string };
type Spend = { object: string; group_by: string; from: string; to: string; data: Array<Record<string, unknown>> };

let stack: TestStack;
let owner: AdminClient;
let teamA: Obj;
let teamB: Obj;
let projectA: Obj;
let keyA: Obj;
let adminA: AdminClient;
const today = new Date().toISOString().slice(0, 10);

function entry(over: Partial<LedgerEntry> & { request_id: string }): LedgerEntry {
  return {
    time: Date.now(),
    day: today,
    team_id: teamA.id,
    project_id: projectA.id,
    key_id: keyA.id,
    end_user: 'ana',
    model: 'gpt-4o',
    provider: 'openai',
    usd: 0.5,
    input_tokens: 100,
    output_tokens: 50,
    estimated: 0,
    ...over,
  };
}

beforeAll(async () => {
  stack = await startAdminStack();
  owner = new AdminClient(stack.url, ADMIN_KEY);
  // A hostile team name: it must reach a spreadsheet as text, not as a formula.
  teamA = await owner.ok(201, 'POST', '/admin/v1/teams', { name: '=HYPERLINK("http://evil.example","click")' });
  teamB = await owner.ok(201, 'POST', '/admin/v1/teams', { name: 'team, "b"' });
  projectA = await owner.ok(201, 'POST', '/admin/v1/projects', { team_id: teamA.id, name: 'pa' });
  keyA = await owner.ok(201, 'POST', '/admin/v1/keys', { project_id: projectA.id, name: '@key-a' });
  const admin = await owner.ok<Obj & { key: string }>(201, 'POST', '/admin/v1/keys', { team_id: teamA.id, name: 'admin-a', role: 'team_admin' });
  adminA = new AdminClient(stack.url, admin.key);
  await stack.gateway.governance.ledger.write([
    entry({ request_id: 'req_1' }),
    entry({ request_id: 'req_2', end_user: '-bob', model: 'sonnet', usd: 1.25, input_tokens: 10, output_tokens: 5 }),
    entry({ request_id: 'req_3', team_id: teamB.id, project_id: '', key_id: '', end_user: '', usd: 3, input_tokens: 1000, output_tokens: 1 }),
    // Last year: outside the default range (this month).
    entry({ request_id: 'req_old', day: '2000-01-15', time: Date.UTC(2000, 0, 15), usd: 100 }),
  ]);
});
afterAll(async () => stack?.close());

describe('GET /admin/v1/spend', () => {
  it('groups by team over the current month by default, most spent first', async () => {
    const spend = await owner.ok<Spend>(200, 'GET', '/admin/v1/spend');
    expect(spend).toMatchObject({ object: 'list', group_by: 'team', from: `${today.slice(0, 8)}01`, to: today });
    expect(spend.data).toEqual([
      { team_id: teamB.id, team_name: 'team, "b"', usd: 3, input_tokens: 1000, output_tokens: 1, requests: 1, saved_usd: 0, cache_hits: 0 },
      { team_id: teamA.id, team_name: teamA.name, usd: 1.75, input_tokens: 110, output_tokens: 55, requests: 2, saved_usd: 0, cache_hits: 0 },
    ]);
  });

  it('groups by project, key, user and model, and honours from/to', async () => {
    const byKey = await owner.ok<Spend>(200, 'GET', `/admin/v1/spend?group_by=key&team_id=${teamA.id}`);
    expect(byKey.data).toEqual([
      { key_id: keyA.id, key_name: '@key-a', usd: 1.75, input_tokens: 110, output_tokens: 55, requests: 2, saved_usd: 0, cache_hits: 0 },
    ]);
    const byProject = await owner.ok<Spend>(200, 'GET', `/admin/v1/spend?group_by=project&team_id=${teamA.id}`);
    expect(byProject.data).toEqual([
      { project_id: projectA.id, project_name: 'pa', usd: 1.75, input_tokens: 110, output_tokens: 55, requests: 2, saved_usd: 0, cache_hits: 0 },
    ]);
    const byUser = await owner.ok<Spend>(200, 'GET', `/admin/v1/spend?group_by=user&team_id=${teamA.id}`);
    expect(byUser.data.map((r) => [r.user, r.usd])).toEqual([
      ['-bob', 1.25],
      ['ana', 0.5],
    ]);
    const byModel = await owner.ok<Spend>(200, 'GET', '/admin/v1/spend?group_by=model&from=2000-01-01&to=2000-12-31');
    expect(byModel).toMatchObject({ from: '2000-01-01', to: '2000-12-31', data: [{ model: 'gpt-4o', usd: 100, requests: 1 }] });
  });

  it('shows a team admin its own team only', async () => {
    const spend = await adminA.ok<Spend>(200, 'GET', '/admin/v1/spend');
    expect(spend.data.map((r) => r.team_id)).toEqual([teamA.id]);
    const byUser = await adminA.ok<Spend>(200, 'GET', '/admin/v1/spend?group_by=user');
    expect(byUser.data.map((r) => r.user).sort()).toEqual(['-bob', 'ana']);
    expect((await adminA.ok<Spend>(200, 'GET', `/admin/v1/spend?team_id=${teamB.id}`)).data).toEqual([]);
  });

  it('answers CSV for format=csv or Accept: text/csv, quoted and formula-safe', async () => {
    const res = await owner.call('GET', '/admin/v1/spend?format=csv');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="spend-team-\d{4}-\d{2}-01-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(res.text).toBe(
      'team_id,team_name,usd,input_tokens,output_tokens,requests,saved_usd,cache_hits\r\n' +
        `${teamB.id},"team, ""b""",3,1000,1,1,0,0\r\n` +
        `${teamA.id},"'=HYPERLINK(""http://evil.example"",""click"")",1.75,110,55,2,0,0\r\n`,
    );
    const byUser = await owner.call('GET', `/admin/v1/spend?group_by=user&team_id=${teamA.id}`, undefined, { accept: 'text/csv' });
    expect(byUser.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(byUser.text).toBe("user,usd,input_tokens,output_tokens,requests,saved_usd,cache_hits\r\n'-bob,1.25,10,5,1,0,0\r\nana,0.5,100,50,1,0,0\r\n");
    // format=json wins over the Accept header.
    const json = await owner.call('GET', '/admin/v1/spend?format=json', undefined, { accept: 'text/csv' });
    expect(json.headers['content-type']).toBe('application/json');
    const empty = await owner.call('GET', '/admin/v1/spend?format=csv&from=1999-01-01&to=1999-01-31');
    expect(empty.text).toBe('usd,input_tokens,output_tokens,requests,saved_usd,cache_hits\r\n');
  });
});

describe('GET /admin/v1/alerts', () => {
  beforeAll(async () => {
    const { alerts } = stack.gateway.governance;
    const payload = (team: Obj) => JSON.stringify({ scope: { kind: 'team', id: team.id }, threshold: 0.8, period: '2026-12' });
    expect(await alerts.claim(`alert-a-${teamA.id}`, Date.now(), payload(teamA), teamA.id)).toBe(true);
    await alerts.recordDelivery(`alert-a-${teamA.id}`, 'https://hooks.slack.com/services/T0/B0/supersecretpath', true, 1, null, Date.now());
    expect(await alerts.claim(`alert-b-${teamB.id}`, Date.now(), payload(teamB), teamB.id)).toBe(true);
  });

  it('lists alerts with deliveries, webhook paths cut', async () => {
    const list = await owner.ok<{ data: Array<Record<string, unknown>>; has_more: boolean }>(200, 'GET', '/admin/v1/alerts');
    expect(list.data.map((a) => a.id).sort()).toEqual([`alert-a-${teamA.id}`, `alert-b-${teamB.id}`].sort());
    const a = list.data.find((x) => x.id === `alert-a-${teamA.id}`)!;
    expect(a).toMatchObject({ object: 'alert', payload: { threshold: 0.8, scope: { id: teamA.id } }, deliveries: [{ ok: true, attempts: 1 }] });
    expect(new Date(a.time as string).toISOString()).toBe(a.time);
    expect(JSON.stringify(list)).not.toContain('supersecretpath');
    const one = await owner.ok<{ data: unknown[]; has_more: boolean }>(200, 'GET', '/admin/v1/alerts?limit=1');
    expect(one.data).toHaveLength(1);
    expect(one.has_more).toBe(true);
  });

  it("shows a team admin its own team's alerts only", async () => {
    const list = await adminA.ok<{ data: Array<Record<string, unknown>> }>(200, 'GET', '/admin/v1/alerts');
    expect(list.data.map((a) => a.id)).toEqual([`alert-a-${teamA.id}`]);
    expectAdminError(await adminA.call('GET', '/admin/v1/alerts?limit=0'), 400, 'invalid_request', 'limit');
  });
});
