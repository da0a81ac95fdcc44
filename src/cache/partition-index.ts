/** The nearest-neighbour index the stores keep per semantic partition, its default, and a flat one for tests. */
import { VectorIndex } from './vector-index.js';

/** An index over the unit vectors of one partition. */
export interface PartitionIndex {
  /** Adds or replaces a vector; returns the id it evicted to stay within its bound, if any. */
  add(id: string, vector: Float32Array): string | undefined;
  delete(id: string): boolean;
  /** Matches with cosine similarity ≥ minSimilarity, best first, at most `limit`. */
  search(query: Float32Array, minSimilarity: number, limit: number): { id: string; similarity: number }[];
  readonly size: number;
  /** Approximate bytes held. */
  bytes(): number;
}

/** Makes a partition's index for vectors of `dimensions`, holding at most `maxEntries`. */
export type PartitionIndexFactory = (dimensions: number, maxEntries: number) => PartitionIndex;

/** The index every store uses unless told otherwise: flat while small, hashed past 2,000 vectors (vector-index/). */
export const defaultPartitionIndex: PartitionIndexFactory = (dimensions, maxEntries) => new VectorIndex({ dimensions, maxEntries });

/** An exact index that scans every vector: right for small partitions, and the reference in tests. */
export class FlatIndex implements PartitionIndex {
  private readonly vectors = new Map<string, Float32Array>();

  constructor(private readonly maxEntries: number) {}

  add(id: string, vector: Float32Array): string | undefined {
    this.vectors.delete(id);
    this.vectors.set(id, vector);
    if (this.vectors.size <= this.maxEntries) return undefined;
    const oldest = this.vectors.keys().next().value as string;
    this.vectors.delete(oldest);
    return oldest;
  }

  delete(id: string): boolean {
    return this.vectors.delete(id);
  }

  search(query: Float32Array, minSimilarity: number, limit: number): { id: string; similarity: number }[] {
    const found: { id: string; similarity: number }[] = [];
    for (const [id, vector] of this.vectors) {
      if (vector.length !== query.length) continue;
      let dot = 0;
      for (let i = 0; i < vector.length; i++) dot += vector[i]! * query[i]!;
      if (dot >= minSimilarity) found.push({ id, similarity: dot });
    }
    return found.sort((a, b) => b.similarity - a.similarity).slice(0, limit);
  }

  get size(): number {
    return this.vectors.size;
  }

  bytes(): number {
    let bytes = 0;
    for (const [id, vector] of this.vectors) bytes += vector.byteLength + id.length * 2 + 64;
    return bytes;
  }
}
