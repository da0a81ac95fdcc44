/**
 * The spend ledger and alert bookkeeping on SQLite and PostgreSQL: idempotent batches, rollups,
 * spend grouped every way with names, spend since a day for every budget scope, the sweep, and
 * alert claims won exactly once.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Actor, LedgerEntry } from '../../governance/store-contract.js';
import { GOVERNANCE_DIALECTS, type GovernanceDatabase } from '../../testing/governance-storage.js';
import { KyselyAlertStore } from './alert-store.js';
import { KyselyLedgerStore } from './ledger-store.js';
import { KyselyTenancyStore } from './tenancy-store.js';

const T0 = Date.UTC(2027, 0, 10, 12);
const OWNER: Actor = { key_id: 'admin_key', role: 'owner' };

let seq = 0;
function entry(overrides: Partial<LedgerEntry> = {}): LedgerEntry {
  seq++;
  return {
    request_id: `req_${String(seq).padStart(6, '0')}`,
    time: T0,
    day: '2027-01-10',
    team_id: 'team_a',
    project_id: 'proj_a',
    key_id: 'key_a',
    end_user: '',
    model: 'gpt-4o',
    provider: 'openai',
    usd: 0.25,
    input_tokens: 100,
    output_tokens: 10,
    estimated: 0,
    ...overrides,
  };
}

describe.each(GOVERNANCE_DIALECTS)('LedgerStore contract: %s', (dialect, open) => {
  let database: GovernanceDatabase;
  let ledger: KyselyLedgerStore;

  beforeAll(async () => {
    database = await open(`ledger_${dialect}`);
  });
  beforeEach(async () => {
    await database.reset();
    ledger = new KyselyLedgerStore(database.storage.db);
  });
  afterAll(() => database.close());

  const rollups = () => database.storage.db.selectFrom('spend_daily').selectAll().orderBy('model').execute();

  it('counts a replayed batch once, and only the new rows of an overlapping one', async () => {
    const batch = [entry({ usd: 1 }), entry({ usd: 2, estimated: 1 }), entry({ usd: 4, model: 'sonnet' })];
    await ledger.write(batch);
    await ledger.write(batch);
    const more = entry({ usd: 8 });
    await ledger.write([batch[0]!, more, more]);
    expect(await rollups()).toEqual([
      {
        day: '2027-01-10',
        team_id: 'team_a',
        project_id: 'proj_a',
        key_id: 'key_a',
        end_user: '',
        model: 'gpt-4o',
        usd: 11,
        input_tokens: 300,
        output_tokens: 30,
        requests: 3,
        estimated_requests: 1,
      },
      {
        day: '2027-01-10',
        team_id: 'team_a',
        project_id: 'proj_a',
        key_id: 'key_a',
        end_user: '',
        model: 'sonnet',
        usd: 4,
        input_tokens: 100,
        output_tokens: 10,
        requests: 1,
        estimated_requests: 0,
      },
    ]);
    const rows = await database.storage.db.selectFrom('spend_ledger').selectAll().orderBy('request_id').execute();
    expect(rows).toHaveLength(4);
    expect(rows[1]).toEqual({ ...batch[1], time: T0 });
    await ledger.write([]);
  });

  it('writes a batch larger than one insert statement can carry', async () => {
    const batch = Array.from({ length: 2600 }, (_, i) => entry({ usd: 0.5, end_user: `u${i % 1300}` }));
    await ledger.write(batch);
    await ledger.write(batch.slice(1000, 1700));
    expect(await ledger.spentSince({ kind: 'key', id: 'key_a' }, null)).toEqual({ usd: 1300, tokens: 2600 * 110 });
    const rows = await database.storage.db.selectFrom('spend_daily').select('requests').execute();
    expect(rows).toHaveLength(1300);
    expect(rows.every((row) => row.requests === 2)).toBe(true);
  });

  it('groups spend by team, project, key, user and model, with names, most spent first', async () => {
    const tenancy = new KyselyTenancyStore(database.storage.db, database.storage.kind);
    const research = await tenancy.createTeam(OWNER, { name: 'Research' });
    const gone = await tenancy.createTeam(OWNER, { name: 'Gone' });
    const project = await tenancy.createProject(OWNER, { team_id: research.id, name: 'chatbot' });
    const key = await tenancy.createKey(OWNER, {
      team_id: research.id,
      project_id: project.id,
      name: 'ci',
      key_hash: 'f'.repeat(64),
      key_prefix: 'sk-sb-abcdef',
    });
    const r = { team_id: research.id, project_id: project.id, key_id: key.id };
    await ledger.write([
      entry({ ...r, end_user: 'alice', usd: 3, day: '2027-01-09' }),
      entry({ ...r, end_user: 'bob', usd: 1, model: 'sonnet', day: '2027-01-10' }),
      // The admin key: no key id; a team deleted since.
      entry({ ...r, key_id: '', usd: 2, day: '2027-01-11' }),
      entry({ team_id: gone.id, project_id: '', key_id: 'key_deleted', end_user: 'alice', usd: 5, day: '2027-01-10' }),
      // Outside the range.
      entry({ ...r, usd: 100, day: '2027-01-08' }),
      entry({ ...r, usd: 100, day: '2027-01-12' }),
    ]);
    await tenancy.deleteTeam(OWNER, gone.id);
    const row = (usd: number, requests: number) => ({ usd, input_tokens: 100 * requests, output_tokens: 10 * requests, requests });

    expect(await ledger.spend('team', '2027-01-09', '2027-01-11')).toEqual([
      { team_id: research.id, team_name: 'Research', ...row(6, 3) },
      { team_id: gone.id, team_name: null, ...row(5, 1) },
    ]);
    expect(await ledger.spend('project', '2027-01-09', '2027-01-11')).toEqual([
      { project_id: project.id, project_name: 'chatbot', ...row(6, 3) },
      { project_id: '', project_name: null, ...row(5, 1) },
    ]);
    expect(await ledger.spend('key', '2027-01-09', '2027-01-11')).toEqual([
      { key_id: 'key_deleted', key_name: null, ...row(5, 1) },
      { key_id: key.id, key_name: 'ci', ...row(4, 2) },
      { key_id: '', key_name: null, ...row(2, 1) },
    ]);
    expect(await ledger.spend('user', '2027-01-09', '2027-01-11')).toEqual([
      { user: 'alice', ...row(8, 2) },
      { user: '', ...row(2, 1) },
      { user: 'bob', ...row(1, 1) },
    ]);
    expect(await ledger.spend('model', '2027-01-09', '2027-01-11')).toEqual([
      { model: 'gpt-4o', ...row(10, 3) },
      { model: 'sonnet', ...row(1, 1) },
    ]);
    expect(await ledger.spend('user', '2027-01-09', '2027-01-11', research.id)).toEqual([
      { user: 'alice', ...row(3, 1) },
      { user: '', ...row(2, 1) },
      { user: 'bob', ...row(1, 1) },
    ]);
    expect(await ledger.spend('model', '2027-01-10', '2027-01-10')).toEqual([
      { model: 'gpt-4o', ...row(5, 1) },
      { model: 'sonnet', ...row(1, 1) },
    ]);
    expect(await ledger.spend('team', '2030-01-01', '2030-12-31')).toEqual([]);
  });

  it('sums spend since a day for every budget scope', async () => {
    await ledger.write([
      entry({ team_id: 't1', project_id: 'p1', key_id: 'k1', end_user: 'alice', usd: 1, input_tokens: 10, output_tokens: 1, day: '2027-01-01' }),
      entry({ team_id: 't1', project_id: 'p1', key_id: 'k2', end_user: 'alice', usd: 2, input_tokens: 20, output_tokens: 2, day: '2027-01-05' }),
      entry({ team_id: 't1', project_id: 'p2', key_id: 'k3', end_user: 'bob', usd: 4, input_tokens: 40, output_tokens: 4, day: '2027-01-05' }),
      entry({ team_id: 't2', project_id: 'p3', key_id: 'k4', end_user: 'alice', usd: 8, input_tokens: 80, output_tokens: 8, day: '2027-01-06' }),
    ]);
    expect(await ledger.spentSince({ kind: 'key', id: 'k1' }, null)).toEqual({ usd: 1, tokens: 11 });
    expect(await ledger.spentSince({ kind: 'key', id: 'k1' }, '2027-01-02')).toEqual({ usd: 0, tokens: 0 });
    expect(await ledger.spentSince({ kind: 'project', id: 'p1' }, null)).toEqual({ usd: 3, tokens: 33 });
    expect(await ledger.spentSince({ kind: 'project', id: 'p1' }, '2027-01-05')).toEqual({ usd: 2, tokens: 22 });
    expect(await ledger.spentSince({ kind: 'team', id: 't1' }, '2027-01-01')).toEqual({ usd: 7, tokens: 77 });
    expect(await ledger.spentSince({ kind: 'team', id: 't1' }, '2027-01-05')).toEqual({ usd: 6, tokens: 66 });
    expect(await ledger.spentSince({ kind: 'user', id: 't1:alice', owner: { kind: 'team', id: 't1' } }, null)).toEqual({ usd: 3, tokens: 33 });
    expect(await ledger.spentSince({ kind: 'user', id: 't1:alice', owner: { kind: 'team', id: 't1' } }, '2027-01-03')).toEqual({ usd: 2, tokens: 22 });
    expect(await ledger.spentSince({ kind: 'user', id: 'p2:bob', owner: { kind: 'project', id: 'p2' } }, null)).toEqual({ usd: 4, tokens: 44 });
    expect(await ledger.spentSince({ kind: 'user', id: 'p2:alice', owner: { kind: 'project', id: 'p2' } }, null)).toEqual({ usd: 0, tokens: 0 });
    // An end user whose name has a colon in it.
    await ledger.write([entry({ team_id: 't3', end_user: 'mail:bob@x', usd: 16, input_tokens: 1, output_tokens: 0 })]);
    expect(await ledger.spentSince({ kind: 'user', id: 't3:mail:bob@x', owner: { kind: 'team', id: 't3' } }, null)).toEqual({ usd: 16, tokens: 1 });
    await expect(ledger.spentSince({ kind: 'user', id: 't1:alice' }, null)).rejects.toThrow(/owner/);
    await expect(ledger.spentSince({ kind: 'user', id: 'alice', owner: { kind: 'team', id: 't1' } }, null)).rejects.toThrow(/owner/);
  });

  it('sweeps old request rows and keeps the rollups', async () => {
    await ledger.write([entry({ time: T0 - 2000 }), entry({ time: T0 - 1001 }), entry({ time: T0 - 1000 }), entry({ time: T0 })]);
    expect(await ledger.sweep(T0 - 1000)).toBe(2);
    expect(await ledger.sweep(T0 - 1000)).toBe(0);
    const left = await database.storage.db.selectFrom('spend_ledger').select('time').orderBy('time').execute();
    expect(left.map((row) => row.time)).toEqual([T0 - 1000, T0]);
    expect(await ledger.spentSince({ kind: 'team', id: 'team_a' }, null)).toEqual({ usd: 1, tokens: 440 });
  });
});

describe.each(GOVERNANCE_DIALECTS)('AlertStore contract: %s', (dialect, open) => {
  let database: GovernanceDatabase;
  let alerts: KyselyAlertStore;

  beforeAll(async () => {
    database = await open(`alerts_${dialect}`);
  });
  beforeEach(async () => {
    await database.reset();
    alerts = new KyselyAlertStore(database.storage.db, database.storage.kind);
  });
  afterAll(() => database.close());

  it('lets exactly one of many concurrent claimers win, across replicas', async () => {
    const other = new KyselyAlertStore((await database.second()).db, database.storage.kind);
    const claims = await Promise.all(
      Array.from({ length: 12 }, (_, i) => (i % 2 ? other : alerts).claim('budget:key_a:2027-01:0.8', T0 + i, `{"i":${i}}`, 'team_a')),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
    const [stored] = await alerts.list({});
    expect(stored).toMatchObject({ id: 'budget:key_a:2027-01:0.8', payload: `{"i":${claims.indexOf(true)}}`, deliveries: '[]' });
    expect(await alerts.claim('budget:key_a:2027-01:0.8', T0 + 99, '{}')).toBe(false);
  });

  it('records deliveries, concurrent ones included, and lists newest first by team', async () => {
    expect(await alerts.claim('a1', T0, '{"n":1}', 'team_a')).toBe(true);
    expect(await alerts.claim('a2', T0 + 1, '{"n":2}', 'team_b')).toBe(true);
    expect(await alerts.claim('a3', T0 + 2, '{"n":3}')).toBe(true);
    const other = new KyselyAlertStore((await database.second()).db, database.storage.kind);
    await Promise.all([
      alerts.recordDelivery('a1', 'slack', true, 1, null, T0 + 10),
      other.recordDelivery('a1', 'webhook', false, 3, 'HTTP 500', T0 + 11),
      alerts.recordDelivery('a1', 'webhook:2', true, 2, null, T0 + 12),
    ]);
    const [a1] = await alerts.list({ team_id: 'team_a' });
    const deliveries = JSON.parse(a1!.deliveries) as Array<{ target: string }>;
    expect(deliveries.map((d) => d.target).sort()).toEqual(['slack', 'webhook', 'webhook:2']);
    expect(deliveries.find((d) => d.target === 'webhook')).toEqual({ target: 'webhook', ok: false, attempts: 3, error: 'HTTP 500', time: T0 + 11 });
    expect((await alerts.list({})).map((row) => row.id)).toEqual(['a3', 'a2', 'a1']);
    expect((await alerts.list({ limit: 2 })).map((row) => row.id)).toEqual(['a3', 'a2']);
    expect((await alerts.list({ team_id: 'team_b' })).map((row) => [row.id, row.time])).toEqual([['a2', T0 + 1]]);
    await expect(alerts.recordDelivery('never', 'slack', true, 1, null, T0)).rejects.toThrow(/never claimed/);
  });
});
