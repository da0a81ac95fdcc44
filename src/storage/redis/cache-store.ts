/**
 * The Redis cache store, for several replicas: exact entries live in Redis (JSON with a PX TTL),
 * so any replica answers what another stored; semantic vectors are shared through a bounded
 * stream per partition and searched in process, each replica reading a partition when it first
 * searches it and catching up with the others' writes at most every `syncIntervalMs`. Purges find
 * entries through per-scope sorted sets, never KEYS or SCAN. Every command is bounded by the
 * client's command timeout, and errors propagate: the cache hooks turn them into misses.
 */
import type { Redis } from 'ioredis';
import type { CacheEntry } from '../../cache/entry.js';
import { entryBytes } from '../../cache/entry.js';
import { defaultPartitionIndex, type PartitionIndexFactory } from '../../cache/partition-index.js';
import { matchesPurge } from '../../cache/purge-filter.js';
import type { CacheStore, CacheStoreStats, Neighbour, PurgeFilter } from '../../cache/store-contract.js';
import type { Logger } from '../../pipeline/services.js';
import {
  CLOCK_SLACK_MS,
  decodeVector,
  encodeVector,
  entryKey,
  LIFETIME_KEY,
  PUT_LUA,
  ROOTS_KEY,
  rootIndexKey,
  rootOf,
  scopeIndexKey,
  vectorStreamKey,
} from './cache-layout.js';
import { type LocalPartition, LocalPartitions } from './local-partitions.js';
import { parseCacheEntry } from './parse-cache-entry.js';

/** Options of the Redis store. */
export interface RedisCacheStoreOptions {
  /** Vectors kept per partition, in Redis and in process (cache.semantic.max_entries_per_scope). */
  maxVectorsPerPartition: number;
  /** Partitions held in process (default 10,000). */
  maxPartitions?: number;
  /** Vectors held in process across partitions (default 500,000). */
  maxVectorsInProcess?: number;
  /** Least time between two reads of one partition's stream during lookups (default 200 ms). */
  syncIntervalMs?: number;
  /** Vectors read per stream command (default 200): a first read or a catch-up never reads more at once. */
  readBatch?: number;
  /** Builds a partition's index (default: the vector index, flat while small). */
  createIndex?: PartitionIndexFactory;
  /** Whether close() also closes the client. */
  ownsClient?: boolean;
  logger?: Logger;
  now?: () => number;
}

/** Entries purged per round trip. */
const PURGE_BATCH = 500;
const STATS_BUCKET_MS = 60_000;

interface PutCommand {
  sbCachePut(numKeys: number, ...keysAndArgs: Array<string | number | Buffer>): Promise<number>;
}

/** A pipeline's replies, throwing its first error. */
function replies<T>(results: Array<[Error | null, unknown]> | null): T[] {
  return (results ?? []).map(([err, reply]) => {
    if (err) throw err;
    return reply as T;
  });
}

/** A CacheStore over Redis, with semantic search in process. */
export class RedisCacheStore implements CacheStore {
  private readonly local: LocalPartitions;
  private readonly now: () => number;
  private readonly syncIntervalMs: number;
  private readonly readBatch: number;
  private readonly commands: PutCommand;
  /** This replica's writes by minute of expiry: stats() without a round trip. */
  private readonly written = new Map<number, { entries: number; bytes: number }>();
  private malformedSeen = false;
  private closed = false;

  constructor(
    private readonly client: Redis,
    private readonly options: RedisCacheStoreOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.syncIntervalMs = options.syncIntervalMs ?? 200;
    this.readBatch = options.readBatch ?? 200;
    this.local = new LocalPartitions({
      maxPartitions: options.maxPartitions ?? 10_000,
      maxVectors: options.maxVectorsInProcess ?? 500_000,
      maxVectorsPerPartition: options.maxVectorsPerPartition,
      createIndex: options.createIndex ?? defaultPartitionIndex,
    });
    client.defineCommand('sbCachePut', { lua: PUT_LUA });
    this.commands = client as unknown as PutCommand;
  }

  async get(key: string): Promise<CacheEntry | undefined> {
    const raw = await this.client.get(entryKey(key));
    const entry = raw === null ? undefined : parseCacheEntry(raw);
    if (raw !== null && !entry) this.noteMalformed();
    if (!entry || entry.expiresAt <= this.now()) {
      // A vector whose entry is gone can only ever miss: forget it now that it is noticed.
      this.local.drop(key);
      return undefined;
    }
    return entry;
  }

  async put(key: string, entry: CacheEntry, semantic?: { partition: string; vector: Float32Array }): Promise<void> {
    const now = this.now();
    const ttl = Math.ceil(entry.expiresAt - now);
    if (ttl <= 0) return;
    const lifetime = Math.max(ttl, Math.ceil(entry.expiresAt - entry.createdAt));
    const keys = [entryKey(key), scopeIndexKey(entry.scope), rootIndexKey(rootOf(entry.scope)), ROOTS_KEY, LIFETIME_KEY];
    const args: Array<string | number | Buffer> = [
      JSON.stringify(entry),
      ttl,
      entry.createdAt,
      key,
      entry.scope,
      rootOf(entry.scope),
      now,
      lifetime,
      CLOCK_SLACK_MS,
    ];
    if (semantic) {
      keys.push(vectorStreamKey(semantic.partition));
      args.push(encodeVector(semantic.vector), entry.expiresAt, this.options.maxVectorsPerPartition);
    }
    await this.commands.sbCachePut(keys.length, ...keys, ...args);
    this.countWrite(entry, key);
    if (!semantic) return;
    // Searchable here at once; other replicas see it on their next catch-up. A partition not held
    // yet is read whole (this vector included) when first searched.
    const partition = this.local.get(semantic.partition);
    if (partition) this.local.add(partition, key, semantic.vector);
  }

  async nearest(partition: string, vector: Float32Array, minSimilarity: number, limit: number): Promise<readonly Neighbour[]> {
    let held = this.local.get(partition);
    if (!held || held.dimensions !== vector.length) held = this.local.open(partition, vector.length);
    await this.catchUp(held);
    return held.index.search(vector, minSimilarity, limit).map(({ id, similarity }) => ({ key: id, similarity }));
  }

  async purge(filter: PurgeFilter): Promise<number> {
    const roots =
      filter.team !== undefined ? [`team:${filter.team}`] : filter.scope !== undefined ? [rootOf(filter.scope)] : await this.client.zrange(ROOTS_KEY, 0, -1);
    const { createdBefore, ...scopeFilter } = filter;
    const max = createdBefore === undefined ? '+inf' : `(${createdBefore}`;
    let removed = 0;
    for (const root of roots) {
      const scopes = await this.client.zrange(rootIndexKey(root), 0, -1);
      for (const scope of scopes) {
        if (!matchesPurge({ scope, createdAt: Number.NEGATIVE_INFINITY }, scopeFilter)) continue;
        removed += await this.purgeScope(scope, max);
      }
    }
    return removed;
  }

  /**
   * What this replica knows without a round trip, so per replica: entries and bytes are the ones
   * it wrote that have not expired yet (replacements and purges are not subtracted), vectors the
   * ones it holds in process.
   */
  stats(): CacheStoreStats {
    const now = this.now();
    let entries = 0;
    let bytes = 0;
    for (const [bucket, count] of this.written) {
      if (bucket * STATS_BUCKET_MS <= now) {
        this.written.delete(bucket);
        continue;
      }
      entries += count.entries;
      bytes += count.bytes;
    }
    return { entries, bytes, vectors: this.local.vectors };
  }

  /**
   * Entries and scopes across every replica, from the indexes in Redis (two pipelined round trips
   * after reading the roots). Approximate: an expired entry is counted until a write to its scope
   * prunes it, or its scope's index expires.
   */
  async remoteStats(): Promise<{ entries: number; scopes: number }> {
    const roots = await this.client.zrange(ROOTS_KEY, 0, -1);
    const listing = this.client.pipeline();
    for (const root of roots) listing.zrange(rootIndexKey(root), 0, -1);
    const scopes = replies<string[]>(await listing.exec()).flat();
    const counting = this.client.pipeline();
    for (const scope of scopes) counting.zcard(scopeIndexKey(scope));
    const entries = replies<number>(await counting.exec()).reduce((sum, n) => sum + n, 0);
    return { entries, scopes: scopes.length };
  }

  /** Partitions held in process (for tests and the memory figures in the docs). */
  heldPartitions(): number {
    return this.local.size;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.local.clear();
    this.written.clear();
    if (!this.options.ownsClient) return;
    try {
      await this.client.quit();
    } catch {
      // Not connected: nothing to say goodbye to.
      this.client.disconnect();
    }
  }

  /** Deletes a scope's entries created before `max` (a ZRANGEBYSCORE bound), a batch per round trip. */
  private async purgeScope(scope: string, max: string): Promise<number> {
    const index = scopeIndexKey(scope);
    let removed = 0;
    for (;;) {
      const keys = await this.client.zrangebyscore(index, '-inf', max, 'LIMIT', 0, PURGE_BATCH);
      if (keys.length === 0) return removed;
      const batch = this.client.pipeline();
      for (const key of keys) batch.unlink(entryKey(key));
      batch.zrem(index, ...keys);
      const unlinked = replies<number>(await batch.exec());
      for (let i = 0; i < keys.length; i++) removed += unlinked[i]!;
      for (const key of keys) this.local.drop(key);
      if (keys.length < PURGE_BATCH) return removed;
    }
  }

  /** Reads what other replicas added to a partition, unless read within the interval; concurrent lookups share one read. */
  private catchUp(partition: LocalPartition): Promise<void> {
    if (partition.pulling) return partition.pulling;
    if (this.now() - partition.syncedAt < this.syncIntervalMs) return Promise.resolve();
    const pulling = this.pull(partition).then(
      (more) => {
        partition.pulling = undefined;
        partition.syncedAt = more ? Number.NEGATIVE_INFINITY : this.now();
        // A long partition is read a batch at a time: the rest follows in the background.
        if (more && !this.closed && this.local.holds(partition)) this.catchUp(partition).catch(() => undefined);
      },
      (err: unknown) => {
        partition.pulling = undefined;
        throw err;
      },
    );
    partition.pulling = pulling;
    return pulling;
  }

  /** Reads one batch of the partition's stream after the last id read; true when more may follow. */
  private async pull(partition: LocalPartition): Promise<boolean> {
    const start = partition.lastId === undefined ? '-' : `(${partition.lastId}`;
    const rows = await this.client.xrangeBuffer(vectorStreamKey(partition.name), start, '+', 'COUNT', this.readBatch);
    const now = this.now();
    for (const [id, fields] of rows) {
      partition.lastId = id.toString();
      let key: string | undefined;
      let vector: Float32Array | undefined;
      let expiresAt = 0;
      for (let i = 0; i + 1 < fields.length; i += 2) {
        const name = fields[i]!.toString();
        if (name === 'k') key = fields[i + 1]!.toString();
        else if (name === 'v') vector = decodeVector(fields[i + 1]!);
        else if (name === 'x') expiresAt = Number(fields[i + 1]!.toString());
      }
      if (key !== undefined && vector && expiresAt > now) this.local.add(partition, key, vector);
    }
    return rows.length === this.readBatch;
  }

  private countWrite(entry: CacheEntry, key: string): void {
    const bucket = Math.ceil(entry.expiresAt / STATS_BUCKET_MS);
    const count = this.written.get(bucket) ?? { entries: 0, bytes: 0 };
    count.entries++;
    count.bytes += entryBytes(entry) + key.length * 2;
    this.written.set(bucket, count);
  }

  private noteMalformed(): void {
    if (this.malformedSeen) return;
    this.malformedSeen = true;
    this.options.logger?.warn({}, 'cache: an entry in Redis is not a cache entry; treated as missing (said once)');
  }
}
