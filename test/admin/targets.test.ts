/**
 * GET /admin/v1/targets over HTTP: every configured alias target with its breaker and statistics,
 * the direct calls seen, owner only. The admin router is built here over a started gateway's
 * stores and plan with breakers and statistics the test drives (the dispatcher that feeds them in
 * production is wired by the composition root).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { default as addFormats } from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminRouter } from '../../src/admin/router.js';
import type { Target } from '../../src/config/compile.js';
import { CircuitBreakers } from '../../src/routing/breakers.js';
import { DEFAULT_BREAKER } from '../../src/config/model-group.js';
import { RunningTargetStats } from '../../src/routing/target-stats.js';
import type { TargetsView } from '../../src/routing/targets-view.js';
import type { TestStack } from '../../src/testing/stack.js';
import { ADMIN_KEY, AdminClient, expectAdminError, startAdminStack } from './helpers.js';

interface Row {
  alias: string | null;
  provider: string;
  model: string;
  key: string;
  region: string | null;
  tags: string[];
  weight: number | null;
  breaker_enabled: boolean;
  breaker: { state: string; consecutive_failures: number; error_rate: number; samples: number; opened_at: string | null; retry_in_ms: number; remote: boolean };
  stats: { latency_ms: number | null; in_flight: number; headroom: number | null };
}

let stack: TestStack;
let server: Server;
let base: string;
let owner: AdminClient;
const breakers = new CircuitBreakers();
const stats = new RunningTargetStats();

/** Serves an admin router the way the gateway's server does (path router → method handler). */
function serve(view: TargetsView | undefined): Promise<Server> {
  const gateway = stack.gateway;
  const router = createAdminRouter({
    ...gateway.governance,
    adminKey: ADMIN_KEY,
    resolveVirtualKey: async (secret) => {
      await gateway.governanceRuntime.cache.refresh();
      return gateway.governanceRuntime.cache.lookup(secret)?.key;
    },
    timezone: 'UTC',
    logger: gateway.services.logger,
    routing: view,
  });
  const s = createServer((req, res) => {
    const match = router(new URL(req.url ?? '/', 'http://admin').pathname);
    const handler = match?.methods.get(req.method ?? '');
    if (!match || !handler) {
      res.statusCode = 404;
      res.end();
      return;
    }
    void handler(req, res, { requestId: 'req_test', startedAt: performance.now(), time: Date.now() }, match.param);
  });
  return new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve(s)));
}

function targetOf(alias: string, index: number): Target {
  return stack.gateway.plan.groups.get(alias)!.targets[index]!;
}

beforeAll(async () => {
  stack = await startAdminStack({
    providers: [
      { id: 'sim', type: 'openai', api_key: 'k', base_url: '${SIM}/v1', region: 'eu-west', tags: ['primary'] },
      { id: 'claude', type: 'anthropic', api_key: 'k', base_url: '${SIM}' },
    ],
    direct_models: ['sim'],
    models: [
      {
        name: 'resilient',
        strategy: 'weighted',
        targets: [
          { provider: 'sim', model: 'gpt-4o', weight: 3 },
          { provider: 'claude', model: 'claude-sonnet-4-6', weight: 1, region: 'us-east', tags: ['backup'] },
        ],
      },
      { name: 'cheap', targets: [{ provider: 'sim', model: 'gpt-4o' }], breaker: false },
    ],
  });
  server = await serve({ plan: stack.gateway.plan, breakers, stats });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  owner = new AdminClient(base, ADMIN_KEY);
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await stack?.close();
});

describe('GET /admin/v1/targets', () => {
  it('lists every alias target, closed and empty before any traffic', async () => {
    const body = await owner.ok<{ object: string; data: Row[]; has_more: boolean }>(200, 'GET', '/admin/v1/targets');
    expect(body.object).toBe('list');
    expect(body.has_more).toBe(false);
    expect(body.data.map((r) => [r.alias, r.key])).toEqual([
      ['resilient', 'sim/gpt-4o'],
      ['resilient', 'claude/claude-sonnet-4-6'],
      ['cheap', 'sim/gpt-4o'],
    ]);
    expect(body.data[0]).toEqual({
      object: 'target',
      alias: 'resilient',
      provider: 'sim',
      model: 'gpt-4o',
      key: 'sim/gpt-4o',
      region: 'eu-west',
      tags: ['primary'],
      weight: 3,
      breaker_enabled: true,
      breaker: { state: 'closed', consecutive_failures: 0, error_rate: 0, samples: 0, opened_at: null, retry_in_ms: 0, remote: false },
      stats: { latency_ms: null, in_flight: 0, headroom: null },
    });
    expect(body.data[1]).toMatchObject({ region: 'us-east', tags: ['backup'], weight: 1 });
    expect(body.data[2]).toMatchObject({ alias: 'cheap', breaker_enabled: false });
  });

  it('shows an open breaker and the statistics on every alias using the target, and direct calls seen', async () => {
    const now = Date.now();
    const primary = targetOf('resilient', 0);
    for (let i = 0; i < DEFAULT_BREAKER.consecutiveFailures; i++) breakers.record(primary, DEFAULT_BREAKER, true, now);
    const secondary = targetOf('resilient', 1);
    stats.begin(secondary);
    stats.begin(secondary);
    stats.end(
      secondary,
      {
        providerId: 'claude',
        providerType: 'anthropic',
        model: 'claude-sonnet-4-6',
        durationMs: 123.456,
        startedAt: 0,
        headers: { 'anthropic-ratelimit-requests-limit': '100', 'anthropic-ratelimit-requests-remaining': '25' },
      },
      now,
    );
    const direct = { key: 'sim/gpt-4o-mini' } as Target;
    stats.begin(direct);

    const body = await owner.ok<{ data: Row[] }>(200, 'GET', '/admin/v1/targets');
    const [gpt, claude, cheap, seen] = body.data;
    expect(gpt!.breaker).toMatchObject({ state: 'open', consecutive_failures: 5, error_rate: 1, samples: 5, remote: false });
    expect(Date.parse(gpt!.breaker.opened_at!)).toBe(now);
    expect(gpt!.breaker.retry_in_ms).toBeGreaterThan(0);
    expect(gpt!.breaker.retry_in_ms).toBeLessThanOrEqual(DEFAULT_BREAKER.cooldownMs);
    // The breaker is the deployment's: the other alias using it shows it open too.
    expect(cheap!.breaker.state).toBe('open');
    expect(claude!.breaker.state).toBe('closed');
    expect(claude!.stats).toEqual({ latency_ms: 123.5, in_flight: 1, headroom: 0.25 });
    expect(seen).toEqual({
      object: 'target',
      alias: null,
      provider: 'sim',
      model: 'gpt-4o-mini',
      key: 'sim/gpt-4o-mini',
      region: 'eu-west',
      tags: ['primary'],
      weight: null,
      breaker_enabled: true,
      breaker: { state: 'closed', consecutive_failures: 0, error_rate: 0, samples: 0, opened_at: null, retry_in_ms: 0, remote: false },
      stats: { latency_ms: null, in_flight: 1, headroom: null },
    });
    expect(body.data).toHaveLength(4);
  });

  it('is for the owner only: team admins, viewers and members get 403, no key 401', async () => {
    const team = await owner.ok<{ id: string }>(201, 'POST', '/admin/v1/teams', { name: 'targets-team' });
    const keyOf = async (role: string) =>
      new AdminClient(base, (await owner.ok<{ key: string }>(201, 'POST', '/admin/v1/keys', { team_id: team.id, name: `k-${role}`, role })).key);
    for (const role of ['team_admin', 'viewer', 'member'])
      expectAdminError(await (await keyOf(role)).call('GET', '/admin/v1/targets'), 403, 'permission_denied');
    expectAdminError(await new AdminClient(base, undefined).call('GET', '/admin/v1/targets'), 401, 'authentication_failed');
    expectAdminError(await owner.call('POST', '/admin/v1/targets', {}), 405, 'method_not_allowed');
  });

  it('answers 404 on a gateway without routing state', async () => {
    const bare = await serve(undefined);
    try {
      const client = new AdminClient(`http://127.0.0.1:${(bare.address() as AddressInfo).port}`, ADMIN_KEY);
      expectAdminError(await client.call('GET', '/admin/v1/targets'), 404, 'not_found');
    } finally {
      await new Promise((resolve) => bare.close(resolve));
    }
  });

  it('is in the OpenAPI document, whose Target schema every row matches', async () => {
    const doc = await owner.ok<{ paths: Record<string, Record<string, { operationId: string }>>; components: object }>(200, 'GET', '/admin/v1/openapi.json');
    expect(doc.paths['/admin/v1/targets']?.get?.operationId).toBe('list_targets');
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    ajv.addSchema({ $id: 'doc', components: doc.components });
    const validate = ajv.compile({ $ref: 'doc#/components/schemas/Target' });
    const body = await owner.ok<{ data: Row[] }>(200, 'GET', '/admin/v1/targets');
    expect(body.data.length).toBeGreaterThan(0);
    for (const row of body.data) expect(validate(row), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...body.data[0], breaker: { state: 'ajar' } })).toBe(false);
  });
});
