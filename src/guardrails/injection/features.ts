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
const SHAPE_SEED = 0x2545f491;
const SALAD_SEED = 0x6c8e9cf5;

// Token shapes (see tokenShape): a plain word, a word with edge punctuation, a number, letters mixed with digits,
// letters mixed with code symbols inside the token, and a run of symbols only.
const SHAPE_WORD = 1;
const SHAPE_PUNCTUATED = 2;
const SHAPE_NUMBER = 3;
const SHAPE_ALPHANUMERIC = 4;
const SHAPE_SALAD = 5;
const SHAPE_SYMBOLS = 6;
/** Salad-token counts (letters mixed with symbols, or symbol runs) at which a segment gets one more indicator feature. */
const SALAD_COUNT_STEPS = [2, 3, 4, 6, 8] as const;
const IMBALANCE_SEED = 0x1b873593;
/** Unbalanced-bracket counts at which a segment gets one more indicator feature. */
const IMBALANCE_STEPS = [1, 2, 3, 4, 6] as const;
const bracketStack = new Uint16Array(SEGMENT_CHARS + 2);

/**
 * Brackets in codes[0, length) left unclosed or closed by the wrong kind. Optimised suffixes
 * scatter brackets at random ("[[(stepped] exactly [Format)](bootstrap]"); code, JSON and math
 * close theirs, which is what tells the two apart where token shapes alone do not.
 */
function unbalancedBrackets(length: number): number {
  let depth = 0;
  let bad = 0;
  for (let i = 0; i < length; i++) {
    const code = codes[i]!;
    if (code === 0x28 || code === 0x5b || code === 0x7b) bracketStack[depth++] = code;
    else if (code === 0x29 || code === 0x5d || code === 0x7d) {
      const opener = code === 0x29 ? 0x28 : code - 2;
      let match = depth - 1;
      while (match >= 0 && bracketStack[match] !== opener) match--;
      if (match < 0) bad++;
      else {
        // Openers skipped over to reach the match were never closed.
        bad += depth - 1 - match;
        depth = match;
      }
    }
  }
  return bad + depth;
}

/** Buckets each indicator feature is written to: one bucket among a thousand n-grams is too faint a voice. */
const INDICATOR_COPIES = 16;

/** Copies up to SEGMENT_CHARS characters of text into the shared code buffer; returns how many. */
function loadCodes(text: string): number {
  const read = Math.min(text.length, SEGMENT_CHARS);
  for (let k = 0; k < read; k++) codes[k] = text.charCodeAt(k);
  return read;
}

/** The number of unbalanced brackets in (the first SEGMENT_CHARS characters of) a normalised text, as the classifier counts them. */
export function countUnbalancedBrackets(text: string): number {
  return unbalancedBrackets(loadCodes(text));
}

/** Whether one space-free normalised token is a salad token (letters glued to code symbols, or a run of symbols), as the classifier counts them. */
export function isSaladToken(token: string): boolean {
  const length = loadCodes(token);
  const shape = tokenShape(0, length);
  return shape === SHAPE_SALAD || shape === SHAPE_SYMBOLS;
}

function addIndicator(seed: number, step: number, seen: Uint8Array, stamp: number, count: number): number {
  for (let copy = 0; copy < INDICATOR_COPIES; copy++) {
    const bucket = (Math.imul((step ^ seed) + copy * 0x3c6ef372, FNV_PRIME) >>> 0) & MASK;
    if (seen[bucket] === stamp) continue;
    seen[bucket] = stamp;
    scratch[count++] = bucket;
  }
  return count;
}

function isEdgePunctuation(code: number): boolean {
  // . , ; : ! ? ' " ( ): what prose puts at the edges of a word.
  return (
    code === 0x2e ||
    code === 0x2c ||
    code === 0x3b ||
    code === 0x3a ||
    code === 0x21 ||
    code === 0x3f ||
    code === 0x27 ||
    code === 0x22 ||
    code === 0x28 ||
    code === 0x29
  );
}

/**
 * The shape of one space-free token codes[start, end): optimised adversarial suffixes (GCG) are
 * runs of tokens that glue letters to brackets, backslashes and quotes, which prose almost never
 * does; a sequence of shapes generalises across suffixes where their character n-grams do not.
 */
function tokenShape(start: number, end: number): number {
  let first = start;
  let last = end - 1;
  while (first <= last && isEdgePunctuation(codes[first]!)) first++;
  while (last >= first && isEdgePunctuation(codes[last]!)) last--;
  if (first > last) {
    // Only punctuation: "...", "?!" and "--" are prose; a run holding brackets or quotes ('")(') is not.
    for (let i = start; i < end; i++) {
      const code = codes[i]!;
      if (code === 0x22 || code === 0x27 || code === 0x28 || code === 0x29) return end - start >= 2 ? SHAPE_SYMBOLS : SHAPE_PUNCTUATED;
    }
    return SHAPE_PUNCTUATED;
  }
  let letters = 0;
  let digits = 0;
  let symbols = 0;
  for (let i = first; i <= last; i++) {
    const code = codes[i]!;
    if ((code >= 0x61 && code <= 0x7a) || code > 0x7f) letters++;
    else if (code >= 0x30 && code <= 0x39) digits++;
    // A hyphen or apostrophe inside a word ("well-known", "don't") is prose.
    else if (code !== 0x2d && code !== 0x27) symbols++;
  }
  if (symbols > 0) return letters > 0 ? SHAPE_SALAD : digits > 0 ? SHAPE_NUMBER : SHAPE_SYMBOLS;
  if (letters === 0) return SHAPE_NUMBER;
  if (digits > 0) return SHAPE_ALPHANUMERIC;
  return first === start && last === end - 1 ? SHAPE_WORD : SHAPE_PUNCTUATED;
}

function isWordChar(code: number): boolean {
  // ASCII letters and digits, and every non-ASCII code unit (letters of other scripts; punctuation there is rare after NFKC).
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39) || code > 0x7f;
}

/** Upper bound of the features of one segment: three character n-grams, a word, a bigram and two shape n-grams per character, and the salad steps. */
const MAX_SEGMENT_FEATURES = 7 * (SEGMENT_CHARS + 2) + 64;
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
  // Token shapes: 3- and 4-grams of consecutive shapes, and how many salad tokens the segment holds.
  let shapes = 0;
  let shapeCount = 0;
  let salad = 0;
  i = 0;
  while (i < length) {
    while (i < length && codes[i] === 0x20) i++;
    if (i >= length) break;
    const start = i;
    while (i < length && codes[i] !== 0x20) i++;
    const shape = tokenShape(start, i);
    if (shape === SHAPE_SALAD || shape === SHAPE_SYMBOLS) salad++;
    shapes = ((shapes << 3) | shape) & 0xfff;
    shapeCount++;
    for (let n = 3; n <= 4; n++) {
      if (shapeCount < n) continue;
      const gram = shapes & ((1 << (3 * n)) - 1);
      const bucket = (Math.imul(gram ^ SHAPE_SEED, FNV_PRIME) >>> 0) & MASK;
      if (seen[bucket] !== stamp) {
        seen[bucket] = stamp;
        scratch[count++] = bucket;
      }
    }
  }
  for (const step of SALAD_COUNT_STEPS) if (salad >= step) count = addIndicator(SALAD_SEED, step, seen, stamp, count);
  const unbalanced = unbalancedBrackets(length);
  for (const step of IMBALANCE_STEPS) if (unbalanced >= step) count = addIndicator(IMBALANCE_SEED, step, seen, stamp, count);
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
