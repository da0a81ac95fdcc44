/**
 * The spend ledger on SQLite. write() runs once per ledger batch, a row per request, and
 * better-sqlite3 runs on the event loop, so it bypasses Kysely the way the request log does: a
 * multi-row INSERT prepared once per power-of-two row count, for the ledger rows and for the
 * rollups, all in one better-sqlite3 transaction (bench/sqlite-ledger-insert.ts). Its meaning is
 * KyselyLedgerStore.write's: only the rows really inserted reach the rollups, so a replayed batch
 * counts once. The reads and the sweep are rare and go through Kysely.
 */
import type Database from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { BudgetScope, LedgerEntry, LedgerStore, SpendGroup, SpendRow } from '../../governance/store-contract.js';
import { KyselyLedgerStore } from '../governance/ledger-store.js';
import { ROLLUP_KEY, sumRollups } from '../governance/ledger-rollups.js';
import type { SpendDailyTable, StorageSchema } from '../schema.js';

const LEDGER_COLUMNS = [
  'request_id',
  'time',
  'day',
  'team_id',
  'project_id',
  'key_id',
  'end_user',
  'model',
  'provider',
  'usd',
  'input_tokens',
  'output_tokens',
  'estimated',
  'saved_usd',
  'cache_hit',
] as const;
const ROLLUP_COLUMNS = [...ROLLUP_KEY, 'usd', 'input_tokens', 'output_tokens', 'requests', 'estimated_requests', 'saved_usd', 'cache_hits'] as const;
const SUMMED = ROLLUP_COLUMNS.slice(ROLLUP_KEY.length);

/** Rows per statement at most; statements exist for 1, 2, 4 … 64 rows (seven of each kind), as for the request log. */
const MAX_ROWS_PER_STATEMENT = 64;

type Value = string | number;

function placeholders(columns: number, rows: number): string {
  const row = `(${Array(columns).fill('?').join(',')})`;
  return Array(rows).fill(row).join(',');
}

function largestPowerOfTwoAtMost(n: number): number {
  return 2 ** Math.floor(Math.log2(n));
}

/** A LedgerStore on the better-sqlite3 handle under `db` (the same file, the same connection). */
export class SqliteLedgerStore implements LedgerStore {
  /** Ledger inserts and rollup upserts, one per power-of-two row count, prepared on first use. */
  private readonly inserts = new Map<number, Database.Statement>();
  private readonly upserts = new Map<number, Database.Statement>();
  private readonly values: Value[] = [];
  private readonly kysely: KyselyLedgerStore;
  private readonly writeInTransaction: (entries: readonly LedgerEntry[]) => void;

  constructor(
    private readonly sqlite: Database.Database,
    db: Kysely<StorageSchema>,
  ) {
    this.kysely = new KyselyLedgerStore(db);
    this.writeInTransaction = sqlite.transaction((entries: readonly LedgerEntry[]) => this.writeRows(entries));
  }

  async write(entries: readonly LedgerEntry[]): Promise<void> {
    if (entries.length === 0) return;
    // A Kysely transaction is open on this connection and awaiting (tenancy writes, say): a
    // better-sqlite3 transaction now would become a savepoint inside it and vanish if it rolled
    // back. Kysely's own write queues behind it for the connection instead.
    if (this.sqlite.inTransaction) return this.kysely.write(entries);
    this.writeInTransaction(entries);
  }

  spend(groupBy: SpendGroup, from: string, to: string, teamId?: string): Promise<SpendRow[]> {
    return this.kysely.spend(groupBy, from, to, teamId);
  }

  spentSince(scope: BudgetScope, fromDay: string | null): Promise<{ usd: number; tokens: number }> {
    return this.kysely.spentSince(scope, fromDay);
  }

  sweep(before: number): Promise<number> {
    return this.kysely.sweep(before);
  }

  /**
   * Inserts the ledger rows, then adds the inserted ones to the rollups. No dedupe pass: a request
   * id seen twice in the batch conflicts with its first row, already inserted by then, so the first
   * wins in the table, and only the first is matched to the id RETURNING gives back.
   */
  private writeRows(entries: readonly LedgerEntry[]): void {
    // Stays undefined while every row so far was new (the usual case): the batch itself is what to sum.
    let inserted: LedgerEntry[] | undefined;
    for (let start = 0; start < entries.length; ) {
      const rows = largestPowerOfTwoAtMost(Math.min(MAX_ROWS_PER_STATEMENT, entries.length - start));
      const fresh = this.insertLedger(entries, start, rows);
      if (fresh.length !== rows) {
        inserted ??= entries.slice(0, start);
        if (fresh.length > 0) {
          const ids = new Set(fresh);
          for (let i = start; i < start + rows; i++) if (ids.delete(entries[i]!.request_id)) inserted.push(entries[i]!);
        }
      } else if (inserted) for (let i = start; i < start + rows; i++) inserted.push(entries[i]!);
      start += rows;
    }
    const sums = [...sumRollups(inserted ?? entries).values()];
    for (let start = 0; start < sums.length; ) {
      const rows = largestPowerOfTwoAtMost(Math.min(MAX_ROWS_PER_STATEMENT, sums.length - start));
      this.upsertRollups(sums, start, rows);
      start += rows;
    }
  }

  /** The request ids of the rows this statement inserted (not those already stored). */
  private insertLedger(entries: readonly LedgerEntry[], start: number, rows: number): string[] {
    let statement = this.inserts.get(rows);
    if (!statement) {
      statement = this.sqlite
        .prepare(
          `INSERT INTO spend_ledger (${LEDGER_COLUMNS.join(',')}) VALUES ${placeholders(LEDGER_COLUMNS.length, rows)} ON CONFLICT (request_id) DO NOTHING RETURNING request_id`,
        )
        .pluck();
      this.inserts.set(rows, statement);
    }
    const values = this.values;
    values.length = 0;
    for (let i = start; i < start + rows; i++) {
      const e = entries[i]!;
      values.push(
        e.request_id,
        Math.floor(e.time),
        e.day,
        e.team_id,
        e.project_id,
        e.key_id,
        e.end_user,
        e.model,
        e.provider,
        e.usd,
        e.input_tokens,
        e.output_tokens,
        e.estimated ? 1 : 0,
        e.saved_usd ?? 0,
        e.cache_hit ? 1 : 0,
      );
    }
    return statement.all(values) as string[];
  }

  private upsertRollups(sums: readonly SpendDailyTable[], start: number, rows: number): void {
    let statement = this.upserts.get(rows);
    if (!statement) {
      const add = SUMMED.map((column) => `${column} = spend_daily.${column} + excluded.${column}`).join(', ');
      statement = this.sqlite.prepare(
        `INSERT INTO spend_daily (${ROLLUP_COLUMNS.join(',')}) VALUES ${placeholders(ROLLUP_COLUMNS.length, rows)} ON CONFLICT (${ROLLUP_KEY.join(',')}) DO UPDATE SET ${add}`,
      );
      this.upserts.set(rows, statement);
    }
    const values = this.values;
    values.length = 0;
    for (let i = start; i < start + rows; i++) {
      const r = sums[i]!;
      values.push(
        r.day,
        r.team_id,
        r.project_id,
        r.key_id,
        r.end_user,
        r.model,
        r.usd,
        r.input_tokens,
        r.output_tokens,
        r.requests,
        r.estimated_requests,
        r.saved_usd,
        r.cache_hits,
      );
    }
    statement.run(values);
  }
}
