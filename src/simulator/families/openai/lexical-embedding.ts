/**
 * A deterministic lexical embedding model of the simulator, so measurements through an embeddings
 * alias (scripts/eval-cache.ts) mean something: texts sharing words get similar vectors.
 */

/** Dimensions of a lexical embedding when the request names none. */
export const LEXICAL_DEFAULT_DIMENSIONS = 256;

/** True for model names that ask for the lexical embedding (any name containing `lexical`). */
export function isLexicalModel(model: string): boolean {
  return model.toLowerCase().includes('lexical');
}

function fnv1a(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/**
 * Bag of lower-cased word unigrams and bigrams, signed feature hashing into `dimensions`, unit length
 * (all zeros for a text without words).
 */
export function lexicalEmbedding(text: string, dimensions: number): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  const words: string[] = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const features = words.concat(words.slice(1).map((word, i) => `${words[i]} ${word}`));
  for (const feature of features) {
    const h = fnv1a(feature);
    vector[h % dimensions]! += h & 0x80000000 ? -1 : 1;
  }
  const norm = Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));
  return norm > 0 ? vector.map((value) => value / norm) : vector;
}
