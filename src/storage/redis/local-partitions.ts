/**
 * The semantic partitions one replica holds in process for the Redis cache store: an index per
 * partition it has searched, with how far it has read the partition's Redis stream. Bounded in
 * partitions and in vectors overall; the least recently searched partition goes first (it is
 * read again from Redis when next searched).
 */
import type { PartitionIndex, PartitionIndexFactory } from '../../cache/partition-index.js';

/** One partition held in process. */
export interface LocalPartition {
  readonly name: string;
  readonly dimensions: number;
  readonly index: PartitionIndex;
  /** The keys in the index (to forget them when the partition goes). */
  readonly keys: Set<string>;
  /** The last stream id read; undefined before the first read. */
  lastId?: string;
  /** When the stream was last read to its end (ms). */
  syncedAt: number;
  /** The read in flight, which concurrent lookups share. */
  pulling?: Promise<void>;
}

/** The bounds of the in-process partitions. */
export interface LocalPartitionOptions {
  maxPartitions: number;
  /** Vectors across every partition. */
  maxVectors: number;
  maxVectorsPerPartition: number;
  createIndex: PartitionIndexFactory;
}

/** The partitions held in process, least recently used first. */
export class LocalPartitions {
  private readonly partitions = new Map<string, LocalPartition>();
  /** Which partition holds each key's vector: purges and misses drop it. */
  private readonly homes = new Map<string, LocalPartition>();
  private vectorCount = 0;

  constructor(private readonly options: LocalPartitionOptions) {}

  /** The partition if held, marked most recently used. */
  get(name: string): LocalPartition | undefined {
    const partition = this.partitions.get(name);
    if (!partition) return undefined;
    this.partitions.delete(name);
    this.partitions.set(name, partition);
    return partition;
  }

  /** Whether this exact partition object is still held (a read that finishes after eviction adds nothing). */
  holds(partition: LocalPartition): boolean {
    return this.partitions.get(partition.name) === partition;
  }

  /** A new, empty partition (nothing read yet), evicting the least recently used beyond the bound. */
  open(name: string, dimensions: number): LocalPartition {
    const old = this.partitions.get(name);
    if (old) this.evict(old);
    const partition: LocalPartition = {
      name,
      dimensions,
      index: this.options.createIndex(dimensions, this.options.maxVectorsPerPartition),
      keys: new Set(),
      syncedAt: Number.NEGATIVE_INFINITY,
    };
    this.partitions.set(name, partition);
    this.trim(partition);
    return partition;
  }

  /** Adds (or replaces) a key's vector in a held partition. */
  add(partition: LocalPartition, key: string, vector: Float32Array): void {
    if (!this.holds(partition) || vector.length !== partition.dimensions) return;
    const home = this.homes.get(key);
    if (home && home !== partition) this.drop(key);
    if (!partition.keys.has(key)) {
      partition.keys.add(key);
      this.vectorCount++;
    }
    this.homes.set(key, partition);
    const evicted = partition.index.add(key, vector);
    if (evicted !== undefined && partition.keys.delete(evicted)) {
      this.homes.delete(evicted);
      this.vectorCount--;
    }
    this.trim(partition);
  }

  /** Forgets a key's vector wherever it is held; true when it was. */
  drop(key: string): boolean {
    const home = this.homes.get(key);
    if (!home) return false;
    this.homes.delete(key);
    home.index.delete(key);
    if (home.keys.delete(key)) this.vectorCount--;
    return true;
  }

  /** Vectors held across partitions. */
  get vectors(): number {
    return this.vectorCount;
  }

  /** Partitions held. */
  get size(): number {
    return this.partitions.size;
  }

  clear(): void {
    this.partitions.clear();
    this.homes.clear();
    this.vectorCount = 0;
  }

  /** Evicts least recently used partitions (never `keep`) until both bounds hold. */
  private trim(keep: LocalPartition): void {
    for (const partition of this.partitions.values()) {
      if (this.partitions.size <= this.options.maxPartitions && this.vectorCount <= this.options.maxVectors) return;
      if (partition !== keep) this.evict(partition);
    }
  }

  private evict(partition: LocalPartition): void {
    this.partitions.delete(partition.name);
    for (const key of partition.keys) if (this.homes.get(key) === partition) this.homes.delete(key);
    this.vectorCount -= partition.keys.size;
  }
}
