/**
 * The response cache's shapes in the admin API (issue 10): POST /admin/v1/cache/purge and
 * GET /admin/v1/cache/stats. Counts come from the request log; entries and bytes from the live store.
 */

/** What the admin API asks of the running cache (absent when the cache is off). */
export interface AdminCacheControls {
  /** Removes the matching entries; resolves with how many. Every field given must match. */
  purge(filter: { team?: string; scope?: string; namespace?: string; createdBefore?: number }): Promise<number>;
  /** The store's live size. */
  stats(): { entries: number; bytes: number };
}

/** How cache statistics are grouped. */
export const CACHE_STATS_GROUPS = ['team', 'model'] as const;
/** One of CACHE_STATS_GROUPS. */
export type CacheStatsGroup = (typeof CACHE_STATS_GROUPS)[number];

/** One group's cache counts over a range (rows whose request the cache looked at). */
export interface CacheStatsRow {
  /** The team id, or the model asked for (the alias); '(none)' for rows without a team. */
  key: string;
  /** Requests the cache applied to: hits, semantic hits, misses and bypasses. */
  requests: number;
  hits: number;
  semantic_hits: number;
  misses: number;
  /** (hits + semantic_hits) / (hits + semantic_hits + misses); null when there was no lookup. */
  hit_rate: number | null;
  /** Upstream cost the hits saved. */
  saved_usd: number;
}

/** A cache statistics query, on the request log. */
export interface CacheStatsRequest {
  from: number;
  to: number;
  groupBy: CacheStatsGroup;
  team?: string;
}

/** GET /admin/v1/cache/stats. */
export interface CacheStats {
  from: number;
  to: number;
  group_by: CacheStatsGroup;
  /** Entries and bytes the store holds now, across all teams: owner only (the store is not sized per team), else null. */
  entries: number | null;
  bytes: number | null;
  data: CacheStatsRow[];
}
