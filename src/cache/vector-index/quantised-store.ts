/**
 * Slot storage for the index: each vector kept as int8 codes (scaled by its own largest component)
 * plus the inverse norm of those codes, so a similarity is one int8 × float dot product and is the
 * exact cosine between the query and the quantised direction (about 1e-3 from the original's).
 * A quarter of float32's bytes; grows by doubling and can shrink back after deletions.
 */

/** Quantised vectors in numbered slots. */
export class QuantisedStore {
  readonly dimensions: number;
  codes: Int8Array;
  inverseNorms: Float32Array;

  constructor(dimensions: number, capacity: number) {
    this.dimensions = dimensions;
    this.codes = new Int8Array(capacity * dimensions);
    this.inverseNorms = new Float32Array(capacity);
  }

  /** How many slots the arrays hold. */
  get capacity(): number {
    return this.inverseNorms.length;
  }

  /** Reallocates to `capacity` slots, keeping slots [0, keep). */
  resize(capacity: number, keep: number): void {
    const codes = new Int8Array(capacity * this.dimensions);
    codes.set(this.codes.subarray(0, keep * this.dimensions));
    const inverseNorms = new Float32Array(capacity);
    inverseNorms.set(this.inverseNorms.subarray(0, keep));
    this.codes = codes;
    this.inverseNorms = inverseNorms;
  }

  /** Quantises `vector` into `slot`. The caller has checked it is finite and non-zero. */
  write(slot: number, vector: Float32Array): void {
    const dimensions = this.dimensions;
    let largest = 0;
    for (let i = 0; i < dimensions; i++) largest = Math.max(largest, Math.abs(vector[i]!));
    const scale = 127 / largest;
    const base = slot * dimensions;
    let norm = 0;
    for (let i = 0; i < dimensions; i++) {
      const code = Math.round(vector[i]! * scale);
      this.codes[base + i] = code;
      norm += code * code;
    }
    this.inverseNorms[slot] = 1 / Math.sqrt(norm);
  }

  /** Moves slot `from` into slot `to` (for compaction). */
  move(from: number, to: number): void {
    const dimensions = this.dimensions;
    this.codes.copyWithin(to * dimensions, from * dimensions, (from + 1) * dimensions);
    this.inverseNorms[to] = this.inverseNorms[from]!;
  }

  /** Cosine similarity between a unit `query` and the vector in `slot`. */
  similarity(query: Float32Array, slot: number): number {
    const codes = this.codes;
    const dimensions = this.dimensions;
    const base = slot * dimensions;
    let a = 0;
    let b = 0;
    let c = 0;
    let d = 0;
    let i = 0;
    // Four running sums let the CPU overlap the multiply-adds; dimensions are usually a multiple of 4.
    for (; i + 3 < dimensions; i += 4) {
      a += codes[base + i]! * query[i]!;
      b += codes[base + i + 1]! * query[i + 1]!;
      c += codes[base + i + 2]! * query[i + 2]!;
      d += codes[base + i + 3]! * query[i + 3]!;
    }
    for (; i < dimensions; i++) a += codes[base + i]! * query[i]!;
    return (a + b + c + d) * this.inverseNorms[slot]!;
  }

  /** Bytes held by the arrays. */
  bytes(): number {
    return this.codes.byteLength + this.inverseNorms.byteLength;
  }
}
