/**
 * The request log's read side and retention over Kysely, for SQLite and PostgreSQL alike: search
 * by keyset pagination on (time, id), the detail of one row, the overview (overview.ts) and the
 * chunked retention sweep. Search and detail are rare (an operator's click), so they are built per
 * call; ids compare in byte order on both dialects so pages come in the same order everywhere.
 */
import { type Kysely, sql } from 'kysely';
import type { CacheStatsRequest, CacheStatsRow } from '../../admin/cache-contract.js';
import type { Overview, RequestDetail, RequestSearchPage } from '../../admin/requests-contract.js';
import { feedbackOfRequest } from '../feedback/sql-feedback-store.js';
import type { StorageSchema } from '../schema.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { computeCacheStats } from './cache-stats.js';
import { type Dialect, filterCondition } from './filters.js';
import { computeOverview } from './overview.js';
import type { OverviewRequest, RequestLogReader, RequestLogSearch } from './query.js';
import { SUMMARY_COLUMNS, toDetail, toSummary } from './shapes.js';

/** Rows deleted per statement by the sweep: short statements, so writers never wait long. */
export const SWEEP_CHUNK = 5000;

/** The reader over one database. */
export class KyselyRequestLogReader implements RequestLogReader {
  constructor(
    private readonly db: Kysely<StorageSchema>,
    private readonly dialect: Dialect,
  ) {}

  /** The id column in byte order (PostgreSQL's default collation may order letters by locale). */
  private idExpr() {
    return this.dialect === 'postgres' ? sql<string>`id collate "C"` : sql<string>`id`;
  }

  async search(query: RequestLogSearch): Promise<RequestSearchPage> {
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const id = this.idExpr();
    const direction = query.ascending ? 'asc' : 'desc';
    const rows = await this.db
      .selectFrom('request_log')
      .select(SUMMARY_COLUMNS)
      .where((eb) => {
        const filters = filterCondition(eb, query, this.dialect);
        if (!after) return filters;
        const cmp = query.ascending ? '>' : '<';
        return eb.and([filters, eb.or([eb('time', cmp, after.time), eb.and([eb('time', '=', after.time), eb(id, cmp, after.id)])])]);
      })
      .orderBy('time', direction)
      .orderBy(id, direction)
      .limit(query.limit + 1)
      .execute();
    const more = rows.length > query.limit;
    const data = rows.slice(0, query.limit).map(toSummary);
    const last = data.at(-1);
    return { data, next_cursor: more && last ? encodeCursor({ time: last.time, id: last.id }) : null };
  }

  async detail(id: string, team?: string): Promise<RequestDetail | undefined> {
    let select = this.db.selectFrom('request_log').selectAll().where('id', '=', id);
    if (team !== undefined) select = select.where('team_id', '=', team);
    const row = await select.executeTakeFirst();
    // Feedback given by the request's own team only: another team cannot attach any that shows here.
    return row ? { ...toDetail(row), feedback: await feedbackOfRequest(this.db, row.id, row.team_id) } : undefined;
  }

  overview(query: OverviewRequest): Promise<Overview> {
    return computeOverview(this.db, this.dialect, query);
  }

  cacheStats(query: CacheStatsRequest): Promise<CacheStatsRow[]> {
    return computeCacheStats(this.db, this.dialect, query);
  }

  async sweep(before: number, chunk = SWEEP_CHUNK): Promise<number> {
    let total = 0;
    for (;;) {
      // Oldest rows first, a bounded number per statement: the table is never locked for long.
      const result = await this.db
        .deleteFrom('request_log')
        .where('id', 'in', (eb) => eb.selectFrom('request_log').select('id').where('time', '<', before).orderBy('time').limit(chunk))
        .executeTakeFirst();
      const deleted = Number(result.numDeletedRows);
      total += deleted;
      if (deleted < chunk) return total;
      // Let requests and the log writer run between chunks.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}
