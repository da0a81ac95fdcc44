/**
 * The in-process cache store, the embedded default: entries in a least-recently-used map bounded
 * in bytes, expired on read, and one nearest-neighbour index per semantic partition, bounded in
 * entries. Evicting an entry drops its vector too, so the two never disagree for long.
 */
import type { CacheEntry } from '../../cache/entry.js';
import { entryBytes } from '../../cache/entry.js';
import { defaultPartitionIndex, type PartitionIndex, type PartitionIndexFactory } from '../../cache/partition-index.js';
import type { CacheStore, CacheStoreStats, Neighbour, PurgeFilter } from '../../cache/store-contract.js';
import { matchesPurge } from '../../cache/purge-filter.js';

/** Options of the in-process store. */
export interface MemoryCacheStoreOptions {
  /** The bound on entries' bytes (cache.max_bytes). */
  maxBytes: number;
  /** Vectors kept per partition (cache.semantic.max_entries_per_scope). */
  maxVectorsPerPartition: number;
  /** Builds a partition's index (default: the vector index, flat while small). */
  createIndex?: PartitionIndexFactory;
  now?: () => number;
}

interface Slot {
  entry: CacheEntry;
  bytes: number;
  partition?: string;
}

/** A bounded, in-process CacheStore. */
export class MemoryCacheStore implements CacheStore {
  private readonly slots = new Map<string, Slot>();
  private readonly partitions = new Map<string, PartitionIndex>();
  private heldBytes = 0;
  private readonly now: () => number;
  private readonly createIndex: PartitionIndexFactory;

  constructor(private readonly options: MemoryCacheStoreOptions) {
    this.now = options.now ?? Date.now;
    this.createIndex = options.createIndex ?? defaultPartitionIndex;
  }

  get(key: string): CacheEntry | undefined {
    const slot = this.slots.get(key);
    if (!slot) return undefined;
    if (slot.entry.expiresAt <= this.now()) {
      this.remove(key, slot);
      return undefined;
    }
    // Most recently used goes to the end of the map's order: eviction takes from the front.
    this.slots.delete(key);
    this.slots.set(key, slot);
    return slot.entry;
  }

  put(key: string, entry: CacheEntry, semantic?: { partition: string; vector: Float32Array }): void {
    const old = this.slots.get(key);
    if (old) this.remove(key, old);
    const bytes = entryBytes(entry) + key.length * 2;
    if (bytes > this.options.maxBytes) return;
    const slot: Slot = { entry, bytes };
    if (semantic) {
      let index = this.partitions.get(semantic.partition);
      if (!index) this.partitions.set(semantic.partition, (index = this.createIndex(semantic.vector.length, this.options.maxVectorsPerPartition)));
      const evicted = index.add(key, semantic.vector);
      slot.partition = semantic.partition;
      if (evicted !== undefined) {
        const gone = this.slots.get(evicted);
        if (gone) this.remove(evicted, gone);
      }
    }
    this.slots.set(key, slot);
    this.heldBytes += bytes;
    for (const [oldestKey, oldest] of this.slots) {
      if (this.heldBytes <= this.options.maxBytes) break;
      this.remove(oldestKey, oldest);
    }
  }

  nearest(partition: string, vector: Float32Array, minSimilarity: number, limit: number): readonly Neighbour[] {
    const index = this.partitions.get(partition);
    if (!index) return [];
    return index.search(vector, minSimilarity, limit).map(({ id, similarity }) => ({ key: id, similarity }));
  }

  async purge(filter: PurgeFilter): Promise<number> {
    let removed = 0;
    for (const [key, slot] of this.slots) {
      if (!matchesPurge(slot.entry, filter)) continue;
      this.remove(key, slot);
      removed++;
    }
    return removed;
  }

  stats(): CacheStoreStats {
    let vectors = 0;
    for (const index of this.partitions.values()) vectors += index.size;
    return { entries: this.slots.size, bytes: this.heldBytes, vectors };
  }

  /** Bytes held by the partition indexes (for the memory figures in docs/cache.md). */
  indexBytes(): number {
    let bytes = 0;
    for (const index of this.partitions.values()) bytes += index.bytes();
    return bytes;
  }

  async close(): Promise<void> {
    this.slots.clear();
    this.partitions.clear();
    this.heldBytes = 0;
  }

  private remove(key: string, slot: Slot): void {
    this.slots.delete(key);
    this.heldBytes -= slot.bytes;
    if (slot.partition === undefined) return;
    const index = this.partitions.get(slot.partition);
    if (!index) return;
    index.delete(key);
    if (index.size === 0) this.partitions.delete(slot.partition);
  }
}
