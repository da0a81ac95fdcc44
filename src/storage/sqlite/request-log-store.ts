/** SQLite storage for the request log (the embedded default). */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { RequestRecord } from '../../observability/request-record.js';

const COLUMNS = [
  'id',
  'time',
  'operation',
  'ingress',
  'stream',
  'model_requested',
  'provider',
  'provider_type',
  'model_served',
  'status',
  'error_code',
  'finish_reason',
  'input_tokens',
  'output_tokens',
  'cached_input_tokens',
  'cache_write_tokens',
  'reasoning_tokens',
  'cost_usd',
  'attempts',
  'gateway_ms',
  'upstream_ttfb_ms',
  'ttft_ms',
  'total_ms',
] as const;

const MIGRATIONS = [
  `CREATE TABLE IF NOT EXISTS request_log (
     id TEXT PRIMARY KEY, time INTEGER NOT NULL, operation TEXT NOT NULL, ingress TEXT NOT NULL, stream INTEGER NOT NULL,
     model_requested TEXT NOT NULL, provider TEXT, provider_type TEXT, model_served TEXT, status INTEGER NOT NULL,
     error_code TEXT, finish_reason TEXT, input_tokens INTEGER, output_tokens INTEGER, cached_input_tokens INTEGER,
     cache_write_tokens INTEGER, reasoning_tokens INTEGER, cost_usd REAL, attempts INTEGER NOT NULL,
     gateway_ms REAL NOT NULL, upstream_ttfb_ms REAL, ttft_ms REAL, total_ms REAL NOT NULL)`,
  'CREATE INDEX IF NOT EXISTS request_log_time ON request_log (time)',
];

/** A row as stored. */
export type RequestLogRow = Record<(typeof COLUMNS)[number], string | number | null>;

/** Opens (creating if needed) a SQLite database from a `sqlite:PATH` URL or a path. */
export function openSqlite(url: string): Database.Database {
  const path = url.replace(/^sqlite:/, '');
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  // 2 MB page cache instead of the 16 MB the driver is built with: the log is append-only.
  db.pragma('cache_size = -2000');
  return db;
}

/** The request-log table: batch insert and recent-rows query. */
export class SqliteRequestLogStore {
  private readonly insert: Database.Statement;
  private readonly insertMany: (rows: RequestRecord[]) => void;

  constructor(private readonly db: Database.Database) {
    for (const sql of MIGRATIONS) db.exec(sql);
    this.insert = db.prepare(`INSERT OR REPLACE INTO request_log (${COLUMNS.join(',')}) VALUES (${COLUMNS.map(() => '?').join(',')})`);
    this.insertMany = db.transaction((rows: RequestRecord[]) => {
      for (const r of rows) {
        this.insert.run(
          r.id,
          r.time,
          r.operation,
          r.ingress,
          r.stream ? 1 : 0,
          r.modelRequested,
          r.provider ?? null,
          r.providerType ?? null,
          r.modelServed ?? null,
          r.status,
          r.errorCode ?? null,
          r.finishReason ?? null,
          r.inputTokens ?? null,
          r.outputTokens ?? null,
          r.cachedInputTokens ?? null,
          r.cacheWriteTokens ?? null,
          r.reasoningTokens ?? null,
          r.costUsd ?? null,
          r.attempts,
          r.gatewayMs,
          r.upstreamTtfbMs ?? null,
          r.ttftMs ?? null,
          r.totalMs,
        );
      }
    });
  }

  /** Inserts a batch in one transaction. */
  write(rows: RequestRecord[]): void {
    this.insertMany(rows);
  }

  /** The most recent rows, newest first. */
  recent(limit: number): RequestLogRow[] {
    return this.db.prepare('SELECT * FROM request_log ORDER BY time DESC, rowid DESC LIMIT ?').all(limit) as RequestLogRow[];
  }
}
