/**
 * Random-hyperplane hashing (sign random projections): two unit vectors at angle θ fall on the same
 * side of a random hyperplane with probability 1 − θ/π, so near-duplicates share buckets far more
 * often than unrelated vectors. Instead of a dense matrix of Gaussian normals (tables × bits × dims
 * multiply-adds per vector, ~150 µs at 256 dims), the projections come from a pseudo-random rotation
 * built of three rounds of random sign flips and a fast Walsh–Hadamard transform, which costs
 * O(dims · log dims) and behaves like a random rotation for this purpose. Each rotation yields one
 * projection per (padded) dimension; enough independent rotations are drawn to cover every key bit.
 * The signs come from a fixed seed, so all indexes of one shape hash alike and share one hasher.
 */
import { seededRandom } from '../../core/seeded-random.js';

/** The shape of a family of hash tables: `tables` keys of `bits` bits each over `dimensions`-long vectors. */
export interface HashShape {
  dimensions: number;
  tables: number;
  bits: number;
}

const ROUNDS = 3;
const sharedHashers = new Map<string, HyperplaneHasher>();

/** In-place unnormalised Walsh–Hadamard transform of a power-of-two-long array. */
function walshHadamard(a: Float64Array): void {
  const n = a.length;
  for (let half = 1; half < n; half <<= 1) {
    for (let start = 0; start < n; start += half << 1) {
      for (let j = start; j < start + half; j++) {
        const x = a[j]!;
        const y = a[j + half]!;
        a[j] = x + y;
        a[j + half] = x - y;
      }
    }
  }
}

/** Computes the LSH keys of vectors for one shape. */
export class HyperplaneHasher {
  readonly shape: HashShape;
  private readonly padded: number;
  private readonly rotations: number;
  private readonly signs: Float64Array;
  private readonly scratch: Float64Array;
  /** Projections of the last hashed vector, one per key bit (table-major); search uses their magnitudes. */
  readonly projections: Float64Array;

  constructor(shape: HashShape) {
    this.shape = shape;
    let padded = 1;
    while (padded < shape.dimensions) padded <<= 1;
    this.padded = padded;
    this.rotations = Math.ceil((shape.tables * shape.bits) / padded);
    const random = seededRandom(0x5eed ^ shape.dimensions);
    this.signs = new Float64Array(this.rotations * ROUNDS * padded);
    for (let i = 0; i < this.signs.length; i++) this.signs[i] = random() < 0.5 ? -1 : 1;
    this.scratch = new Float64Array(padded);
    this.projections = new Float64Array(this.rotations * padded);
  }

  /** Writes one `bits`-bit key per table for `vector` into `keys` at `offset`, and leaves the projections in `projections`. */
  hashInto(vector: Float32Array, keys: Uint16Array, offset: number): void {
    const { dimensions, tables, bits } = this.shape;
    const padded = this.padded;
    const a = this.scratch;
    for (let r = 0; r < this.rotations; r++) {
      a.fill(0);
      for (let i = 0; i < dimensions; i++) a[i] = vector[i]!;
      for (let round = 0; round < ROUNDS; round++) {
        const signs = (r * ROUNDS + round) * padded;
        for (let i = 0; i < padded; i++) a[i] = a[i]! * this.signs[signs + i]!;
        walshHadamard(a);
      }
      this.projections.set(a, r * padded);
    }
    let at = 0;
    for (let table = 0; table < tables; table++) {
      let key = 0;
      for (let bit = 0; bit < bits; bit++, at++) if (this.projections[at]! >= 0) key |= 1 << bit;
      keys[offset + table] = key;
    }
  }
}

/** The hasher for a shape, shared across indexes (it holds only constants and a scratch buffer; everything is synchronous). */
export function hasherFor(shape: HashShape): HyperplaneHasher {
  const name = `${shape.dimensions}:${shape.tables}:${shape.bits}`;
  let hasher = sharedHashers.get(name);
  if (!hasher) {
    hasher = new HyperplaneHasher(shape);
    sharedHashers.set(name, hasher);
  }
  return hasher;
}

/** The probability that a pair at cosine `similarity` shares at least one probed bucket (own key or `flips` one-bit neighbours) in some table. */
export function collisionProbability(shape: HashShape, similarity: number, flips = shape.bits): number {
  const agree = 1 - Math.acos(Math.max(-1, Math.min(1, similarity))) / Math.PI;
  const perTable = agree ** shape.bits + flips * agree ** (shape.bits - 1) * (1 - agree);
  return 1 - (1 - perTable) ** shape.tables;
}
