/**
 * The builtin embedder: runs in process, no network, no model download. A text's vector is the sum of
 * its hashed features, each weighted by its bucket's fitted IDF and its group's fitted weight, scaled
 * to unit length. The weights come from scripts/fit-cache-embedder.ts (weights.generated.ts).
 */
import { BUILTIN_DIMENSIONS, GROUP_COUNT, IDF_BUCKET_BITS, visitFeatures } from './features.js';
import { BUILTIN_WEIGHTS } from './weights.generated.js';

/** Fitted weights: one IDF per hash bucket (quantised, value / IDF_SCALE) and one weight per feature group. */
export interface EmbedderWeights {
  idf: Uint8Array;
  groupWeights: readonly number[];
}

/** IDF values are stored as round(idf * IDF_SCALE) in one byte. */
export const IDF_SCALE = 16;

/** Decodes the committed weights; throws if they do not fit the feature layout. */
export function decodeWeights(idfBase64: string, groupWeights: readonly number[]): EmbedderWeights {
  const idf = new Uint8Array(Buffer.from(idfBase64, 'base64'));
  if (idf.length !== 1 << IDF_BUCKET_BITS || groupWeights.length !== GROUP_COUNT) {
    throw new Error('builtin embedder weights do not match the feature layout; rerun scripts/fit-cache-embedder.ts');
  }
  return { idf, groupWeights };
}

const WEIGHTS = decodeWeights(BUILTIN_WEIGHTS.idfBase64, BUILTIN_WEIGHTS.groupWeights);

export { BUILTIN_DIMENSIONS };
/** Changes whenever the weights change; cache entries are keyed by it. */
export const BUILTIN_EMBEDDER_VERSION: string = BUILTIN_WEIGHTS.version;

/** Embeds `text` with the given weights: unit length (all zeros only for text without any feature). */
export function embedWithWeights(text: string, weights: EmbedderWeights): Float32Array {
  const vector = new Float32Array(BUILTIN_DIMENSIONS);
  const { idf, groupWeights } = weights;
  visitFeatures(text, (group, bucket, dimension, sign) => {
    vector[dimension]! += sign * groupWeights[group]! * (idf[bucket]! / IDF_SCALE);
  });
  let norm = 0;
  for (let i = 0; i < vector.length; i++) norm += vector[i]! * vector[i]!;
  if (norm > 0) {
    const scale = 1 / Math.sqrt(norm);
    for (let i = 0; i < vector.length; i++) vector[i]! *= scale;
  }
  return vector;
}

/** Embeds `text` with the committed weights: a deterministic unit-length vector of BUILTIN_DIMENSIONS. */
export function embedText(text: string): Float32Array {
  return embedWithWeights(text, WEIGHTS);
}

/** Cosine similarity of two unit-length vectors (their dot product). */
export function cosineOfUnit(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot;
}
