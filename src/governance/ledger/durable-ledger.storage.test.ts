/**
 * The durable ledger in front of the real LedgerStore on SQLite and PostgreSQL: replays count
 * once in the rollups, a PostgreSQL server that cannot be reached loses no spend, and retention
 * deletes old request rows while the rollups stay.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openGovernanceStores } from '../../storage/governance/index.js';
import { KyselyLedgerStore } from '../../storage/governance/ledger-store.js';
import type { StorageSchema } from '../../storage/schema.js';
import { GOVERNANCE_DIALECTS, type GovernanceDatabase, openGovernancePostgres } from '../../testing/governance-storage.js';
import type { LedgerEntry, LedgerStore } from '../store-contract.js';
import { DurableLedger } from './durable-ledger.js';
import { startLedgerRetention } from './retention.js';

const DAY_MS = 86_400_000;
const NOW = Date.parse('2027-03-01T12:00:00Z');

function entry(n: number, overrides: Partial<LedgerEntry> = {}): LedgerEntry {
  return {
    request_id: `req_${String(n).padStart(5, '0')}`,
    time: NOW - 1000 + n,
    day: '2027-03-01',
    team_id: 'team_a',
    project_id: 'proj_a',
    key_id: 'key_a',
    end_user: '',
    model: 'gpt-4o',
    provider: 'openai',
    usd: 0.5,
    input_tokens: 100,
    output_tokens: 20,
    estimated: 0,
    ...overrides,
  };
}

describe.each(GOVERNANCE_DIALECTS)('DurableLedger over the real LedgerStore: %s', (dialect, openDatabase) => {
  let database: GovernanceDatabase;
  let store: LedgerStore;
  let dir: string;
  let spill: string;
  let ledgers: DurableLedger[];

  const keySpend = async () => {
    const [row] = await store.spend('key', '2000-01-01', '2100-01-01');
    return row ? { usd: row.usd, requests: row.requests, input_tokens: row.input_tokens } : undefined;
  };
  const open = (write: (entries: readonly LedgerEntry[]) => Promise<void>, bufferMax = 1000) => {
    const ledger = new DurableLedger({ write, spillFile: spill, bufferMax, flushIntervalMs: 10, maxBatch: 10, retryBaseMs: 2, retryMaxMs: 20 });
    ledgers.push(ledger);
    return ledger;
  };

  beforeAll(async () => {
    database = await openDatabase(`durable_${dialect}`);
  });
  afterAll(() => database.close());
  beforeEach(async () => {
    await database.reset();
    // What the gateway wires: SQLite's prepared store on SQLite, the Kysely one on PostgreSQL.
    store = openGovernanceStores(database.storage).ledger;
    dir = mkdtempSync(join(tmpdir(), 'sb-durable-'));
    spill = join(dir, 'ledger.jsonl');
    ledgers = [];
  });
  afterEach(async () => {
    for (const ledger of ledgers) await ledger.close(1000);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a batch that landed but whose answer was lost is written again and counted once', async () => {
    let loseNextAnswer = 2;
    const ledger = open(async (entries) => {
      await store.write(entries);
      if (loseNextAnswer-- > 0) throw new Error('connection reset after commit');
    });
    for (let i = 0; i < 30; i++) ledger.record(entry(i));
    await ledger.flush();
    expect(await keySpend()).toEqual({ usd: 15, requests: 30, input_tokens: 3000 });
  });

  it('a spill replay cut short by a crash is replayed whole at the next start, counted once', async () => {
    // The crashed run had written the first 20 of these 40 rows before it stopped.
    const rows = Array.from({ length: 40 }, (_, i) => entry(i));
    await store.write(rows.slice(0, 20));
    mkdirSync(dir, { recursive: true });
    writeFileSync(`${spill}.replaying`, rows.map((r) => `${JSON.stringify(r)}\n`).join(''), { mode: 0o600 });
    writeFileSync(spill, `${JSON.stringify(entry(40))}\n`, { mode: 0o600 });
    const ledger = open((entries) => store.write(entries));
    await ledger.flush();
    expect(await keySpend()).toEqual({ usd: 20.5, requests: 41, input_tokens: 4100 });
    expect(existsSync(spill)).toBe(false);
    expect(existsSync(`${spill}.replaying`)).toBe(false);
  });

  it('retention deletes request rows past retention_days and keeps the rollups; 0 keeps everything', async () => {
    await store.write([entry(1, { time: NOW - 40 * DAY_MS, day: '2027-01-20' }), entry(2, { time: NOW - 10 * DAY_MS, day: '2027-02-19' }), entry(3)]);
    const before = await keySpend();
    const forever = startLedgerRetention(store, { retentionDays: 0, now: () => NOW });
    expect(await forever.sweepNow()).toBe(0);
    forever.stop();
    const retention = startLedgerRetention(store, { retentionDays: 30, now: () => NOW });
    expect(await retention.sweepNow()).toBe(1);
    expect(await retention.sweepNow()).toBe(0);
    retention.stop();
    const left = await database.storage.db.selectFrom('spend_ledger').select('request_id').orderBy('request_id').execute();
    expect(left.map((r) => r.request_id)).toEqual([entry(2).request_id, entry(3).request_id]);
    expect(await keySpend()).toEqual(before);
  });
});

describe('DurableLedger while PostgreSQL cannot be reached', () => {
  let database: GovernanceDatabase;
  let unreachable: Kysely<StorageSchema>;
  let dir: string;

  beforeAll(async () => {
    database = await openGovernancePostgres('durable_unreachable');
    // Nothing listens on port 1: connecting is refused, as with a server that is down.
    unreachable = new Kysely<StorageSchema>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:1/test', connectionTimeoutMillis: 1000, max: 2 }) }),
    });
    dir = mkdtempSync(join(tmpdir(), 'sb-durable-pg-'));
  });
  afterAll(async () => {
    await unreachable.destroy();
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('buffers, spills past the bound, and writes everything once the server is back', async () => {
    const down = new KyselyLedgerStore(unreachable);
    const up = new KyselyLedgerStore(database.storage.db);
    let reachable = false;
    const errors: string[] = [];
    const ledger = new DurableLedger({
      write: (entries) => (reachable ? up : down).write(entries),
      spillFile: join(dir, 'nested', 'ledger.jsonl'),
      bufferMax: 25,
      flushIntervalMs: 10,
      maxBatch: 10,
      retryBaseMs: 5,
      retryMaxMs: 50,
      logger: { info() {}, warn() {}, error: (fields, message) => errors.push(`${message} ${JSON.stringify(fields)}`) },
    });
    try {
      for (let i = 0; i < 100; i++) ledger.record(entry(i, { usd: 0.25 }));
      const waitFor = async (check: () => boolean) => {
        while (!check()) await new Promise((resolve) => setTimeout(resolve, 10));
      };
      await waitFor(() => ledger.stats().lastError !== undefined);
      expect(ledger.stats().lastError).toMatch(/ECONNREFUSED/);
      expect(ledger.stats()).toMatchObject({ queued: 25, spilled: 75 });
      expect(errors[0]).toMatch(/^ledger write failed; rows kept and retried/);

      reachable = true;
      await ledger.flush();
      expect(ledger.stats()).toEqual({ queued: 0, spilled: 0 });
      const [row] = await up.spend('team', '2027-03-01', '2027-03-01');
      expect(row).toMatchObject({ team_id: 'team_a', usd: 25, requests: 100, input_tokens: 10_000, output_tokens: 2_000 });
      expect(existsSync(join(dir, 'nested', 'ledger.jsonl'))).toBe(false);
    } finally {
      await ledger.close(1000);
    }
  });
});
