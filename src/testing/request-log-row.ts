/** Reads a test stack's request log row for one request, flushing and polling until it is written. */
import { join } from 'node:path';
import { openSqlite, type RequestLogRow, SqliteRequestLogStore } from '../storage/sqlite/request-log-store.js';
import type { TestStack } from './stack.js';

/** The row of `requestId` in the stack's SQLite request log; throws after about 4 s without it. */
export async function requestLogRow(stack: TestStack, requestId: string): Promise<RequestLogRow> {
  const db = openSqlite(`sqlite:${join(stack.dir, 'switchboard.db')}`);
  try {
    const store = new SqliteRequestLogStore(db);
    for (let i = 0; i < 200; i++) {
      await stack.gateway.requestLog.flush();
      const row = store.recent(1000).find((r) => r.id === requestId);
      if (row) return row;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`no request log row for ${requestId}`);
  } finally {
    db.close();
  }
}
