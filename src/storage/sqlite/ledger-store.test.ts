/**
 * SQLite's prepared ledger store beside Kysely on the same connection: a write that arrives while
 * a Kysely transaction is open must not join it (and vanish with its rollback).
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { LedgerEntry } from '../../governance/store-contract.js';
import { type GovernanceDatabase, openGovernanceSqlite } from '../../testing/governance-storage.js';
import { SqliteLedgerStore } from './ledger-store.js';

const ENTRY: LedgerEntry = {
  request_id: 'req_tx',
  time: Date.UTC(2027, 0, 10),
  day: '2027-01-10',
  team_id: 'team_a',
  project_id: 'proj_a',
  key_id: 'key_a',
  end_user: '',
  model: 'gpt-4o',
  provider: 'openai',
  usd: 0.5,
  input_tokens: 10,
  output_tokens: 2,
  estimated: 0,
};

let database: GovernanceDatabase;
let ledger: SqliteLedgerStore;

beforeAll(async () => {
  database = await openGovernanceSqlite('ledger_prepared');
});
beforeEach(async () => {
  await database.reset();
  ledger = new SqliteLedgerStore(database.storage.sqlite!, database.storage.db);
});
afterAll(() => database.close());

it('waits for a Kysely transaction open on the connection and survives its rollback', async () => {
  const db = database.storage.db;
  let written: Promise<void> | undefined;
  await expect(
    db.transaction().execute(async (trx) => {
      await trx.insertInto('alert_events').values({ id: 'a1', time: 1, team_id: null, payload: '{}', deliveries: '[]' }).execute();
      written = ledger.write([ENTRY]);
      throw new Error('rolled back');
    }),
  ).rejects.toThrow('rolled back');
  await written;
  expect(await db.selectFrom('alert_events').select('id').execute()).toEqual([]);
  expect(await db.selectFrom('spend_ledger').select('request_id').execute()).toEqual([{ request_id: 'req_tx' }]);
  expect(await ledger.spentSince({ kind: 'key', id: 'key_a' }, null)).toEqual({ usd: 0.5, tokens: 12 });
});

it('counts a replay once when no transaction is open, and leaves none open', async () => {
  await ledger.write([ENTRY, { ...ENTRY, request_id: 'req_tx2', estimated: 1 }]);
  await ledger.write([ENTRY]);
  expect(database.storage.sqlite!.inTransaction).toBe(false);
  expect(await database.storage.db.selectFrom('spend_daily').select(['usd', 'requests', 'estimated_requests']).execute()).toEqual([
    { usd: 1, requests: 2, estimated_requests: 1 },
  ]);
});
