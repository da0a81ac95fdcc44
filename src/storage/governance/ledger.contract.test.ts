/**
 * The spend ledger and alert bookkeeping on SQLite and PostgreSQL: idempotent batches, rollups,
 * spend grouped every way with names, spend since a day for every budget scope, the sweep, and
 * alert claims won exactly once. The ledger runs three ways: SQLite's prepared store (what
 * openGovernanceStores gives on SQLite), the Kysely store on SQLite (its fallback) and PostgreSQL.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Actor, LedgerEntry, LedgerStore } from '../../governance/store-contract.js';
import { GOVERNANCE_DIALECTS, type GovernanceDatabase, openGovernancePostgres, openGovernanceSqlite } from '../../testing/governance-storage.js';
import type { Storage } from '../open.js';
import type { SpendDailyTable } from '../schema.js';
import { SqliteLedgerStore } from '../sqlite/ledger-store.js';
import { KyselyAlertStore } from './alert-store.js';
import { openGovernanceStores } from './index.js';
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

/** The rollups a batch sequence should leave: each request id counted once, its first entry winning. */
function expectedRollups(batches: readonly (readonly LedgerEntry[])[]): SpendDailyTable[] {
  const seen = new Set<string>();
  const rows = new Map<string, SpendDailyTable>();
  for (const batch of batches)
    for (const e of batch) {
      if (seen.has(e.request_id)) continue;
      seen.add(e.request_id);
      const key = [e.day, e.team_id, e.project_id, e.key_id, e.end_user, e.model].join('|');
      const row = rows.get(key) ?? {
        day: e.day,
        team_id: e.team_id,
        project_id: e.project_id,
        key_id: e.key_id,
        end_user: e.end_user,
        model: e.model,
        usd: 0,
        input_tokens: 0,
        output_tokens: 0,
        requests: 0,
        estimated_requests: 0,
        saved_usd: 0,
        cache_hits: 0,
      };
      rows.set(key, {
        ...row,
        usd: row.usd + e.usd,
        input_tokens: row.input_tokens + e.input_tokens,
        output_tokens: row.output_tokens + e.output_tokens,
        requests: row.requests + 1,
        estimated_requests: row.estimated_requests + e.estimated,
        saved_usd: row.saved_usd + (e.saved_usd ?? 0),
        cache_hits: row.cache_hits + (e.cache_hit ?? 0),
      });
    }
  return [...rows.values()];
}

const dialect = (name: string) => (name.startsWith('sqlite') ? 'sqlite' : 'postgres');

const LEDGERS = [
  ['sqlite (prepared)', openGovernanceSqlite, (storage: Storage): LedgerStore => openGovernanceStores(storage).ledger],
  ['sqlite (kysely)', openGovernanceSqlite, (storage: Storage): LedgerStore => new KyselyLedgerStore(storage.db)],
  ['postgres', openGovernancePostgres, (storage: Storage): LedgerStore => openGovernanceStores(storage).ledger],
] as const;

describe.each(LEDGERS)('LedgerStore contract: %s', (name, open, ledgerOn) => {
  let database: GovernanceDatabase;
  let ledger: LedgerStore;

  beforeAll(async () => {
    database = await open(`ledger_${name.replace(/\W+/g, '_')}`);
  });
  beforeEach(async () => {
    await database.reset();
    ledger = ledgerOn(database.storage);
  });
  afterAll(() => database.close());

  const rollups = () => database.storage.db.selectFrom('spend_daily').selectAll().orderBy('model').execute();
  // Sorted here, not by the database: PostgreSQL's collation may order text unlike SQLite's.
  const allRollups = async () => sortedRollups(await database.storage.db.selectFrom('spend_daily').selectAll().execute());
  const sortedRollups = (rows: SpendDailyTable[]) =>
    [...rows].sort((a, b) => {
      for (const field of ['day', 'team_id', 'project_id', 'key_id', 'end_user', 'model'] as const)
        if (a[field] !== b[field]) return a[field] < b[field] ? -1 : 1;
      return 0;
    });

  it('is the store openGovernanceStores gives for this database', () => {
    const expected = dialect(name) === 'sqlite' ? SqliteLedgerStore : KyselyLedgerStore;
    expect(openGovernanceStores(database.storage).ledger).toBeInstanceOf(expected);
  });

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
        saved_usd: 0,
        cache_hits: 0,
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
        saved_usd: 0,
        cache_hits: 0,
      },
    ]);
    const rows = await database.storage.db.selectFrom('spend_ledger').selectAll().orderBy('request_id').execute();
    expect(rows).toHaveLength(4);
    expect(rows[1]).toEqual({ ...batch[1], time: T0, saved_usd: 0, cache_hit: 0 });
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

  it('counts replayed, overlapping and repeated rows once across statement boundaries, estimated ones included', async () => {
    // Multiples of 1/8 sum exactly in any order, so the totals can be compared as they are.
    const batch = Array.from({ length: 1000 }, (_, i) =>
      entry({
        team_id: `t${i % 3}`,
        model: ['gpt-4o', 'sonnet', 'llama'][i % 4 === 0 ? 2 : i % 2]!,
        end_user: i % 5 === 0 ? '' : `user${i % 5}`,
        usd: (i % 9) / 8,
        input_tokens: i,
        output_tokens: i % 13,
        estimated: i % 7 === 0 ? 1 : 0,
      }),
    );
    const first = batch.slice(0, 37);
    await ledger.write(first);
    const fresh = Array.from({ length: 200 }, (_, i) => entry({ team_id: 't9', usd: 0.5, estimated: i % 2 }));
    // Repeats with other figures and another rollup row: within one 64-row statement, and 150 rows later.
    const repeatNear = { ...fresh[3]!, usd: 999, model: 'repeat' };
    const repeatFar = { ...fresh[10]!, usd: 999, model: 'repeat' };
    const second = [...batch, ...fresh.slice(0, 4), repeatNear, ...fresh.slice(4), repeatFar];
    await ledger.write(second);
    await ledger.write(second);
    const expected = sortedRollups(expectedRollups([first, second, second]));
    expect(expected.find((row) => row.model === 'repeat')).toBeUndefined();
    expect(expected.reduce((n, row) => n + row.estimated_requests, 0)).toBe(143 + 100);
    expect(await allRollups()).toEqual(expected);
    const stored = await database.storage.db.selectFrom('spend_ledger').select(['request_id', 'usd', 'model']).execute();
    expect(stored).toHaveLength(1200);
    expect(stored.find((row) => row.request_id === fresh[3]!.request_id)).toEqual({ request_id: fresh[3]!.request_id, usd: 0.5, model: 'gpt-4o' });
    expect(stored.find((row) => row.request_id === fresh[10]!.request_id)).toEqual({ request_id: fresh[10]!.request_id, usd: 0.5, model: 'gpt-4o' });
  });

  it('writes nothing of a batch that fails part way, and takes it whole once mended', async () => {
    const batch = Array.from({ length: 100 }, () => entry());
    // A row the table refuses (day is NOT NULL), after the first 64-row statement has gone in.
    const broken = [...batch.slice(0, 80), { ...batch[80]!, day: null as unknown as string }, ...batch.slice(81)];
    await expect(ledger.write(broken)).rejects.toThrow();
    expect(await database.storage.db.selectFrom('spend_ledger').select('request_id').execute()).toEqual([]);
    expect(await allRollups()).toEqual([]);
    await ledger.write(batch);
    expect(await ledger.spentSince({ kind: 'team', id: 'team_a' }, null)).toEqual({ usd: 25, tokens: 100 * 110 });
  });

  it('counts an estimated row in its rollup, beside measured ones', async () => {
    await ledger.write([entry({ estimated: 1, usd: 0.125 }), entry({ estimated: 0, usd: 0.25 }), entry({ estimated: 1, usd: 0.5, end_user: 'alice' })]);
    expect((await allRollups()).map((row) => [row.end_user, row.usd, row.requests, row.estimated_requests])).toEqual([
      ['', 0.375, 2, 1],
      ['alice', 0.5, 1, 1],
    ]);
  });

  it('keeps rollup rows apart whose fields would join alike', async () => {
    // A client can send a NUL in its end user id; the model is the alias it asked for.
    const a = entry({ end_user: 'a\u0000b', model: 'c', usd: 1 });
    const b = entry({ end_user: 'a', model: 'b\u0000c', usd: 2 });
    const c = entry({ end_user: 'a\u0000b\u0000c', model: '', usd: 4 });
    // PostgreSQL text cannot hold a NUL at all: the batch fails (the admit hook has to refuse such ids).
    if (dialect(name) === 'postgres') return expect(ledger.write([a])).rejects.toThrow();
    await ledger.write([a, b, c, entry({ end_user: 'a\u0000b', model: 'c', usd: 8 })]);
    expect((await allRollups()).map((row) => [row.end_user, row.model, row.usd, row.requests])).toEqual([
      ['a', 'b\u0000c', 2, 1],
      ['a\u0000b', 'c', 9, 2],
      ['a\u0000b\u0000c', '', 4, 1],
    ]);
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
    const row = (usd: number, requests: number) => ({ usd, input_tokens: 100 * requests, output_tokens: 10 * requests, requests, saved_usd: 0, cache_hits: 0 });

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

  it('rolls cache hits up with what they saved, shown per team and model, and never as spend', async () => {
    const hit = (saved: number, model = 'gpt-4o') => entry({ model, provider: '', usd: 0, input_tokens: 0, output_tokens: 0, saved_usd: saved, cache_hit: 1 });
    const batch = [entry({ usd: 1 }), hit(0.5), hit(0.25), hit(2, 'sonnet'), entry({ team_id: 'team_b', usd: 4 })];
    await ledger.write(batch);
    // A replay counts its hits once.
    await ledger.write(batch);
    expect(await allRollups()).toEqual(sortedRollups(expectedRollups([batch])));
    expect((await allRollups()).map((r) => [r.team_id, r.model, r.requests, r.cache_hits, r.saved_usd])).toEqual([
      ['team_a', 'gpt-4o', 3, 2, 0.75],
      ['team_a', 'sonnet', 1, 1, 2],
      ['team_b', 'gpt-4o', 1, 0, 0],
    ]);
    const stored = await database.storage.db.selectFrom('spend_ledger').select(['request_id', 'saved_usd', 'cache_hit']).orderBy('request_id').execute();
    expect(stored.map((r) => [r.saved_usd, r.cache_hit])).toEqual([
      [0, 0],
      [0.5, 1],
      [0.25, 1],
      [2, 1],
      [0, 0],
    ]);
    expect(await ledger.spend('team', '2027-01-10', '2027-01-10')).toEqual([
      { team_id: 'team_b', team_name: null, usd: 4, input_tokens: 100, output_tokens: 10, requests: 1, saved_usd: 0, cache_hits: 0 },
      { team_id: 'team_a', team_name: null, usd: 1, input_tokens: 100, output_tokens: 10, requests: 4, saved_usd: 2.75, cache_hits: 3 },
    ]);
    expect(await ledger.spend('model', '2027-01-10', '2027-01-10', 'team_a')).toEqual([
      { model: 'gpt-4o', usd: 1, input_tokens: 100, output_tokens: 10, requests: 3, saved_usd: 0.75, cache_hits: 2 },
      { model: 'sonnet', usd: 0, input_tokens: 0, output_tokens: 0, requests: 1, saved_usd: 2, cache_hits: 1 },
    ]);
    // Budgets are seeded from spend: hits add nothing to it.
    expect(await ledger.spentSince({ kind: 'team', id: 'team_a' }, null)).toEqual({ usd: 1, tokens: 110 });
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
