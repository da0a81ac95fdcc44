/**
 * The LSH tables as intrusive doubly linked lists in typed arrays: per table a head slot per key,
 * and per slot a next and a previous slot in each table. Insert and delete are O(tables) with no
 * per-bucket objects, so the tables cost 8 bytes per entry per table plus a fixed 4 bytes per key
 * per table, and the garbage collector never sees them. Built only once a partition is past the
 * flat-scan size, from keys already computed at insert time, so building never re-hashes.
 */

const NONE = -1;

/** Per-table chains of slots sharing a key. */
export class HashBuckets {
  private readonly tables: number;
  private readonly bits: number;
  private readonly heads: Int32Array;
  private next: Int32Array;
  private previous: Int32Array;

  constructor(tables: number, bits: number, capacity: number) {
    this.tables = tables;
    this.bits = bits;
    this.heads = new Int32Array(tables << bits).fill(NONE);
    this.next = new Int32Array(tables * capacity);
    this.previous = new Int32Array(tables * capacity);
  }

  /** Grows the per-slot links to `capacity` slots (slots keep their numbers). */
  resize(capacity: number): void {
    const next = new Int32Array(this.tables * capacity);
    next.set(this.next.subarray(0, Math.min(this.next.length, next.length)));
    const previous = new Int32Array(this.tables * capacity);
    previous.set(this.previous.subarray(0, Math.min(this.previous.length, previous.length)));
    this.next = next;
    this.previous = previous;
  }

  /** Links `slot` under its key in every table; `keys[slot * tables + t]` is its key in table t. */
  insert(slot: number, keys: Uint16Array): void {
    const tables = this.tables;
    for (let table = 0; table < tables; table++) {
      const link = slot * tables + table;
      const head = (table << this.bits) | keys[link]!;
      const first = this.heads[head]!;
      this.next[link] = first;
      this.previous[link] = NONE;
      if (first !== NONE) this.previous[first * tables + table] = slot;
      this.heads[head] = slot;
    }
  }

  /** Unlinks `slot` from every table. */
  remove(slot: number, keys: Uint16Array): void {
    const tables = this.tables;
    for (let table = 0; table < tables; table++) {
      const link = slot * tables + table;
      const after = this.next[link]!;
      const before = this.previous[link]!;
      if (before === NONE) this.heads[(table << this.bits) | keys[link]!] = after;
      else this.next[before * tables + table] = after;
      if (after !== NONE) this.previous[after * tables + table] = before;
    }
  }

  /** The first slot in table `table` under `key`, or -1. */
  first(table: number, key: number): number {
    return this.heads[(table << this.bits) | key]!;
  }

  /** The slot after `slot` in its chain of table `table`, or -1. */
  following(table: number, slot: number): number {
    return this.next[slot * this.tables + table]!;
  }

  /** Bytes held. */
  bytes(): number {
    return this.heads.byteLength + this.next.byteLength + this.previous.byteLength;
  }
}
