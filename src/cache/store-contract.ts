/**
 * What the cache needs from a store: exact entries by key, and the nearest stored questions of a
 * semantic partition. The in-process store (storage/memory/cache-store.ts) and the Redis store
 * (storage/redis/cache-store.ts) implement it; either may answer synchronously.
 */
import type { CacheEntry } from './entry.js';

/** A value now or later: the in-process store answers at once, Redis later. */
export type MaybePromise<T> = T | Promise<T>;

/** A stored question close to the one asked. */
export interface Neighbour {
  /** The exact key of the entry that answered it. */
  key: string;
  similarity: number;
}

/** Which entries a purge removes; every field given must match. */
export interface PurgeFilter {
  /** Entries of this team's scopes only (team:ID and everything under it). */
  team?: string;
  /** Entries whose scope string is exactly this, or starts with it and '/' (a key's scope within a team). */
  scope?: string;
  /** Entries written under this namespace. */
  namespace?: string;
  /** Entries created before this time (ms since the epoch). */
  createdBefore?: number;
}

/** Entry count and bytes, for gauges and the admin API. */
export interface CacheStoreStats {
  entries: number;
  bytes: number;
  /** Vectors held in process across semantic partitions. */
  vectors: number;
}

/** The cache's storage. */
export interface CacheStore {
  /** The live entry under a key, or undefined (expired entries are never returned). */
  get(key: string): MaybePromise<CacheEntry | undefined>;
  /** Stores an entry (replacing any under the key), and its question's vector in its partition when given. */
  put(key: string, entry: CacheEntry, semantic?: { partition: string; vector: Float32Array }): MaybePromise<void>;
  /** The partition's stored questions with similarity ≥ minSimilarity, best first, at most `limit`. */
  nearest(partition: string, vector: Float32Array, minSimilarity: number, limit: number): MaybePromise<readonly Neighbour[]>;
  /** Removes the matching entries; returns how many. */
  purge(filter: PurgeFilter): Promise<number>;
  stats(): CacheStoreStats;
  close(): Promise<void>;
}
