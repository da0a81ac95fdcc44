/**
 * Hashed text features of the builtin embedder: character n-grams of the normalised text, word
 * unigrams, bigrams and trigrams, and content-word unigrams, bigrams and character n-grams (function
 * words dropped, see content-words.ts), each hashed to a weight bucket (its fitted IDF) and to a signed dimension.
 */
import { contentWords, expandContractions } from './content-words.js';
import { normalizeText, wordUnits } from './normalize.js';

/** Feature groups, in the order of the fitted group weights. */
export const FEATURE_GROUPS = [
  'char1',
  'char2',
  'char3',
  'char4',
  'char5',
  'word1',
  'word2',
  'word3',
  'content1',
  'content2',
  'contentChar3',
  'contentChar4',
] as const;
/** Number of feature groups. */
export const GROUP_COUNT = FEATURE_GROUPS.length;
/** Bits of the IDF bucket index (the weight table has 2^bits entries). */
export const IDF_BUCKET_BITS = 16;
/** Dimensions of the builtin embedding; small so 100,000 vectors per scope scan fast. */
export const BUILTIN_DIMENSIONS = 256;

const WORD1 = 5;
const WORD2 = 6;
const WORD3 = 7;
const CONTENT1 = 8;
const CONTENT2 = 9;
const CONTENT_CHAR3 = 10;
const CONTENT_CHAR4 = 11;
const FNV_OFFSET = 2166136261;
const FNV_PRIME = 16777619;

/** Receives one feature: its group, IDF bucket, dimension and sign (+1 or -1). */
export type FeatureVisitor = (group: number, bucket: number, dimension: number, sign: number) => void;

function emit(hash: number, group: number, visit: FeatureVisitor): void {
  // A second, mixed hash picks dimension and sign independently of the bucket bits.
  let m = hash ^ (hash >>> 16);
  m = Math.imul(m, 0x85ebca6b);
  m ^= m >>> 13;
  m = Math.imul(m, 0xc2b2ae35);
  m ^= m >>> 16;
  visit(group, hash & ((1 << IDF_BUCKET_BITS) - 1), (m >>> 1) % BUILTIN_DIMENSIONS, m & 1 ? 1 : -1);
}

function hashRange(text: string, start: number, end: number, seed: number): number {
  let h = Math.imul(FNV_OFFSET ^ seed, FNV_PRIME);
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h >>> 0;
}

/** Calls `visit` for every feature of `text` (normalised first); deterministic. */
export function visitFeatures(text: string, visit: FeatureVisitor): void {
  const normalized = expandContractions(normalizeText(text));
  if (normalized === '') return;
  const padded = ` ${normalized} `;
  for (let n = 1; n <= 5; n++) {
    for (let i = 0; i + n <= padded.length; i++) {
      if (n === 1 && padded.charCodeAt(i) === 32) continue;
      emit(hashRange(padded, i, i + n, n), n - 1, visit);
    }
  }
  const units = wordUnits(normalized);
  for (let i = 0; i < units.length; i++) {
    const unit = units[i]!;
    emit(hashRange(unit, 0, unit.length, 101), WORD1, visit);
    if (i + 1 < units.length) {
      const pair = `${unit} ${units[i + 1]!}`;
      emit(hashRange(pair, 0, pair.length, 102), WORD2, visit);
    }
    if (i + 2 < units.length) {
      const triple = `${unit} ${units[i + 1]!} ${units[i + 2]!}`;
      emit(hashRange(triple, 0, triple.length, 103), WORD3, visit);
    }
  }
  const content = contentWords(units);
  for (let i = 0; i < content.length; i++) {
    const word = content[i]!;
    emit(hashRange(word, 0, word.length, 201), CONTENT1, visit);
    if (i + 1 < content.length) {
      const pair = `${word} ${content[i + 1]!}`;
      emit(hashRange(pair, 0, pair.length, 202), CONTENT2, visit);
    }
  }
  const joined = ` ${content.join(' ')} `;
  if (content.length > 0) {
    for (let i = 0; i + 3 <= joined.length; i++) emit(hashRange(joined, i, i + 3, 203), CONTENT_CHAR3, visit);
    for (let i = 0; i + 4 <= joined.length; i++) emit(hashRange(joined, i, i + 4, 204), CONTENT_CHAR4, visit);
  }
}
