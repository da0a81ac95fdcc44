/** Wrong and hostile input to the admin API: every case a clear 4xx with a stable code, never a stack trace. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestStack } from '../../src/testing/stack.js';
import { send } from '../bad-input/http.js';
import { requestWithHost } from '../security/raw.js';
import { ADMIN_KEY, AdminClient, expectAdminError, startAdminStack } from './helpers.js';

type Obj = Record<string, unknown> & { id: string };

let stack: TestStack;
let owner: AdminClient;
let team: Obj;
const auth = { authorization: `Bearer ${ADMIN_KEY}` };

beforeAll(async () => {
  stack = await startAdminStack();
  owner = new AdminClient(stack.url, ADMIN_KEY);
  team = await owner.ok(201, 'POST', '/admin/v1/teams', { name: 'hostile' });
});
afterAll(async () => stack?.close());

describe('bodies', () => {
  it('must be JSON (415 otherwise)', async () => {
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', null]) {
      const res = await send(`${stack.url}/admin/v1/teams`, { body: '{"name":"x"}', contentType, headers: auth });
      expectAdminError(res, 415, 'unsupported_media_type');
    }
    expectAdminError(
      await send(`${stack.url}/admin/v1/teams/${team.id}`, { method: 'PATCH', body: 'name=x', contentType: 'text/plain', headers: auth }),
      415,
      'unsupported_media_type',
    );
  });

  it('are capped at 1 MiB (413)', async () => {
    const big = JSON.stringify({ name: 'x', metadata: { a: 'y'.repeat(1024 * 1024) } });
    expectAdminError(await send(`${stack.url}/admin/v1/teams`, { body: big, headers: auth }), 413, 'payload_too_large');
    // The connection and the server are fine after it.
    await owner.ok(200, 'GET', '/admin/v1/teams');
  });

  it('must be well-formed JSON objects', async () => {
    for (const body of ['{"name":', 'not json', '', '[]', '"team"', 'null', '{"name":"x"}{"name":"y"}']) {
      const res = await send(`${stack.url}/admin/v1/teams`, { body, headers: auth });
      expectAdminError(res, 400, 'invalid_request');
    }
    expectAdminError(await send(`${stack.url}/admin/v1/teams`, { body: Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]), headers: auth }), 400, 'invalid_request');
    expectAdminError(await send(`${stack.url}/admin/v1/teams`, { body: '['.repeat(10_000) + ']'.repeat(10_000), headers: auth }), 400, 'invalid_request');
  });

  it('refuse unknown fields, naming them (nested too, and __proto__)', async () => {
    expectAdminError(await owner.call('POST', '/admin/v1/teams', { name: 'x', owner: 'me' }), 400, 'invalid_request', 'owner');
    expectAdminError(
      await owner.call('POST', '/admin/v1/teams', { name: 'x', budget: { usd: 1, currency: 'EUR' } }),
      400,
      'invalid_request',
      'budget.currency',
    );
    expectAdminError(await owner.call('POST', '/admin/v1/keys', { team_id: team.id, name: 'x', key: 'sk-sb-chosen-by-caller' }), 400, 'invalid_request', 'key');
    expectAdminError(await owner.call('POST', '/admin/v1/keys', { team_id: team.id, name: 'x', key_hash: 'a'.repeat(64) }), 400, 'invalid_request', 'key_hash');
    expectAdminError(await owner.call('PATCH', `/admin/v1/projects/proj_x`, { team_id: team.id }), 404, 'not_found');
    const proto = await send(`${stack.url}/admin/v1/teams`, { body: '{"name":"p","__proto__":{"admin":true}}', headers: auth });
    expectAdminError(proto, 400, 'invalid_request', '__proto__');
  });

  it('refuse negative, huge and malformed numbers with the field path', async () => {
    const cases: Array<[unknown, string]> = [
      [{ name: 'x', budget: { usd: -1 } }, 'budget.usd'],
      [{ name: 'x', budget: { tokens: -5 } }, 'budget.tokens'],
      [{ name: 'x', budget: { tokens: 1.5 } }, 'budget.tokens'],
      [{ name: 'x', budget: { usd: 1e300 } }, 'budget.usd'],
      [{ name: 'x', budget: { usd: '50' } }, 'budget.usd'],
      [{ name: 'x', budget: { usd: 5, period: 'fortnight' } }, 'budget.period'],
      [{ name: 'x', budget: { usd: 5, alert_at: [0] } }, 'budget.alert_at[0]'],
      [{ name: 'x', budget: {} }, 'budget'],
      [{ name: 'x', limits: { rpm: 0 } }, 'limits.rpm'],
      [{ name: 'x', limits: { rpm: 1e300 } }, 'limits.rpm'],
      [{ name: 'x', limits: { tpm: 2.5 } }, 'limits.tpm'],
      [{ name: 'x', user_limits: { concurrency: -3 } }, 'user_limits.concurrency'],
    ];
    for (const [body, param] of cases) expectAdminError(await owner.call('POST', '/admin/v1/teams', body), 400, 'invalid_request', param);
  });

  it('bound names, metadata and lists', async () => {
    expectAdminError(await owner.call('POST', '/admin/v1/teams', { name: '' }), 400, 'invalid_request', 'name');
    expectAdminError(await owner.call('POST', '/admin/v1/teams', { name: 'n'.repeat(201) }), 400, 'invalid_request', 'name');
    expectAdminError(await owner.call('POST', '/admin/v1/teams', { name: 'line\nbreak' }), 400, 'invalid_request', 'name');
    expectAdminError(await owner.call('POST', '/admin/v1/teams', {}), 400, 'invalid_request', 'name');
    const metadata = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    expectAdminError(await owner.call('POST', '/admin/v1/teams', { name: 'x', metadata }), 400, 'invalid_request', 'metadata');
    expectAdminError(await owner.call('POST', '/admin/v1/teams', { name: 'x', metadata: { k: 'v'.repeat(1001) } }), 400, 'invalid_request', 'metadata.k');
    expectAdminError(await owner.call('POST', '/admin/v1/teams', { name: 'x', metadata: { 'bad key': 'v' } }), 400, 'invalid_request');
    expectAdminError(await owner.call('POST', '/admin/v1/teams', { name: 'x', metadata: { k: 5 } }), 400, 'invalid_request', 'metadata.k');
    const models = Array.from({ length: 101 }, (_, i) => `m${i}`);
    expectAdminError(await owner.call('POST', '/admin/v1/keys', { team_id: team.id, name: 'x', models }), 400, 'invalid_request', 'models');
    expectAdminError(await owner.call('POST', '/admin/v1/keys', { team_id: team.id, name: 'x', models: ['has space'] }), 400, 'invalid_request', 'models[0]');
    expectAdminError(await owner.call('POST', '/admin/v1/keys', { team_id: team.id, name: 'x', role: 'owner' }), 400, 'invalid_request', 'role');
    expectAdminError(await owner.call('PATCH', `/admin/v1/teams/${team.id}`, {}), 400, 'invalid_request');
  });

  it('refuse empty, oversized and malformed region lists on teams, projects and keys, naming the entry', async () => {
    const project = await owner.ok<Obj>(201, 'POST', '/admin/v1/projects', { team_id: team.id, name: 'regions' });
    const key = await owner.ok<Obj>(201, 'POST', '/admin/v1/keys', { team_id: team.id, name: 'regions' });
    const cases: Array<[unknown, string]> = [
      [[], 'regions'],
      [Array.from({ length: 33 }, (_, i) => `r${i}`), 'regions'],
      ['eu-west-1', 'regions'],
      [{ 0: 'eu-west-1' }, 'regions'],
      [true, 'regions'],
      [[''], 'regions[0]'],
      [['eu west'], 'regions[0]'],
      [['eu-west-1', 'x'.repeat(65)], 'regions[1]'],
      [['eu/west'], 'regions[0]'],
      [['../../etc'], 'regions[0]'],
      [['eu-west-1\n'], 'regions[0]'],
      [['eu-west-1\u0000'], 'regions[0]'],
      [["eu'; DROP TABLE teams;--"], 'regions[0]'],
      [['région'], 'regions[0]'],
      [['eu-west-1', 7], 'regions[1]'],
      [[null], 'regions[0]'],
      [[['eu-west-1']], 'regions[0]'],
    ];
    const routes: Array<[string, string, Record<string, unknown>]> = [
      ['POST', '/admin/v1/teams', { name: 'r' }],
      ['PATCH', `/admin/v1/teams/${team.id}`, {}],
      ['POST', '/admin/v1/projects', { team_id: team.id, name: 'r2' }],
      ['PATCH', `/admin/v1/projects/${project.id}`, {}],
      ['POST', '/admin/v1/keys', { team_id: team.id, name: 'r' }],
      ['PATCH', `/admin/v1/keys/${key.id}`, {}],
    ];
    for (const [method, path, body] of routes) {
      for (const [regions, param] of cases) expectAdminError(await owner.call(method, path, { ...body, regions }), 400, 'invalid_request', param);
    }
    // The empty list says why it is refused and what to send instead.
    const empty = expectAdminError(await owner.call('PATCH', `/admin/v1/teams/${team.id}`, { regions: [] }), 400, 'invalid_request', 'regions');
    expect(empty.message).toMatch(/refuse every request.*null/);
    // OpenAI's error shape, like every admin error.
    const res = await owner.call('POST', '/admin/v1/keys', { team_id: team.id, name: 'r', regions: ['eu west'] });
    expect(Object.keys(res.json as object)).toEqual(['error']);
    expect((res.json as { error: object }).error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_request', param: 'regions[0]' });
    // Nothing was stored by any refused call.
    expect((await owner.ok<Obj>(200, 'GET', `/admin/v1/teams/${team.id}`)).regions).toBeNull();
    expect((await owner.ok<Obj>(200, 'GET', `/admin/v1/projects/${project.id}`)).regions).toBeNull();
    expect((await owner.ok<Obj>(200, 'GET', `/admin/v1/keys/${key.id}`)).regions).toBeNull();
    // The bounds themselves are accepted: 32 entries of 64 characters, patterns with * included.
    const widest = Array.from({ length: 32 }, (_, i) => `${String(i).padStart(2, '0')}${'a'.repeat(61)}*`);
    expect((await owner.ok<Obj>(200, 'PATCH', `/admin/v1/keys/${key.id}`, { regions: widest })).regions).toEqual(widest);
    expect((await owner.ok<Obj>(200, 'PATCH', `/admin/v1/keys/${key.id}`, { regions: ['EU_west.1', '*'] })).regions).toEqual(['EU_west.1', '*']);
  });

  it('refuse bad and past dates', async () => {
    for (const expires_at of ['tomorrow', '2026-02-30', '2026-01-01T25:00:00Z', -1, 1e300, true]) {
      expectAdminError(await owner.call('POST', '/admin/v1/keys', { team_id: team.id, name: 'x', expires_at }), 400, 'invalid_request', 'expires_at');
    }
    const past = expectAdminError(
      await owner.call('POST', '/admin/v1/keys', { team_id: team.id, name: 'x', expires_at: '2001-01-01T00:00:00Z' }),
      400,
      'invalid_request',
      'expires_at',
    );
    expect(past.message).toContain('past');
  });

  it('refuse alert URLs that are not http(s), and masked values sent back', async () => {
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'gopher://127.0.0.1:6379/_FLUSHALL', 'not a url']) {
      expectAdminError(await owner.call('PATCH', `/admin/v1/teams/${team.id}`, { alerts: [{ type: 'slack', url }] }), 400, 'invalid_request', 'alerts[0].url');
    }
    expectAdminError(
      await owner.call('PATCH', `/admin/v1/teams/${team.id}`, { alerts: [{ type: 'webhook', url: 'https://h.example/x', secret: 'short' }] }),
      400,
      'invalid_request',
      'alerts[0].secret',
    );
    await owner.ok(200, 'PATCH', `/admin/v1/teams/${team.id}`, { alerts: [{ type: 'webhook', url: 'https://h.example/x', secret: 'whsec-long-enough-123' }] });
    const shown = await owner.ok<{ alerts: unknown[] }>(200, 'GET', `/admin/v1/teams/${team.id}`);
    const error = expectAdminError(
      await owner.call('PATCH', `/admin/v1/teams/${team.id}`, { alerts: shown.alerts }),
      400,
      'invalid_request',
      'alerts[0].secret',
    );
    expect(error.message).toContain('masked');
  });

  it('refuse references to nothing and keys without a team', async () => {
    expectAdminError(await owner.call('POST', '/admin/v1/projects', { team_id: 'team_nothing', name: 'x' }), 404, 'not_found', 'team_id');
    expectAdminError(await owner.call('POST', '/admin/v1/keys', { project_id: 'proj_nothing', name: 'x' }), 404, 'not_found', 'project_id');
    expectAdminError(await owner.call('POST', '/admin/v1/keys', { name: 'x' }), 400, 'invalid_request', 'team_id');
    expectAdminError(await owner.call('POST', '/admin/v1/projects', { team_id: '../../etc/passwd', name: 'x' }), 400, 'invalid_request', 'team_id');
  });
});

describe('paths, methods and query strings', () => {
  it('answer malformed and traversal-ish ids with 404', async () => {
    const ids = ['..%2F..%2Fetc%2Fpasswd', '%00', "team_1'%20OR%201=1", 'x'.repeat(65), '..', '%2e%2e', 'team_1;DROP', 'team%E2%80%AE'];
    for (const id of ids) {
      for (const method of ['GET', 'PATCH', 'DELETE']) {
        // node:http sends the path as written (a URL parser would resolve the dot segments first).
        const res = await requestWithHost(stack.gateway.port, `/admin/v1/teams/${id}`, {
          host: '127.0.0.1',
          method,
          headers: auth,
          body: method === 'PATCH' ? '{"name":"x"}' : undefined,
        });
        expectAdminError(res, 404, 'not_found');
        expect(res.text).not.toContain('passwd');
      }
    }
    for (const path of [
      '/admin/v1/teams/../keys',
      '/admin/v1/teams/a/b',
      '/admin/v1/teams/',
      '/admin/v1/',
      '/admin/v1',
      '/admin/v1/spend/x',
      '/admin/v1/__proto__',
      '/admin/v1/constructor',
    ]) {
      expectAdminError(await requestWithHost(stack.gateway.port, path, { host: '127.0.0.1', method: 'GET', headers: auth }), 404, 'not_found');
    }
  });

  it('answer methods a path lacks with 405 and an allow header', async () => {
    const res = await send(`${stack.url}/admin/v1/teams`, { method: 'PUT', headers: auth, body: '{}' });
    expectAdminError(res, 405, 'method_not_allowed');
    expect(res.headers.allow).toBe('GET, POST');
    expect((await send(`${stack.url}/admin/v1/spend`, { method: 'POST', headers: auth, body: '{}' })).headers.allow).toBe('GET');
    expectAdminError(await send(`${stack.url}/admin/v1/keys/key_x`, { method: 'POST', headers: auth, body: '{}' }), 405, 'method_not_allowed');
  });

  it('refuse bad, huge, repeated and unknown query parameters', async () => {
    const cases: Array<[string, string]> = [
      ['/admin/v1/teams?limit=0', 'limit'],
      ['/admin/v1/teams?limit=1000000000000', 'limit'],
      ['/admin/v1/keys?limit=501', 'limit'],
      ['/admin/v1/teams?limit=1e3', 'limit'],
      ['/admin/v1/teams?limit=-5', 'limit'],
      ['/admin/v1/teams?limit=abc', 'limit'],
      ['/admin/v1/teams?limit=1&limit=2', 'limit'],
      ['/admin/v1/teams?order=desc', 'order'],
      ['/admin/v1/teams?team_id=x', 'team_id'],
      ['/admin/v1/keys?after=..%2F', 'after'],
      ['/admin/v1/spend?group_by=everything', 'group_by'],
      ['/admin/v1/spend?from=2026-13-01', 'from'],
      ['/admin/v1/spend?from=yesterday', 'from'],
      ['/admin/v1/spend?format=xlsx', 'format'],
      ['/admin/v1/spend?from=2026-02-01&to=2026-01-01', 'to'],
      ['/admin/v1/spend?from=1900-01-01&to=2026-01-01', 'from'],
      ['/admin/v1/audit?from=garbage', 'from'],
      ['/admin/v1/audit?after_seq=-1', 'after_seq'],
      ['/admin/v1/audit?action=DROP%20TABLE', 'action'],
      ['/admin/v1/alerts?limit=5000', 'limit'],
    ];
    for (const [path, param] of cases) expectAdminError(await owner.call('GET', path), 400, 'invalid_request', param);
  });
});
