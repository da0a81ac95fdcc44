/**
 * Synthetic data for the semantic-lookup bench: vectors shaped like sentence embeddings (a shared
 * direction every vector leans toward, topic centroids, noise) with planted near-duplicates, and
 * question texts in topics with paraphrases, for runs through a real embedder.
 */
import { seededRandom } from '../../src/core/seeded-random.js';

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** Scales `v` to unit length in place and returns it. */
export function normalise(v: Float32Array): Float32Array {
  let norm = 0;
  for (let i = 0; i < v.length; i++) norm += v[i]! * v[i]!;
  const scale = 1 / Math.sqrt(norm);
  for (let i = 0; i < v.length; i++) v[i] = v[i]! * scale;
  return v;
}

function randomUnit(random: () => number, dims: number): Float32Array {
  const v = new Float32Array(dims);
  for (let i = 0; i < dims; i++) v[i] = gaussian(random);
  return normalise(v);
}

/** A unit vector at cosine `similarity` from the unit vector `base`, in a random direction. */
export function nearDuplicate(random: () => number, base: Float32Array, similarity: number): Float32Array {
  const u = randomUnit(random, base.length);
  let along = 0;
  for (let i = 0; i < base.length; i++) along += u[i]! * base[i]!;
  for (let i = 0; i < base.length; i++) u[i] = u[i]! - along * base[i]!;
  normalise(u);
  const side = Math.sqrt(1 - similarity * similarity);
  const v = new Float32Array(base.length);
  for (let i = 0; i < base.length; i++) v[i] = similarity * base[i]! + side * u[i]!;
  return normalise(v);
}

/** Draws clustered vectors: each leans on a common direction and on one of `topics` centroids, by a per-topic weight. */
export class ClusteredVectors {
  private readonly random: () => number;
  private readonly common: Float32Array;
  private readonly centroids: Float32Array[];
  private readonly weights: number[];

  constructor(
    readonly dims: number,
    topics: number,
    seed: number,
  ) {
    this.random = seededRandom(seed);
    this.common = randomUnit(this.random, dims);
    this.centroids = Array.from({ length: topics }, () => randomUnit(this.random, dims));
    // Topic weights from 0.6 to 1.2 put two vectors of one topic at cosine ~0.3–0.6, and any two at ~0.1–0.2 through the common direction.
    this.weights = this.centroids.map(() => 0.6 + 0.6 * this.random());
  }

  /** A fresh vector of a random topic. */
  next(): Float32Array {
    const topic = Math.floor(this.random() * this.centroids.length);
    const centroid = this.centroids[topic]!;
    const weight = this.weights[topic]!;
    const v = randomUnit(this.random, this.dims);
    for (let i = 0; i < this.dims; i++) v[i] = v[i]! + weight * centroid[i]! + 0.4 * this.common[i]!;
    return normalise(v);
  }

  /** A near-duplicate of `base` at a cosine drawn uniformly from [low, high]. */
  nearDuplicateOf(base: Float32Array, low: number, high: number): Float32Array {
    return nearDuplicate(this.random, base, low + (high - low) * this.random());
  }

  /** A uniform draw in [0, 1) from the same stream. */
  uniform(): number {
    return this.random();
  }
}

const SUBJECTS = ['a refund', 'my password', 'the invoice', 'an API key', 'the billing address', 'a team member', 'the rate limit', 'a webhook'];
const VERBS = ['reset', 'change', 'cancel', 'find', 'update', 'delete', 'export', 'rotate', 'configure', 'request'];
const PLACES = ['in the dashboard', 'from the CLI', 'on mobile', 'for my organisation', 'via the API', 'without admin rights', 'after a migration'];
const OPENERS = ['How do I', 'How can I', 'What is the way to', 'Is it possible to', 'Can you tell me how to'];
const TAILS = ['', '?', ' please', ' quickly', ' today'];

/** Question texts from a small grammar; `paraphrase` rewords one keeping its meaning. */
export class QuestionTexts {
  private readonly random: () => number;

  constructor(seed: number) {
    this.random = seededRandom(seed);
  }

  private pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.random() * list.length)]!;
  }

  /** A new question; the number suffix keeps many of them distinct. */
  next(): string {
    return `${this.pick(OPENERS)} ${this.pick(VERBS)} ${this.pick(SUBJECTS)} ${this.pick(PLACES)} (case ${Math.floor(this.random() * 1e6)})${this.pick(TAILS)}`;
  }

  /** The same question with another opener and tail. */
  paraphrase(text: string): string {
    const body = text
      .replace(/^(How do I|How can I|What is the way to|Is it possible to|Can you tell me how to) /, '')
      .replace(/(\?| please| quickly| today)$/, '');
    return `${this.pick(OPENERS)} ${body}${this.pick(TAILS)}`;
  }
}
