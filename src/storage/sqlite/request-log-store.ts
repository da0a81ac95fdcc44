/**
 * The request log on SQLite. Writes bypass Kysely: a batch is one multi-row INSERT through a
 * statement prepared once per batch size, because better-sqlite3 runs synchronously on the event
 * loop and compiling and preparing a 64-row insert per batch costs several times the insert
 * itself (bench/sqlite-request-log-insert.ts). Reads are rare (CLI, tests) and plain.
 */
import type Database from 'better-sqlite3';
import type { RequestRecord } from '../../observability/request-record.js';
import { pushRequestLogValues, REQUEST_LOG_COLUMNS, type RequestLogRow } from '../request-log/columns.js';

export { openSqlite } from './open.js';
export type { RequestLogRow } from '../request-log/columns.js';

const ROW_PLACEHOLDERS = `(${REQUEST_LOG_COLUMNS.map(() => '?').join(',')})`;

/**
 * Rows per statement at most. Statements exist for the powers of two up to it (1, 2, 4 … 64), so
 * any batch is a few statements and the cache stays at seven: a statement per exact size would
 * keep up to 64 large compiled programs in memory.
 */
const MAX_ROWS_PER_STATEMENT = 64;

/** The request-log table on SQLite: batch insert and recent-rows query. The table comes from the migrations. */
export class SqliteRequestLogStore {
  /** One prepared statement per power-of-two row count, made on first use. */
  private readonly inserts = new Map<number, Database.Statement>();
  private readonly values: (string | number | null)[] = [];
  private readonly writeInTransaction: (records: readonly RequestRecord[]) => void;

  constructor(private readonly db: Database.Database) {
    this.writeInTransaction = db.transaction((records: readonly RequestRecord[]) => {
      let start = 0;
      while (start < records.length) {
        const rows = largestPowerOfTwoAtMost(Math.min(MAX_ROWS_PER_STATEMENT, records.length - start));
        this.insertRows(records, start, rows);
        start += rows;
      }
    });
  }

  private insertFor(rows: number): Database.Statement {
    let statement = this.inserts.get(rows);
    if (!statement) {
      // A record id seen twice (a batch retried after a partial failure) keeps its first row.
      const sql = `INSERT INTO request_log (${REQUEST_LOG_COLUMNS.join(',')}) VALUES ${Array(rows).fill(ROW_PLACEHOLDERS).join(',')} ON CONFLICT (id) DO NOTHING`;
      statement = this.db.prepare(sql);
      this.inserts.set(rows, statement);
    }
    return statement;
  }

  private insertRows(records: readonly RequestRecord[], start: number, rows: number): void {
    const values = this.values;
    values.length = 0;
    for (let i = start; i < start + rows; i++) pushRequestLogValues(values, records[i]!);
    this.insertFor(rows).run(values);
  }

  /** Inserts a batch in one transaction: 64 rows per statement, the rest in power-of-two statements. */
  write(records: readonly RequestRecord[]): void {
    if (records.length === 0) return;
    // One statement is its own transaction: skip BEGIN/COMMIT for the common exact sizes.
    if (records.length <= MAX_ROWS_PER_STATEMENT && largestPowerOfTwoAtMost(records.length) === records.length) this.insertRows(records, 0, records.length);
    else this.writeInTransaction(records);
  }

  /** The most recent rows, newest first. */
  recent(limit: number): RequestLogRow[] {
    return this.db.prepare('SELECT * FROM request_log ORDER BY time DESC, rowid DESC LIMIT ?').all(limit) as RequestLogRow[];
  }
}

function largestPowerOfTwoAtMost(n: number): number {
  return 2 ** Math.floor(Math.log2(n));
}
