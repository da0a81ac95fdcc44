/**
 * Hashed features of a normalised view for the injection classifier: character 3-, 4- and
 * 5-grams and word uni- and bigrams, each hashed (FNV-1a) into one of 2^INJECTION_BUCKET_BITS
 * weight buckets. Shared by the classifier and scripts/train-injection-classifier.ts so both see
 * the same features.
 */

/** Bits of the bucket index: 2^16 weights, one byte each once quantised. */
export const INJECTION_BUCKET_BITS = 16;
/** Number of weight buckets. */
export const INJECTION_BUCKETS = 1 << INJECTION_BUCKET_BITS;
/**
 * The classifier reads segments of at most this many characters: a text up to it is one
 * segment; a longer one is read as its head, its tail and evenly spaced windows in between.
 */
export const SEGMENT_CHARS = 2_048;
/** Windows read between the head and the tail of a long text. */
export const MIDDLE_WINDOWS = 2;

const MASK = INJECTION_BUCKETS - 1;
const FNV_OFFSET = 2166136261;
const FNV_PRIME = 16777619;
const WORD_SEED = 0x9e3779b9;
const BIGRAM_SEED = 0x7f4a7c15;

function isWordChar(code: number): boolean {
  // ASCII letters and digits, and every non-ASCII code unit (letters of other scripts; punctuation there is rare after NFKC).
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39) || code > 0x7f;
}

/** Upper bound of the features of one segment: three character n-grams, a word and a bigram per character. */
const MAX_SEGMENT_FEATURES = 5 * (SEGMENT_CHARS + 2);
// One stamp byte per bucket (64 KiB, stays in cache) marks the buckets seen by the current call; cleared every 255 calls.
const seenStamp = new Uint8Array(INJECTION_BUCKETS);
let generation = 0;
const scratch = new Int32Array(MAX_SEGMENT_FEATURES);
const codes = new Uint16Array(SEGMENT_CHARS + 2);

/**
 * The distinct feature buckets of one segment of a normalised view (at most SEGMENT_CHARS
 * characters are read), in first-seen order, each feature counted once (presence, not
 * frequency). The result is a view of a shared buffer, valid until the next call: copy it to keep it.
 */
export function distinctBuckets(segment: string): Int32Array {
  if (++generation === 256) {
    seenStamp.fill(0);
    generation = 1;
  }
  const stamp = generation;
  const seen = seenStamp;
  let count = 0;
  // The segment padded with a space each side, copied once into a typed array: the loops below read
  // each character up to six times, and a typed array read is cheaper than charCodeAt on a string.
  const read = Math.min(segment.length, SEGMENT_CHARS);
  const length = read + 2;
  codes[0] = 0x20;
  for (let k = 0; k < read; k++) codes[k + 1] = segment.charCodeAt(k);
  codes[read + 1] = 0x20;
  // One loop body, no callbacks: this is the hot path of every decision.
  // Character n-grams: one FNV chain per start position, emitted at lengths 3, 4 and 5 (the length mixed in).
  for (let start = 0; start + 3 <= length; start++) {
    let hash = FNV_OFFSET;
    const end = Math.min(start + 5, length);
    for (let i = start; i < end; i++) {
      hash = Math.imul(hash ^ codes[i]!, FNV_PRIME);
      const n = i - start + 1;
      if (n >= 3) {
        const bucket = (Math.imul(hash ^ n, FNV_PRIME) >>> 0) & MASK;
        if (seen[bucket] !== stamp) {
          seen[bucket] = stamp;
          scratch[count++] = bucket;
        }
      }
    }
  }
  // Words: hash each run of word characters; bigrams combine consecutive word hashes.
  let previous = 0;
  let hasPrevious = false;
  let i = 0;
  while (i < length) {
    while (i < length && !isWordChar(codes[i]!)) i++;
    if (i >= length) break;
    let hash = FNV_OFFSET ^ WORD_SEED;
    while (i < length && isWordChar(codes[i]!)) hash = Math.imul(hash ^ codes[i++]!, FNV_PRIME);
    const word = (hash >>> 0) & MASK;
    if (seen[word] !== stamp) {
      seen[word] = stamp;
      scratch[count++] = word;
    }
    if (hasPrevious) {
      const bigram = (Math.imul(previous ^ BIGRAM_SEED, FNV_PRIME) ^ Math.imul(hash, 0x85ebca6b)) & MASK;
      if (seen[bigram] !== stamp) {
        seen[bigram] = stamp;
        scratch[count++] = bigram;
      }
    }
    previous = hash;
    hasPrevious = true;
  }
  return scratch.subarray(0, count);
}

/** The parts of a view the classifier reads: the whole view when short, else head, middle windows and tail. */
export function classifierSegments(view: string): string[] {
  if (view.length <= SEGMENT_CHARS) return [view];
  const segments = [view.slice(0, SEGMENT_CHARS)];
  const span = view.length - SEGMENT_CHARS;
  for (let w = 1; w <= MIDDLE_WINDOWS; w++) {
    const start = Math.floor((span * w) / (MIDDLE_WINDOWS + 1));
    segments.push(view.slice(start, start + SEGMENT_CHARS));
  }
  segments.push(view.slice(span));
  return segments;
}
