/**
 * An in-process nearest-neighbour index over the unit vectors of one semantic-cache partition.
 *
 * Design (issue 10): vectors are stored int8-quantised (QuantisedStore). Up to `flatLimit` entries a
 * search scans every slot. Past it, random-hyperplane LSH picks candidates: `tables` tables with
 * `bits`-bit keys (HashBuckets); a query probes its own bucket in every table plus the `flips`
 * one-bit neighbours whose bits it is least sure of, and the candidates are scored exactly against
 * their quantised vectors. Defaults (14 tables × 16 bits, 6 flips) were chosen by the bench
 * (bench/cache-semantic.ts): recall ≥ 99% at cosine ≥ 0.85 on clustered vectors, and on the builtin
 * embedder's vectors of templated questions (hundreds of near-duplicates per question, where 14-bit
 * keys made buckets crowd and the p99 reach 16 ms) a 100k × 256 lookup of about 1 ms at the median. Keys are computed on every insert (an add costs
 * ~20 µs at 256 dims), so crossing the flat limit builds the tables from stored keys in about a
 * millisecond instead of re-hashing every entry.
 */
import { HashBuckets } from './hash-buckets.js';
import { type HashShape, type HyperplaneHasher, hasherFor } from './hyperplanes.js';
import { QuantisedStore } from './quantised-store.js';

/** Options of a VectorIndex; only `dimensions` and `maxEntries` are meant for callers, the rest for tuning. */
export interface VectorIndexOptions {
  dimensions: number;
  maxEntries: number;
  /** Entries up to which a search scans flat instead of using the hash tables. */
  flatLimit?: number;
  /** Number of LSH tables. */
  tables?: number;
  /** Bits per LSH key (at most 16). */
  bits?: number;
  /** One-bit neighbours of the query's key probed per table, the bits whose projections are nearest zero first. */
  flips?: number;
}

/** One search result. */
export interface VectorMatch {
  id: string;
  similarity: number;
}

const INITIAL_CAPACITY = 64;

/** An in-process nearest-neighbour index over unit vectors of one cache partition, bounded in entries. */
export class VectorIndex {
  private readonly dimensions: number;
  private readonly maxEntries: number;
  private readonly flatLimit: number;
  private readonly shape: HashShape;
  private readonly hasher: HyperplaneHasher;
  private readonly store: QuantisedStore;
  /** id → slot, in insertion order: the first key is the oldest entry. */
  private readonly slots = new Map<string, number>();
  private ids: (string | undefined)[] = [];
  private keys: Uint16Array;
  private seen: Uint32Array;
  private epoch = 0;
  /** Slots [0, used) have been handed out; freed ones below it wait in `free`. */
  private used = 0;
  private free: number[] = [];
  private buckets: HashBuckets | undefined;
  private readonly query: Float32Array;
  private readonly flips: number;

  constructor(options: VectorIndexOptions) {
    const { dimensions, maxEntries } = options;
    if (!Number.isInteger(dimensions) || dimensions < 1) throw new Error(`VectorIndex: dimensions must be a positive integer, got ${dimensions}`);
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new Error(`VectorIndex: maxEntries must be a positive integer, got ${maxEntries}`);
    const bits = options.bits ?? 16;
    if (bits < 1 || bits > 16) throw new Error(`VectorIndex: bits must be between 1 and 16, got ${bits}`);
    this.dimensions = dimensions;
    this.maxEntries = maxEntries;
    this.flatLimit = options.flatLimit ?? 2_000;
    this.shape = { dimensions, tables: options.tables ?? 14, bits };
    this.hasher = hasherFor(this.shape);
    const capacity = Math.min(INITIAL_CAPACITY, maxEntries);
    this.store = new QuantisedStore(dimensions, capacity);
    this.keys = new Uint16Array(capacity * this.shape.tables);
    this.seen = new Uint32Array(capacity);
    this.query = new Float32Array(dimensions);
    this.flips = Math.min(bits, options.flips ?? 6);
  }

  /** Adds or replaces a vector (unit length Float32Array of `dimensions`); evicts the oldest entry when full and returns its id. */
  add(id: string, vector: Float32Array): string | undefined {
    this.checkVector(vector, 'add');
    // A re-added id is a new entry: it goes to the back of the eviction order.
    this.delete(id);
    let evicted: string | undefined;
    if (this.slots.size >= this.maxEntries) {
      evicted = this.slots.keys().next().value as string;
      this.delete(evicted);
    }
    const slot = this.takeSlot();
    this.store.write(slot, vector);
    this.hasher.hashInto(vector, this.keys, slot * this.shape.tables);
    this.ids[slot] = id;
    this.slots.set(id, slot);
    if (this.buckets) this.buckets.insert(slot, this.keys);
    else if (this.slots.size > this.flatLimit) this.buildBuckets();
    return evicted;
  }

  /** Removes an entry; false when the id was not there. */
  delete(id: string): boolean {
    const slot = this.slots.get(id);
    if (slot === undefined) return false;
    this.slots.delete(id);
    this.buckets?.remove(slot, this.keys);
    this.ids[slot] = undefined;
    this.free.push(slot);
    this.shrinkIfSparse();
    return true;
  }

  /** Whether the id is stored. */
  has(id: string): boolean {
    return this.slots.has(id);
  }

  /** The best matches with cosine similarity ≥ minSimilarity, best first, at most `limit`. */
  search(query: Float32Array, minSimilarity: number, limit: number): VectorMatch[] {
    this.checkVector(query, 'search');
    if (limit <= 0 || this.slots.size === 0) return [];
    const unit = this.normalisedQuery(query);
    const matches: VectorMatch[] = [];
    if (!this.buckets) {
      for (let slot = 0; slot < this.used; slot++) {
        const id = this.ids[slot];
        if (id === undefined) continue;
        const similarity = this.store.similarity(unit, slot);
        if (similarity >= minSimilarity) matches.push({ id, similarity });
      }
    } else {
      this.searchBuckets(this.buckets, unit, minSimilarity, matches);
    }
    matches.sort((a, b) => b.similarity - a.similarity);
    if (matches.length > limit) matches.length = limit;
    return matches;
  }

  /** Number of entries held. */
  get size(): number {
    return this.slots.size;
  }

  /** Approximate bytes held (vectors, codes, ids, structures), for memory accounting. */
  bytes(): number {
    let idBytes = 0;
    // A V8 string costs a header (~16 bytes) plus 1 or 2 bytes per character; assume 2 to stay on the safe side.
    for (const id of this.slots.keys()) idBytes += 16 + 2 * id.length;
    const slotTable = this.slots.size * 32 + this.ids.length * 8 + this.free.length * 8;
    return this.store.bytes() + this.keys.byteLength + this.seen.byteLength + this.query.byteLength + idBytes + slotTable + (this.buckets?.bytes() ?? 0);
  }

  private searchBuckets(buckets: HashBuckets, unit: Float32Array, minSimilarity: number, matches: VectorMatch[]): void {
    const { tables, bits } = this.shape;
    const queryKeys = new Uint16Array(tables);
    this.hasher.hashInto(unit, queryKeys, 0);
    // An epoch per search marks slots already scored, so clearing `seen` is needed only on wrap-around.
    if (++this.epoch === 0xffffffff) {
      this.seen.fill(0);
      this.epoch = 1;
    }
    const epoch = this.epoch;
    const projections = this.hasher.projections;
    const order = new Int32Array(bits);
    for (let table = 0; table < tables; table++) {
      const key = queryKeys[table]!;
      this.scanChain(buckets, table, key, unit, minSimilarity, matches, epoch);
      if (this.flips === 0) continue;
      // The bits where the query sits closest to the hyperplane are the likeliest to differ for a near neighbour.
      for (let bit = 0; bit < bits; bit++) order[bit] = bit;
      const base = table * bits;
      if (this.flips < bits) order.sort((x, y) => Math.abs(projections[base + x]!) - Math.abs(projections[base + y]!));
      for (let f = 0; f < this.flips; f++) this.scanChain(buckets, table, key ^ (1 << order[f]!), unit, minSimilarity, matches, epoch);
    }
  }

  private scanChain(buckets: HashBuckets, table: number, key: number, unit: Float32Array, minSimilarity: number, matches: VectorMatch[], epoch: number): void {
    const seen = this.seen;
    for (let slot = buckets.first(table, key); slot >= 0; slot = buckets.following(table, slot)) {
      if (seen[slot] === epoch) continue;
      seen[slot] = epoch;
      const similarity = this.store.similarity(unit, slot);
      if (similarity >= minSimilarity) matches.push({ id: this.ids[slot]!, similarity });
    }
  }

  private checkVector(vector: Float32Array, operation: string): void {
    if (!(vector instanceof Float32Array)) throw new Error(`VectorIndex.${operation}: the vector must be a Float32Array`);
    if (vector.length !== this.dimensions) {
      throw new Error(`VectorIndex.${operation}: the vector has ${vector.length} dimensions, this index holds ${this.dimensions}`);
    }
    let norm = 0;
    for (let i = 0; i < vector.length; i++) norm += vector[i]! * vector[i]!;
    if (!Number.isFinite(norm) || norm === 0) throw new Error(`VectorIndex.${operation}: the vector must be finite and non-zero`);
  }

  /** The query scaled to unit length, so similarities are cosines even for a slightly unnormalised input. */
  private normalisedQuery(query: Float32Array): Float32Array {
    let norm = 0;
    for (let i = 0; i < query.length; i++) norm += query[i]! * query[i]!;
    const scale = 1 / Math.sqrt(norm);
    const unit = this.query;
    for (let i = 0; i < query.length; i++) unit[i] = query[i]! * scale;
    return unit;
  }

  private takeSlot(): number {
    const reused = this.free.pop();
    if (reused !== undefined) return reused;
    if (this.used === this.store.capacity) this.resize(Math.min(this.maxEntries, this.store.capacity * 2));
    return this.used++;
  }

  private resize(capacity: number): void {
    this.store.resize(capacity, this.used);
    const keys = new Uint16Array(capacity * this.shape.tables);
    keys.set(this.keys.subarray(0, this.used * this.shape.tables));
    this.keys = keys;
    this.seen = new Uint32Array(capacity);
    this.epoch = 0;
    this.buckets?.resize(capacity);
  }

  private buildBuckets(): void {
    const buckets = new HashBuckets(this.shape.tables, this.shape.bits, this.store.capacity);
    for (const slot of this.slots.values()) buckets.insert(slot, this.keys);
    this.buckets = buckets;
  }

  /**
   * After many deletions, moves the live entries to the front and shrinks the arrays, so a partition
   * that emptied out gives its memory back. Runs when at most a quarter of the capacity is live, so
   * its O(n) cost is paid at most once per n deletions.
   */
  private shrinkIfSparse(): void {
    const live = this.slots.size;
    if (this.buckets && live < this.flatLimit / 2) this.buckets = undefined;
    if (this.store.capacity <= INITIAL_CAPACITY || live > this.store.capacity / 4) return;
    let next = 0;
    const tables = this.shape.tables;
    // In slot order, so a live slot is only ever moved down onto one already emptied or moved.
    for (let slot = 0; slot < this.used; slot++) {
      const id = this.ids[slot];
      if (id === undefined) continue;
      if (slot !== next) {
        this.store.move(slot, next);
        this.keys.copyWithin(next * tables, slot * tables, (slot + 1) * tables);
        this.ids[next] = id;
        // Updating an existing key keeps its place in the Map, so the eviction order survives.
        this.slots.set(id, next);
      }
      next++;
    }
    this.used = next;
    this.ids.length = next;
    this.free = [];
    this.resize(Math.max(INITIAL_CAPACITY, Math.min(this.maxEntries, next * 2)));
    if (this.buckets) this.buildBuckets();
  }
}
