/**
 * Issue 10's admin controls and accounting, over HTTP with real keys and roles: a cache hit shows
 * in /admin/v1/spend (saved_usd, cache_hits, at no cost), in /admin/v1/requests?cache=hit and in the
 * overview; /admin/v1/cache/stats counts it; /admin/v1/cache/purge is scoped by role and audited.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCacheCommands } from '../../src/cli/cache-commands.js';
import { parseCacheOption } from '../../src/cli/logs-filters.js';
import { startStack, type TestStack } from '../../src/testing/stack.js';
import { ADMIN_KEY, AdminClient, expectAdminError } from '../admin/helpers.js';
import { chat, pricedProvider, USD_PER_TOKEN } from '../governance/helpers.js';

type Obj = Record<string, unknown> & { id: string };

let stack: TestStack;
let dir: string;
let owner: AdminClient;
let teamA: Obj;
let teamB: Obj;
let memberA: { id: string; key: string };
let memberB: { id: string; key: string };
let adminA: AdminClient;
let viewerA: AdminClient;
const PROMPT = 'Cache accounting, please answer [[sim id=acct-1]]';

async function settled(): Promise<void> {
  await stack.gateway.cache!.flush();
  await stack.gateway.governanceRuntime.ledger.flush();
  await stack.gateway.requestLog.flush();
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'switchboard-cache-acct-'));
  stack = await startStack({
    providers: [pricedProvider()],
    models: [{ name: 'capped', targets: [{ provider: 'sim', model: 'gpt-4o-mini' }] }],
    extra: { admin_key: ADMIN_KEY, cache: { mode: 'exact' }, governance: { ledger_flush_ms: 50, spill_file: join(dir, 'spill.jsonl') } },
  });
  owner = new AdminClient(stack.url, ADMIN_KEY);
  teamA = await owner.ok(201, 'POST', '/admin/v1/teams', { name: 'cache-a', budget: { usd: 100 } });
  teamB = await owner.ok(201, 'POST', '/admin/v1/teams', { name: 'cache-b' });
  memberA = await owner.ok(201, 'POST', '/admin/v1/keys', { team_id: teamA.id, name: 'member-a' });
  memberB = await owner.ok(201, 'POST', '/admin/v1/keys', { team_id: teamB.id, name: 'member-b' });
  const admin = await owner.ok<Obj & { key: string }>(201, 'POST', '/admin/v1/keys', { team_id: teamA.id, name: 'admin-a', role: 'team_admin' });
  const viewer = await owner.ok<Obj & { key: string }>(201, 'POST', '/admin/v1/keys', { team_id: teamA.id, name: 'viewer-a', role: 'viewer' });
  adminA = new AdminClient(stack.url, admin.key);
  viewerA = new AdminClient(stack.url, viewer.key);

  // Team A: a miss, then a hit of the same prompt. Team B: one miss.
  const first = await chat(stack.url, memberA.key, { prompt: PROMPT, maxTokens: 8 });
  expect(first.status, first.text).toBe(200);
  expect(first.headers.get('x-switchboard-cache')).toBe('miss');
  await stack.gateway.cache!.flush();
  const second = await chat(stack.url, memberA.key, { prompt: PROMPT, maxTokens: 8 });
  expect(second.headers.get('x-switchboard-cache')).toBe('hit');
  expect((await chat(stack.url, memberB.key, { prompt: `${PROMPT} b`, maxTokens: 8 })).status).toBe(200);
  await settled();
});

afterAll(async () => {
  await stack?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a cache hit in the accounting', () => {
  it('shows in spend per team and per model with what it saved, at no cost and no tokens', async () => {
    const byTeam = await owner.ok<{ data: Array<Record<string, unknown>> }>(200, 'GET', `/admin/v1/spend?group_by=team&team_id=${teamA.id}`);
    expect(byTeam.data).toHaveLength(1);
    const row = byTeam.data[0]!;
    expect(row).toMatchObject({ team_id: teamA.id, requests: 2, cache_hits: 1 });
    // Only the miss's tokens are counted (input is free at these prices): the hit adds none.
    const missCost = (row.output_tokens as number) * USD_PER_TOKEN;
    expect(row.output_tokens as number).toBeGreaterThan(0);
    expect(row.usd).toBeCloseTo(missCost, 9);
    expect(row.saved_usd).toBeCloseTo(missCost, 9);
    const byModel = await adminA.ok<{ data: Array<Record<string, unknown>> }>(200, 'GET', '/admin/v1/spend?group_by=model');
    expect(byModel.data).toEqual([expect.objectContaining({ model: 'capped', requests: 2, cache_hits: 1 })]);
    // The budget was not charged for the hit: the team's settled spend is the miss alone.
    const spent = await stack.gateway.governance.ledger.spentSince({ kind: 'team', id: teamA.id }, null);
    expect(spent.usd).toBeCloseTo(missCost, 9);
    expect(spent.tokens).toBe((row.input_tokens as number) + (row.output_tokens as number));
  });

  it('is found with cache=hit (never semantic-hit), shows cache and cost_saved_usd, and counts in the overview', async () => {
    const hits = await owner.ok<{ data: Array<Record<string, unknown>> }>(200, 'GET', '/admin/v1/requests?cache=hit');
    expect(hits.data).toHaveLength(1);
    expect(hits.data[0]).toMatchObject({ team_id: teamA.id, cache: 'hit', cost_usd: 0 });
    expect(hits.data[0]!.cost_saved_usd as number).toBeGreaterThan(0);
    expect((await owner.ok<{ data: unknown[] }>(200, 'GET', '/admin/v1/requests?cache=semantic-hit')).data).toEqual([]);
    expect((await owner.ok<{ data: unknown[] }>(200, 'GET', '/admin/v1/requests?cache=miss')).data).toHaveLength(2);
    expect((await adminA.ok<{ data: unknown[] }>(200, 'GET', '/admin/v1/requests?cache=miss')).data).toHaveLength(1);
    const detail = await owner.ok(200, 'GET', `/admin/v1/requests/${hits.data[0]!.id}`);
    expect(detail).toMatchObject({ cache: 'hit', cost_saved_usd: hits.data[0]!.cost_saved_usd });
    expectAdminError(await owner.call('GET', '/admin/v1/requests?cache=maybe'), 400, 'invalid_request', 'cache');
    const overview = await owner.ok<{ totals: Record<string, number> }>(200, 'GET', '/admin/v1/overview');
    expect(overview.totals).toMatchObject({ requests: 3, cache_hits: 1 });
    expect(overview.totals.saved_usd).toBeCloseTo(hits.data[0]!.cost_saved_usd as number, 9);
  });
});

describe('cache metrics', () => {
  it('counts lookups by result and savings by team, and gauges the store', async () => {
    const response = await fetch(`${stack.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    const text = await response.text();
    const sample = (series: string, label = '') => {
      const line = text.split('\n').find((l) => l.startsWith(series) && l.includes(label) && !l.startsWith('#'));
      return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
    };
    expect(sample('switchboard_cache_lookups_total{', 'switchboard_cache_result="hit"')).toBe(1);
    expect(sample('switchboard_cache_lookups_total{', 'switchboard_cache_result="miss"')).toBe(2);
    expect(sample('switchboard_cache_saved_usd_total{', `switchboard_team="${teamA.id}"`)).toBeGreaterThan(0);
    expect(text).not.toContain(`switchboard_cache_saved_usd_total{switchboard_team="${teamB.id}"`);
    expect(sample('switchboard_cache_entries')).toBe(2);
    expect(sample('switchboard_cache_bytes')).toBeGreaterThan(0);
  });
});

describe('GET /admin/v1/cache/stats', () => {
  it('counts per team and model from the request log, with the live store size for the owner', async () => {
    const stats = await owner.ok<{ entries: number; bytes: number; group_by: string; data: Array<Record<string, unknown>> }>(
      200,
      'GET',
      '/admin/v1/cache/stats',
    );
    expect(stats.group_by).toBe('team');
    expect(stats.entries).toBe(2);
    expect(stats.bytes).toBeGreaterThan(0);
    expect(stats.data).toEqual([
      expect.objectContaining({ key: teamA.id, requests: 2, hits: 1, semantic_hits: 0, misses: 1, hit_rate: 0.5 }),
      expect.objectContaining({ key: teamB.id, requests: 1, hits: 0, misses: 1, hit_rate: 0, saved_usd: 0 }),
    ]);
    const byModel = await owner.ok<{ data: Array<Record<string, unknown>> }>(200, 'GET', '/admin/v1/cache/stats?group_by=model');
    expect(byModel.data).toEqual([expect.objectContaining({ key: 'capped', requests: 3, hits: 1, misses: 2 })]);
  });

  it("shows a team key its own team only, without the store's size", async () => {
    const stats = await viewerA.ok<{ entries: unknown; data: Array<Record<string, unknown>> }>(200, 'GET', '/admin/v1/cache/stats');
    expect(stats.entries).toBeNull();
    expect(stats.data.map((r) => r.key)).toEqual([teamA.id]);
    expectAdminError(await viewerA.call('GET', `/admin/v1/cache/stats?team=${teamB.id}`), 403, 'permission_denied', 'team');
    expectAdminError(await owner.call('GET', '/admin/v1/cache/stats?group_by=key'), 400, 'invalid_request', 'group_by');
  });
});

describe('POST /admin/v1/cache/purge', () => {
  it('refuses viewers, other teams, scopes outside the team, and an unfiltered purge without all', async () => {
    expectAdminError(await viewerA.call('POST', '/admin/v1/cache/purge', { all: true }), 403, 'permission_denied');
    expectAdminError(await adminA.call('POST', '/admin/v1/cache/purge', { team: teamB.id }), 403, 'permission_denied', 'team');
    expectAdminError(await adminA.call('POST', '/admin/v1/cache/purge', { scope: `team:${teamB.id}` }), 403, 'permission_denied', 'scope');
    expectAdminError(await adminA.call('POST', '/admin/v1/cache/purge', { scope: `team:${teamA.id}x` }), 403, 'permission_denied', 'scope');
    expectAdminError(await owner.call('POST', '/admin/v1/cache/purge', {}), 400, 'invalid_request', 'all');
    expectAdminError(await owner.call('POST', '/admin/v1/cache/purge', { all: true, team: teamA.id }), 400, 'invalid_request', 'all');
    expectAdminError(await owner.call('POST', '/admin/v1/cache/purge', { older_than: 'yesterday' }), 400, 'invalid_request', 'older_than');
    expectAdminError(await owner.call('GET', '/admin/v1/cache/purge'), 405, 'method_not_allowed');
    expectAdminError(await owner.call('GET', '/admin/v1/cache/nothing'), 404, 'not_found');
    expect(stack.gateway.cache!.store.stats().entries).toBe(2);
  });

  it("purges a team admin's own team only, by age too, and audits every purge", async () => {
    // Nothing is two hours old yet.
    expect(await adminA.ok(200, 'POST', '/admin/v1/cache/purge', { older_than: '2h' })).toEqual({ object: 'cache.purge', purged: 0 });
    expect(await adminA.ok(200, 'POST', '/admin/v1/cache/purge', { all: true })).toEqual({ object: 'cache.purge', purged: 1 });
    expect(stack.gateway.cache!.store.stats().entries).toBe(1);
    const again = await chat(stack.url, memberA.key, { prompt: PROMPT, maxTokens: 8 });
    expect(again.headers.get('x-switchboard-cache')).toBe('miss');
    await stack.gateway.cache!.flush();
    expect(await owner.ok(200, 'POST', '/admin/v1/cache/purge', { older_than: 0 })).toEqual({ object: 'cache.purge', purged: 2 });
    const audit = await owner.ok<{ data: Array<Record<string, unknown>> }>(200, 'GET', '/admin/v1/audit?action=cache.purged');
    expect(audit.data).toHaveLength(3);
    const byAdmin = audit.data.filter((row) => row.actor_role === 'team_admin');
    expect(byAdmin).toHaveLength(2);
    expect(byAdmin.every((row) => row.team_id === teamA.id)).toBe(true);
    expect(audit.data.find((row) => row.actor_role === 'owner')).toMatchObject({ object_type: 'cache', object_id: 'all', team_id: null });
  });

  it('answers cache_disabled when the cache is off', async () => {
    const off = await startStack({ providers: [], extra: { admin_key: ADMIN_KEY } });
    try {
      const client = new AdminClient(off.url, ADMIN_KEY);
      expectAdminError(await client.call('POST', '/admin/v1/cache/purge', { all: true }), 404, 'cache_disabled');
      expect(await client.ok(200, 'GET', '/admin/v1/cache/stats')).toMatchObject({ entries: null, bytes: null, data: [] });
    } finally {
      await off.close();
    }
  });
});

describe('switchboard cache purge|stats', () => {
  function cli() {
    const out: string[] = [];
    const program = new Command('switchboard').exitOverride().configureOutput({ writeOut: (t) => out.push(t), writeErr: () => {} });
    registerCacheCommands(program);
    return async (...args: string[]) => {
      out.length = 0;
      await program.parseAsync([...args, '--url', stack.url, '--admin-key', ADMIN_KEY], { from: 'user' });
      return out.join('');
    };
  }

  it('reads the statistics and purges through the admin API', async () => {
    const run = cli();
    const stats = JSON.parse(await run('cache', 'stats', '--group-by', 'model', '--since', '1h'));
    expect(stats.data).toEqual([expect.objectContaining({ key: 'capped', hits: 1 })]);
    expect(await run('cache', 'stats', '--table')).toMatch(/KEY\s+REQUESTS\s+HITS/);
    expect(JSON.parse(await run('cache', 'purge', '--team', teamB.id, '--older-than', '2h'))).toEqual({ object: 'cache.purge', purged: 0 });
    expect(JSON.parse(await run('cache', 'purge', '--all'))).toEqual({ object: 'cache.purge', purged: 0 });
    await expect(run('cache', 'purge')).rejects.toThrow(/all/);
    await expect(run('cache', 'purge', '--older-than', 'soon')).rejects.toThrow(/not an age/);
    await expect(run('cache', 'stats', '--group-by', 'key')).rejects.toThrow(/team or model/);
  });

  it('parses switchboard logs --cache exactly', () => {
    expect(parseCacheOption('semantic-hit')).toBe('semantic-hit');
    expect(() => parseCacheOption('hits')).toThrow(/hit, semantic-hit, miss, bypass/);
  });
});
