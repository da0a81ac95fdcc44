/**
 * Micro-benchmark: the cost on the event loop of writing one spend-ledger batch to SQLite, two
 * ways. better-sqlite3 is synchronous, so this time is time no request is served.
 *   kysely     KyselyLedgerStore.write: compiles and prepares its INSERT ... RETURNING and its
 *              rollup upsert per batch (the old writer)
 *   prepared   SqliteLedgerStore.write: multi-row statements prepared once per power-of-two size (now)
 * Both insert the ledger rows, keep the ids really inserted and add those to spend_daily, in one
 * transaction. Entries spread over 8 keys, 3 models and 5 end users, so most rollup rows exist.
 * Run: npx tsx bench/sqlite-ledger-insert.ts [--batches N] [--size N]. Short by default (a few seconds).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Kysely, SqliteDialect } from 'kysely';
import type { LedgerEntry, LedgerStore } from '../src/governance/store-contract.js';
import { KyselyLedgerStore } from '../src/storage/governance/ledger-store.js';
import { runMigrations } from '../src/storage/migrate.js';
import type { StorageSchema } from '../src/storage/schema.js';
import { SqliteLedgerStore } from '../src/storage/sqlite/ledger-store.js';
import { openSqlite } from '../src/storage/sqlite/open.js';

const { values: args } = parseArgs({ options: { batches: { type: 'string', default: '400' }, size: { type: 'string', default: '64' } } });
const BATCHES = Number(args.batches);
const SIZE = Number(args.size);
const MODELS = ['gpt-4o', 'claude-sonnet', 'llama-70b'];

let sequence = 0;
function entry(): LedgerEntry {
  sequence++;
  const key = sequence % 8;
  return {
    request_id: `req_${sequence.toString(36).padStart(10, '0')}bench`,
    time: Date.now(),
    day: '2027-01-10',
    team_id: `team_${key % 4}`,
    project_id: `proj_${key % 4}`,
    key_id: `key_${key}`,
    end_user: sequence % 5 === 0 ? '' : `user_${sequence % 5}`,
    model: MODELS[sequence % 3]!,
    provider: 'openai',
    usd: 0.00078,
    input_tokens: 120,
    output_tokens: 48,
    estimated: sequence % 50 === 0 ? 1 : 0,
  };
}

function batch(): LedgerEntry[] {
  return Array.from({ length: SIZE }, entry);
}

const dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-'));
try {
  const sqlite = openSqlite(`sqlite:${join(dir, 'bench.db')}`);
  const db = new Kysely<StorageSchema>({ dialect: new SqliteDialect({ database: sqlite }) });
  await runMigrations(db, 'bench');

  const ways: Record<string, LedgerStore> = {
    kysely: new KyselyLedgerStore(db),
    prepared: new SqliteLedgerStore(sqlite, db),
  };
  const timings: Record<string, number[]> = Object.fromEntries(Object.keys(ways).map((name) => [name, []]));
  // Interleaved, in a rotating order, so a disturbance on the machine and SQLite's WAL checkpoints
  // hit both ways alike; the first rounds warm up.
  const entries = Object.entries(ways);
  for (let round = 0; round < BATCHES + 20; round++) {
    for (let k = 0; k < entries.length; k++) {
      const [name, store] = entries[(round + k) % entries.length]!;
      const rows = batch();
      const start = process.hrtime.bigint();
      await store.write(rows);
      const micros = Number(process.hrtime.bigint() - start) / 1000;
      if (round >= 20) timings[name]!.push(micros);
    }
  }
  const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  console.log(`${BATCHES} batches of ${SIZE} entries per way; µs per batch on the event loop`);
  for (const [name, list] of Object.entries(timings)) {
    const sorted = [...list].sort((a, b) => a - b);
    const mean = list.reduce((a, b) => a + b, 0) / list.length;
    console.log(
      `${name.padEnd(10)} mean ${mean.toFixed(0).padStart(6)}  p50 ${quantile(sorted, 0.5).toFixed(0).padStart(6)}  p90 ${quantile(sorted, 0.9).toFixed(0).padStart(6)}  p99 ${quantile(sorted, 0.99).toFixed(0).padStart(6)}`,
    );
  }
  const [{ requests }] = (await db
    .selectFrom('spend_daily')
    .select((eb) => eb.fn.sum<number>('requests').as('requests'))
    .execute()) as [{ requests: number }];
  // Both ways wrote into the same tables: every entry counted once.
  if (Number(requests) !== (BATCHES + 20) * 2 * SIZE) throw new Error(`spend_daily counts ${requests} requests, expected ${(BATCHES + 20) * 2 * SIZE}`);
  await db.destroy();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
