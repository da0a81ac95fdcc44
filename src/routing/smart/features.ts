/**
 * Features of a prompt for the smart router: hashed word unigrams and bigrams plus a few dense
 * hand-made signals (length, digits, maths and code markers, question and task words). One pass
 * over the characters, no regexes, no substrings: words are hashed (FNV-1a) while they are read.
 * Only the head and the tail of a huge prompt are read, so the cost is bounded whatever the size.
 *
 * The accumulator is a module-level scratch array, zeroed again before returning, so the function
 * is observably pure; JavaScript runs it to completion on one thread, so no call can interleave.
 */

/** Bits of the hashed part: 2^13 buckets keeps collisions rare for prompts of a few hundred words and the weights file small. */
export const HASH_BITS = 13;
/** Number of hashed buckets. */
export const HASH_DIM = 1 << HASH_BITS;
/** Characters read from the start of the last user turn. */
export const HEAD_CHARS = 4000;
/** Characters read from its end (a long pasted document usually ends with the actual question). */
export const TAIL_CHARS = 1000;
/** Bumped whenever the extraction changes, so weights trained for another extractor are refused at load. */
export const FEATURES_VERSION = 1;

/** The dense features, in vector order after the hashed buckets; each is scaled to about 0..1. */
export const DENSE_FEATURES = [
  'chars',
  'words',
  'meanWordLength',
  'digitRatio',
  'numbers',
  'mathSymbols',
  'latexMarkers',
  'codeMarkers',
  'questionMarks',
  'newlines',
  'choiceOptions',
  'upperRatio',
  'nonAsciiRatio',
  'kwQuestion',
  'kwReason',
  'kwMath',
  'kwCode',
  'kwSteps',
  'kwCreative',
  'kwConstraint',
  'kwGreeting',
  'multiTurn',
  'turns',
  'systemLength',
  'truncated',
] as const;

/** Total dimension: hashed buckets, then the dense features. */
export const FEATURE_DIM = HASH_DIM + DENSE_FEATURES.length;

/** What the router looks at: the last user turn, and optionally the system prompt and the number of user turns. */
export interface PromptInput {
  /** The last user turn's text. */
  text: string;
  /** The system prompt; only its length is used (the training data has none, see docs/routing-smart-eval.md). */
  system?: string;
  /** User turns in the conversation, this one included (1 when absent). */
  turns?: number;
  /** Estimated input tokens of the whole request, for the extra-cost estimate (model.ts); not a feature. */
  inputTokens?: number;
}

/** A sparse feature vector: `length` active entries of `indices` (ascending is not promised) and `values`. */
export interface FeatureVector {
  indices: Int32Array;
  values: Float32Array;
  length: number;
}

/** Keyword classes counted as dense features (index into the counters below). */
const KEYWORDS: Record<string, readonly string[]> = {
  kwQuestion: ['what', 'why', 'how', 'which', 'who', 'when', 'where', 'whom', 'whose'],
  kwReason: ['explain', 'prove', 'proof', 'derive', 'justify', 'show', 'demonstrate', 'reason', 'analyze', 'analyse', 'evaluate', 'compare', 'deduce', 'infer'],
  kwMath: [
    'calculate',
    'compute',
    'solve',
    'equation',
    'integral',
    'derivative',
    'probability',
    'theorem',
    'lemma',
    'sqrt',
    'matrix',
    'polynomial',
    'prime',
    'percent',
    'ratio',
    'average',
    'total',
    'sum',
    'area',
    'volume',
  ],
  kwCode: [
    'code',
    'function',
    'python',
    'javascript',
    'java',
    'implement',
    'algorithm',
    'program',
    'bug',
    'debug',
    'sql',
    'regex',
    'class',
    'def',
    'return',
    'compile',
  ],
  kwSteps: ['step', 'steps', 'list', 'enumerate', 'outline', 'first', 'then', 'finally', 'plan'],
  kwCreative: ['write', 'compose', 'draft', 'story', 'poem', 'essay', 'blog', 'email', 'letter', 'rewrite', 'describe', 'imagine', 'pretend', 'character'],
  kwConstraint: ['must', 'exactly', 'only', 'each', 'every', 'without', 'least', 'format', 'json', 'table'],
  kwGreeting: ['hi', 'hello', 'hey', 'thanks', 'thank', 'please'],
};

// Counter slots: one per keyword class (in KEYWORDS order), then the character statistics.
const KEYWORD_CLASSES = Object.keys(KEYWORDS);
const C_WORDS = KEYWORD_CLASSES.length;
const C_WORD_CHARS = C_WORDS + 1;
const C_DIGITS = C_WORDS + 2;
const C_NUMBERS = C_WORDS + 3;
const C_MATH = C_WORDS + 4;
const C_LATEX = C_WORDS + 5;
const C_CODE = C_WORDS + 6;
const C_QMARK = C_WORDS + 7;
const C_NEWLINE = C_WORDS + 8;
const C_OPTIONS = C_WORDS + 9;
const C_UPPER = C_WORDS + 10;
const C_NON_ASCII = C_WORDS + 11;
const C_SCANNED = C_WORDS + 12;
const counters = new Int32Array(C_WORDS + 13);

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const BIGRAM_SALT = 0x5bd1e995;
const NUMBER_SALT = 0x27d4eb2f;
const SYMBOL_SALT = 0x165667b1;

/** Murmur3's finaliser: spreads FNV's weak low bits before they pick a bucket. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function fnvWord(word: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), FNV_PRIME);
  return h;
}

// Keyword lookup: a tiny open-addressed table keyed by the word's raw FNV hash (built once), so
// recognising a keyword costs one probe and no string is ever built from the prompt.
const KW_SLOTS = 512;
const kwKeys = new Int32Array(KW_SLOTS);
const kwClass = new Uint8Array(KW_SLOTS); // class + 1; 0 = empty
KEYWORD_CLASSES.forEach((name, cls) => {
  for (const word of KEYWORDS[name]!) {
    const h = fnvWord(word) | 0;
    let slot = mix(h) & (KW_SLOTS - 1);
    while (kwClass[slot] !== 0 && kwKeys[slot] !== h) slot = (slot + 1) & (KW_SLOTS - 1);
    kwKeys[slot] = h;
    kwClass[slot] = cls + 1;
  }
});

function keywordClass(h: number): number {
  let slot = mix(h | 0) & (KW_SLOTS - 1);
  while (kwClass[slot] !== 0) {
    if (kwKeys[slot] === (h | 0)) return kwClass[slot]! - 1;
    slot = (slot + 1) & (KW_SLOTS - 1);
  }
  return -1;
}

const dense = new Float64Array(DENSE_FEATURES.length);
// The keyword classes must sit in DENSE_FEATURES where extractFeatures writes them.
if (KEYWORD_CLASSES.some((name, c) => DENSE_FEATURES[13 + c] !== name)) throw new Error('smart router: keyword classes out of step with DENSE_FEATURES');

// Scratch: counts per bucket and the buckets touched, so clearing costs only what was used.
// Every character yields at most one token and every token at most two features, so counts fit 16 bits.
const MAX_TOUCHED = 2 * (HEAD_CHARS + TAIL_CHARS);
const acc = new Uint16Array(HASH_DIM);
const touched = new Int32Array(MAX_TOUCHED);
let touchedCount = 0;
let prevToken = 0;

function bump(h: number): void {
  const bucket = h & (HASH_DIM - 1);
  if (acc[bucket] === 0) touched[touchedCount++] = bucket;
  acc[bucket]!++;
}

/** Counts a token as a unigram and, with the one before it, as a bigram. */
function emit(h: number): void {
  bump(mix(h));
  if (prevToken !== 0) bump(mix(Math.imul(prevToken, FNV_PRIME) ^ h ^ BIGRAM_SALT));
  prevToken = h | 1;
}

function endWord(h: number, length: number): void {
  if (length <= 12) {
    const cls = keywordClass(h);
    if (cls >= 0) counters[cls]!++;
  }
  emit(h);
}

// What a character is, by a table for ASCII (the common case) and by ranges above it.
const LETTER = 0;
const DIGIT = 1;
const SPACE = 2;
const NEWLINE = 3;
const MATH = 4;
const LATEX = 5;
const CODE = 6;
const QMARK = 7;
const PUNCT = 8;
const CJK = 9;
const OTHER = 10;
const ASCII_KIND = new Uint8Array(128).fill(PUNCT);
for (let c = 0; c < 128; c++) {
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) ASCII_KIND[c] = LETTER;
  else if (c >= 48 && c <= 57) ASCII_KIND[c] = DIGIT;
}
ASCII_KIND[32] = ASCII_KIND[9] = ASCII_KIND[13] = SPACE;
ASCII_KIND[10] = NEWLINE;
for (const c of '+*=^%<>/|') ASCII_KIND[c.charCodeAt(0)] = MATH;
for (const c of '\\$') ASCII_KIND[c.charCodeAt(0)] = LATEX;
for (const c of '{};`_') ASCII_KIND[c.charCodeAt(0)] = CODE;
ASCII_KIND[63] = QMARK;

function kindOf(code: number): number {
  if (code < 128) return ASCII_KIND[code]!;
  if (code === 0xa0) return SPACE;
  if (code < 0xc0 || (code >= 0x2000 && code <= 0x206f)) return OTHER;
  if ((code >= 0x2e80 && code <= 0x9fff) || (code >= 0xac00 && code <= 0xd7af) || (code >= 0xf900 && code <= 0xfaff)) return CJK;
  return LETTER;
}

/** Reads text[from, to): tokens into the scratch, statistics into the counters. Hot loop: state in locals. */
function scan(text: string, from: number, to: number): void {
  let word = FNV_OFFSET;
  let wordLength = 0;
  let digits = 0;
  let words = 0;
  let wordChars = 0;
  let upper = 0;
  let nonAscii = 0;
  let digitCount = 0;
  let numbers = 0;
  let newlines = 0;
  let math = 0;
  let latex = 0;
  let code_ = 0;
  let qmarks = 0;
  let options = 0;
  prevToken = 0;
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    const kind = kindOf(code);
    if (kind === LETTER) {
      if (digits > 0) {
        emit(NUMBER_SALT + Math.min(digits, 5));
        digits = 0;
      }
      let lower = code;
      if (code <= 90) {
        lower = code + 32;
        upper++;
      } else if (code >= 0x80) nonAscii++;
      word = Math.imul(word ^ lower, FNV_PRIME);
      wordLength++;
      continue;
    }
    if (wordLength > 0) {
      words++;
      wordChars += wordLength;
      endWord(word, wordLength);
      word = FNV_OFFSET;
      wordLength = 0;
    }
    if (kind === DIGIT) {
      // A number is one token whatever its value: its digit count carries what generalises.
      if (digits === 0) numbers++;
      digits++;
      digitCount++;
      continue;
    }
    if (digits > 0) {
      emit(NUMBER_SALT + Math.min(digits, 5));
      digits = 0;
    }
    switch (kind) {
      case SPACE:
        continue;
      case NEWLINE:
        newlines++;
        // A multiple-choice option starts a line: "A." .. "E)".
        if (i + 2 < to) {
          const letter = text.charCodeAt(i + 1);
          const mark = text.charCodeAt(i + 2);
          if (letter >= 65 && letter <= 69 && (mark === 46 || mark === 41)) options++;
        }
        continue;
      case CJK:
        nonAscii++;
        emit(Math.imul(FNV_OFFSET ^ code, FNV_PRIME));
        continue;
      case OTHER:
        nonAscii++;
        continue;
      case MATH:
        math++;
        break;
      case LATEX:
        latex++;
        break;
      case CODE:
        code_++;
        break;
      case QMARK:
        qmarks++;
        break;
    }
    // ASCII punctuation: a token of its own, and counted above by what it suggests.
    emit(SYMBOL_SALT ^ code);
  }
  if (wordLength > 0) {
    words++;
    wordChars += wordLength;
    endWord(word, wordLength);
  }
  if (digits > 0) emit(NUMBER_SALT + Math.min(digits, 5));
  counters[C_WORDS]! += words;
  counters[C_WORD_CHARS]! += wordChars;
  counters[C_UPPER]! += upper;
  counters[C_NON_ASCII]! += nonAscii;
  counters[C_DIGITS]! += digitCount;
  counters[C_NUMBERS]! += numbers;
  counters[C_NEWLINE]! += newlines;
  counters[C_MATH]! += math;
  counters[C_LATEX]! += latex;
  counters[C_CODE]! += code_;
  counters[C_QMARK]! += qmarks;
  counters[C_OPTIONS]! += options;
  counters[C_SCANNED]! += to - from;
}

/** An empty vector able to hold any prompt's features; reuse it across calls to allocate nothing per request. */
export function createFeatureVector(): FeatureVector {
  const capacity = Math.min(HASH_DIM, MAX_TOUCHED) + DENSE_FEATURES.length;
  return { indices: new Int32Array(capacity), values: new Float32Array(capacity), length: 0 };
}

function squash(count: number, scale: number): number {
  return Math.log1p(count) / scale;
}

/** The features of a prompt, written into `out` (a fresh vector when omitted). Deterministic; the same input always gives the same vector. */
export function extractFeatures(input: PromptInput, out: FeatureVector = createFeatureVector()): FeatureVector {
  const text = input.text;
  counters.fill(0);
  touchedCount = 0;
  const truncated = text.length > HEAD_CHARS + TAIL_CHARS;
  if (truncated) {
    scan(text, 0, HEAD_CHARS);
    scan(text, text.length - TAIL_CHARS, text.length);
  } else {
    scan(text, 0, text.length);
  }

  // Hashed part: sublinear counts (most are 1, whose log is skipped), scaled to unit length so a long prompt does not outvote the dense part.
  let norm = 0;
  let n = 0;
  for (let k = 0; k < touchedCount; k++) {
    const bucket = touched[k]!;
    const count = acc[bucket]!;
    const v = count === 1 ? 1 : 1 + Math.log(count);
    acc[bucket] = 0;
    out.indices[n] = bucket;
    out.values[n++] = v;
    norm += v * v;
  }
  const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let k = 0; k < n; k++) out.values[k]! *= inv;

  const scanned = Math.max(1, counters[C_SCANNED]!);
  const words = counters[C_WORDS]!;
  const turns = input.turns ?? 1;
  // Written in DENSE_FEATURES order (checked at load, below).
  let d = 0;
  dense[d++] = Math.min(1.5, squash(text.length, 10));
  dense[d++] = squash(words * (text.length / scanned), 8);
  dense[d++] = words > 0 ? Math.min(2, counters[C_WORD_CHARS]! / words / 10) : 0;
  dense[d++] = counters[C_DIGITS]! / scanned;
  dense[d++] = squash(counters[C_NUMBERS]!, 4);
  dense[d++] = squash(counters[C_MATH]!, 4);
  dense[d++] = squash(counters[C_LATEX]!, 3);
  dense[d++] = squash(counters[C_CODE]!, 4);
  dense[d++] = squash(counters[C_QMARK]!, 2);
  dense[d++] = squash(counters[C_NEWLINE]!, 5);
  dense[d++] = Math.min(counters[C_OPTIONS]!, 6) / 4;
  dense[d++] = counters[C_UPPER]! / scanned;
  dense[d++] = counters[C_NON_ASCII]! / scanned;
  for (let c = 0; c < KEYWORD_CLASSES.length; c++) dense[d++] = squash(counters[c]!, 3);
  dense[d++] = turns > 1 ? 1 : 0;
  dense[d++] = squash(Math.max(0, turns - 1), 3);
  dense[d++] = Math.min(1.5, squash(input.system?.length ?? 0, 9));
  dense[d++] = truncated ? 1 : 0;
  for (d = 0; d < dense.length; d++) {
    if (dense[d] === 0) continue;
    out.indices[n] = HASH_DIM + d;
    out.values[n++] = dense[d]!;
  }
  out.length = n;
  return out;
}
