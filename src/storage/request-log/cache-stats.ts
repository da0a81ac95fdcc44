/**
 * Response-cache statistics from the request log: per team or per model, how many requests the
 * cache looked at and what it did with them. Rows where no cache applied (cache null) are left out.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { CacheStatsRequest, CacheStatsRow } from '../../admin/cache-contract.js';
import type { StorageSchema } from '../schema.js';
import { type Dialect, filterCondition } from './filters.js';
import { NONE_KEY } from './overview.js';

/** Cost sums rounded to nano-dollars: the dialects add doubles in different orders. */
const usd = (n: unknown) => Math.round(Number(n ?? 0) * 1e9) / 1e9;

function groupKey(groupBy: CacheStatsRequest['groupBy']): RawBuilder<string | null> {
  return groupBy === 'team' ? sql`team_id` : sql`model_requested`;
}

/** Counts per group over [from, to), the busiest group first, ties by key. */
export async function computeCacheStats(db: Kysely<StorageSchema>, dialect: Dialect, q: CacheStatsRequest): Promise<CacheStatsRow[]> {
  const key = groupKey(q.groupBy);
  const count = (result: string) => sql<number>`sum(case when cache = ${result} then 1 else 0 end)`;
  const rows = await db
    .selectFrom('request_log')
    .select([
      key.as('key'),
      sql<number>`count(*)`.as('requests'),
      count('hit').as('hits'),
      count('semantic-hit').as('semantic_hits'),
      count('miss').as('misses'),
      sql<number>`coalesce(sum(cost_saved_usd), 0)`.as('saved_usd'),
    ])
    .where((eb) => eb.and([filterCondition(eb, { from: q.from, to: q.to, team: q.team }, dialect), eb('cache', 'is not', null)]))
    .groupBy(key)
    .execute();
  const out = rows.map((row): CacheStatsRow => {
    const hits = Number(row.hits);
    const semantic = Number(row.semantic_hits);
    const misses = Number(row.misses);
    const lookups = hits + semantic + misses;
    return {
      key: row.key ?? NONE_KEY,
      requests: Number(row.requests),
      hits,
      semantic_hits: semantic,
      misses,
      hit_rate: lookups === 0 ? null : Math.round(((hits + semantic) / lookups) * 1e6) / 1e6,
      saved_usd: usd(row.saved_usd),
    };
  });
  return out.sort((a, b) => b.requests - a.requests || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
