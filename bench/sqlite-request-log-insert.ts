/**
 * Micro-benchmark: the cost on the event loop of writing one request-log slice to SQLite, three
 * ways. better-sqlite3 is synchronous, so this time is time no request is served.
 *   per-row      one prepared single-row INSERT per record inside a transaction (the old writer)
 *   multi-row    one prepared multi-row INSERT per slice, statement cached per slice size (the current writer)
 *   kysely       Kysely's insertInto(...).values(rows): compiles and prepares the statement per slice
 * Run: npx tsx bench/sqlite-request-log-insert.ts [--slices N] [--size N]. Short by default (a few seconds).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Kysely, SqliteDialect } from 'kysely';
import type { RequestRecord } from '../src/observability/request-record.js';
import { runMigrations } from '../src/storage/migrate.js';
import { pushRequestLogValues, REQUEST_LOG_COLUMNS, toRequestLogRow } from '../src/storage/request-log/columns.js';
import type { StorageSchema } from '../src/storage/schema.js';
import { openSqlite } from '../src/storage/sqlite/open.js';
import { SqliteRequestLogStore } from '../src/storage/sqlite/request-log-store.js';

const { values: args } = parseArgs({ options: { slices: { type: 'string', default: '400' }, size: { type: 'string', default: '64' } } });
const SLICES = Number(args.slices);
const SIZE = Number(args.size);

let sequence = 0;
function record(): RequestRecord {
  sequence++;
  return {
    id: `req_${sequence.toString(36).padStart(10, '0')}bench`,
    time: Date.now(),
    operation: 'chat',
    ingress: 'openai',
    stream: sequence % 2 === 0,
    modelRequested: 'gpt-4o',
    provider: 'openai',
    providerType: 'openai',
    modelServed: 'gpt-4o-2024-08-06',
    status: 200,
    finishReason: 'stop',
    inputTokens: 120,
    outputTokens: 48,
    costUsd: 0.00078,
    attempts: 1,
    gatewayMs: 0.41,
    upstreamTtfbMs: 212.5,
    ttftMs: 230.1,
    totalMs: 512.9,
  };
}

function slice(): RequestRecord[] {
  return Array.from({ length: SIZE }, record);
}

const dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-'));
try {
  const sqlite = openSqlite(`sqlite:${join(dir, 'bench.db')}`);
  const db = new Kysely<StorageSchema>({ dialect: new SqliteDialect({ database: sqlite }) });
  await runMigrations(db, 'bench');

  const single = sqlite.prepare(
    `INSERT INTO request_log (${REQUEST_LOG_COLUMNS.join(',')}) VALUES (${REQUEST_LOG_COLUMNS.map(() => '?').join(',')}) ON CONFLICT (id) DO NOTHING`,
  );
  const perRow = sqlite.transaction((records: RequestRecord[]) => {
    const values: (string | number | null)[] = [];
    for (const r of records) {
      values.length = 0;
      pushRequestLogValues(values, r);
      single.run(values);
    }
  });
  const multiRow = new SqliteRequestLogStore(sqlite);
  const ways: Record<string, (records: RequestRecord[]) => unknown> = {
    'per-row': (records) => perRow(records),
    'multi-row': (records) => multiRow.write(records),
    kysely: (records) =>
      db
        .insertInto('request_log')
        .values(records.map(toRequestLogRow))
        .onConflict((oc) => oc.column('id').doNothing())
        .execute(),
  };

  const timings: Record<string, number[]> = Object.fromEntries(Object.keys(ways).map((name) => [name, []]));
  // Interleaved, in a rotating order, so a disturbance on the machine and SQLite's WAL checkpoints
  // (every ~1000 pages, on the commit that crosses) hit every way alike; the first rounds warm up.
  const entries = Object.entries(ways);
  for (let round = 0; round < SLICES + 20; round++) {
    for (let k = 0; k < entries.length; k++) {
      const [name, write] = entries[(round + k) % entries.length]!;
      const records = slice();
      const start = process.hrtime.bigint();
      await write(records);
      const micros = Number(process.hrtime.bigint() - start) / 1000;
      if (round >= 20) timings[name]!.push(micros);
    }
  }
  const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  console.log(`${SLICES} slices of ${SIZE} rows per way; µs per slice on the event loop`);
  for (const [name, list] of Object.entries(timings)) {
    const sorted = [...list].sort((a, b) => a - b);
    const mean = list.reduce((a, b) => a + b, 0) / list.length;
    console.log(
      `${name.padEnd(10)} mean ${mean.toFixed(0).padStart(6)}  p50 ${quantile(sorted, 0.5).toFixed(0).padStart(6)}  p90 ${quantile(sorted, 0.9).toFixed(0).padStart(6)}  p99 ${quantile(sorted, 0.99).toFixed(0).padStart(6)}`,
    );
  }
  await db.destroy();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
