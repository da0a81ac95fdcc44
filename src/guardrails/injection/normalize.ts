/**
 * Undoes the cheap obfuscations attackers use to slip an instruction past a filter (invisible
 * characters, fullwidth and look-alike letters, letter spacing, leetspeak, base64/hex/rot13
 * payloads) and returns the texts the detector reads. Each step first runs a cheap test and is
 * skipped when it cannot apply, so ordinary ASCII prose costs a few regex tests.
 */

/** Zero-width and format characters (soft hyphen, ZWSP..RLM, word joiner..invisible plus, BOM) and the bidi controls. */
const INVISIBLE = /[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
const NON_ASCII = /[^\x00-\x7f]/;
const COMBINING_MARKS = /\p{M}+/gu;
/** Latin letters with accents, Greek and Cyrillic: the only ones whose marks are dropped. */
const DECOMPOSABLE = /[\u00c0-\u04ff\u1e00-\u1fff]/;
const GREEK_OR_CYRILLIC = /[\u0370-\u04ff]/;
const WORD = /[\p{L}\p{N}@$]+/gu;
const LATIN_LETTER = /[a-z]/i;

/**
 * Cyrillic and Greek letters that look like Latin ones (a compact table, lower and upper case):
 * "іgnоrе" written with Cyrillic і, о, е reads as "ignore" to a model but not to a regex.
 */
const HOMOGLYPHS: Record<string, string> = {
  а: 'a',
  е: 'e',
  о: 'o',
  р: 'p',
  с: 'c',
  у: 'y',
  х: 'x',
  і: 'i',
  ј: 'j',
  ѕ: 's',
  ԁ: 'd',
  һ: 'h',
  ӏ: 'l',
  ԛ: 'q',
  ԝ: 'w',
  ь: 'b',
  к: 'k',
  м: 'm',
  н: 'h',
  т: 't',
  в: 'b',
  г: 'r',
  п: 'n',
  А: 'a',
  В: 'b',
  Е: 'e',
  К: 'k',
  М: 'm',
  Н: 'h',
  О: 'o',
  Р: 'p',
  С: 'c',
  Т: 't',
  Х: 'x',
  У: 'y',
  І: 'i',
  Ј: 'j',
  Ѕ: 's',
  α: 'a',
  β: 'b',
  ε: 'e',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  γ: 'y',
  η: 'n',
  ω: 'w',
  Α: 'a',
  Β: 'b',
  Ε: 'e',
  Ζ: 'z',
  Η: 'h',
  Ι: 'i',
  Κ: 'k',
  Μ: 'm',
  Ν: 'n',
  Ο: 'o',
  Ρ: 'p',
  Τ: 't',
  Υ: 'y',
  Χ: 'x',
};

/** Leetspeak digits and symbols, folded only inside words that also hold letters ("1gn0r3", not "16 eggs"). */
const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's' };
const LEET_CANDIDATE = /[a-z][013457@$]|[013457@$][a-z]/;
const LEET_ONE = /[a-z]1|1[a-z]/i;

const WHITESPACE = /\s+/g;

/** rot13 is only tried when the text names it or holds the rot13 form of a trigger word (ignore, instructions, prompt, system, previous). */
const ROT13_HINT = /rot-?13|\b(?:vtaber|vafgehpgvbaf|cebzcg|flfgrz|cerivbhf|qvfertneq)\b/;
const MAX_DECODED_VIEWS = 8;
const MAX_DECODED_CHARS = 16_384;
const UTF8 = new TextDecoder('utf-8');
const MIXED_CASE = /[a-z].*[A-Z]|[A-Z].*[a-z]/;

/** Removes zero-width, format and bidi-control characters. */
export function stripInvisible(text: string): string {
  return text.replace(INVISIBLE, '');
}

function foldHomoglyphWord(word: string): string {
  if (!GREEK_OR_CYRILLIC.test(word)) return word;
  let folded = '';
  let allMapped = true;
  for (const char of word) {
    const latin = HOMOGLYPHS[char];
    if (latin === undefined && !LATIN_LETTER.test(char)) allMapped = false;
    folded += latin ?? char;
  }
  // A word mixing scripts is an obfuscation; a whole word of look-alikes ("рор") is folded too, but real Greek or Cyrillic words are kept.
  return allMapped || LATIN_LETTER.test(word) ? folded : word;
}

/** Maps Cyrillic and Greek look-alikes to Latin inside words that mix scripts or consist only of look-alikes. */
export function foldHomoglyphs(text: string): string {
  if (!GREEK_OR_CYRILLIC.test(text)) return text;
  return text.replace(WORD, foldHomoglyphWord);
}

function isWordCode(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39) || code === 0x40 || code === 0x24 || code > 0x7f;
}

function isLetterCode(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || code > 0x7f;
}

/**
 * Folds leetspeak (of lower-case text) inside words that also contain letters; `one` picks what "1"
 * becomes ("i" or "l"). When many words mix digits and letters the whole text is leetspeak, and
 * words of leet digits alone ("15" for "is", "70" for "to") are folded too.
 */
export function foldLeetspeak(text: string, one: 'i' | 'l' = 'i'): string {
  if (!LEET_CANDIDATE.test(text)) return text;
  const length = text.length;
  // A manual word scan: a regex replace with a callback per word costs several times more on long prompts.
  const scan = (visit: (start: number, end: number, letters: boolean, leet: boolean, other: boolean) => void): void => {
    let i = 0;
    while (i < length) {
      while (i < length && !isWordCode(text.charCodeAt(i))) i++;
      const start = i;
      let letters = false;
      let leet = false;
      let other = false;
      for (; i < length && isWordCode(text.charCodeAt(i)); i++) {
        const code = text.charCodeAt(i);
        if (isLetterCode(code)) letters = true;
        else if (LEET[text[i]!] !== undefined) leet = true;
        else other = true;
      }
      if (i > start) visit(start, i, letters, leet, other);
    }
  };
  let words = 0;
  let mixed = 0;
  scan((_start, _end, letters, leet) => {
    words++;
    if (letters && leet) mixed++;
  });
  const heavy = mixed >= 3 && mixed >= words * 0.2;
  let out = '';
  let copiedUpTo = 0;
  scan((start, end, letters, leet, other) => {
    if (!leet || !(letters || (heavy && !other))) return;
    let folded = '';
    for (let k = start; k < end; k++) folded += text[k] === '1' ? one : (LEET[text[k]!] ?? text[k]);
    out += text.slice(copiedUpTo, start) + folded;
    copiedUpTo = end;
  });
  return copiedUpTo === 0 ? text : out + text.slice(copiedUpTo);
}

function isSeparatorCode(code: number): boolean {
  // space . - _ * + | ~ / backslash
  return (
    code === 0x20 ||
    code === 0x2e ||
    code === 0x2d ||
    code === 0x5f ||
    code === 0x2a ||
    code === 0x2b ||
    code === 0x7c ||
    code === 0x7e ||
    code === 0x2f ||
    code === 0x5c
  );
}

/** Joins letter-spaced words of lower-case text: "i g n o r e" and "i.g.n.o.r.e" become "ignore" (a wider gap stays a word break). */
export function collapseLetterSpacing(text: string): string {
  const length = text.length;
  const single = (i: number): boolean =>
    i < length &&
    isLetterCode(text.charCodeAt(i)) &&
    (i === 0 || !isWordCode(text.charCodeAt(i - 1))) &&
    (i + 1 >= length || !isWordCode(text.charCodeAt(i + 1)));
  let out = '';
  let copiedUpTo = 0;
  for (let i = 0; i < length; i++) {
    if (!single(i)) continue;
    // A run: single letters, each followed by exactly one separator and another single letter.
    let end = i;
    let letters = text[i]!;
    while (end + 2 < length && isSeparatorCode(text.charCodeAt(end + 1)) && single(end + 2)) {
      end += 2;
      letters += text[end];
    }
    if (letters.length >= 3) {
      out += text.slice(copiedUpTo, i) + letters;
      copiedUpTo = end + 1;
    }
    i = end;
  }
  return copiedUpTo === 0 ? text : out + text.slice(copiedUpTo);
}

function mostlyPrintable(text: string): boolean {
  if (text.length === 0) return false;
  let printable = 0;
  let letters = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // U+FFFD marks bytes that were not UTF-8: random bytes decode to many of them.
    if ((code >= 0x20 && code !== 0xfffd) || code === 0x0a || code === 0x0d || code === 0x09) printable++;
    if ((code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || (code > 0xbf && code !== 0xfffd)) letters++;
  }
  return printable / text.length >= 0.95 && letters / text.length >= 0.5;
}

function decodeUtf8(bytes: Buffer): string | undefined {
  const text = UTF8.decode(bytes);
  return mostlyPrintable(text) ? text : undefined;
}

function isBase64Code(code: number): boolean {
  return (
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a) ||
    (code >= 0x30 && code <= 0x39) ||
    code === 0x2b ||
    code === 0x2f ||
    code === 0x2d ||
    code === 0x5f
  );
}

/** One payload found in a text: where it is and what it decodes to. */
export interface EmbeddedPayload {
  start: number;
  end: number;
  decoded: string;
}

/** Base64 or hex runs of `text` (each at least 16 characters) that decode to mostly printable UTF-8. */
export function findEmbeddedPayloads(text: string): EmbeddedPayload[] {
  const found: EmbeddedPayload[] = [];
  const length = text.length;
  // A manual run scan: an unanchored regex retries every position inside every word.
  for (let i = 0; i < length && found.length < MAX_DECODED_VIEWS; ) {
    if (!isBase64Code(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    while (i < length && isBase64Code(text.charCodeAt(i))) i++;
    let end = i;
    while (end < length && end - i < 2 && text.charCodeAt(end) === 0x3d) end++;
    if (i - start < 16) continue;
    const run = text.slice(start, Math.min(i, start + (MAX_DECODED_CHARS * 4) / 3));
    // Base64 of text mixes cases; a lower-case identifier or a run of 4n+1 characters is not base64. Long plain
    // words ("internationalization") pass this test but decode to bytes that fail the printable one.
    if (MIXED_CASE.test(run) && run.length % 4 !== 1) {
      const decoded = decodeUtf8(Buffer.from(run.replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
      if (decoded !== undefined) {
        found.push({ start, end, decoded });
        continue;
      }
    }
    if (/^[0-9a-fA-F]+$/.test(run) && run.length % 2 === 0) {
      const decoded = decodeUtf8(Buffer.from(run, 'hex'));
      if (decoded !== undefined) found.push({ start, end, decoded });
    }
  }
  return found;
}

/** Texts hidden as base64 or hex runs inside `text`, decoded. */
export function decodeEmbeddedPayloads(text: string): string[] {
  return findEmbeddedPayloads(text).map((payload) => payload.decoded);
}

/** rot13 of ASCII letters. */
export function rot13(text: string): string {
  return text.replace(/[a-z]/gi, (char) => {
    const base = char <= 'Z' ? 65 : 97;
    return String.fromCharCode(((char.charCodeAt(0) - base + 13) % 26) + base);
  });
}

/** The character-level folds: invisible characters out, NFKC (fullwidth forms), look-alikes to Latin, accents dropped, lower case. */
export function foldCharacters(text: string): string {
  let view = stripInvisible(text);
  if (NON_ASCII.test(view)) {
    view = foldHomoglyphs(view.normalize('NFKC'));
    if (DECOMPOSABLE.test(view)) view = view.normalize('NFD').replace(COMBINING_MARKS, '').normalize('NFC');
  }
  return view.toLowerCase();
}

/** The word-level folds of character-folded text: leetspeak, letter spacing, whitespace. */
export function foldWords(folded: string, leetOne: 'i' | 'l' = 'i'): string {
  return collapseLetterSpacing(foldLeetspeak(folded, leetOne)).replace(WHITESPACE, ' ').trim();
}

/**
 * One text through every folding step but decoding: invisible characters out, NFKC (fullwidth
 * forms), accents dropped, look-alikes to Latin, lower case, leetspeak folded, letter spacing
 * joined, whitespace collapsed.
 */
export function normalizeView(text: string, leetOne: 'i' | 'l' = 'i'): string {
  return foldWords(foldCharacters(text), leetOne);
}

/** The texts the detector reads for one input. */
export interface DetectionViews {
  /** The normalised text. */
  main: string;
  /** Base64 or hex payloads decoded from it, and its rot13 reading when it hints at one, each normalised. */
  decoded: string[];
  /** Other readings for the rules only (leetspeak "1" as "l"). */
  alternates: string[];
}

/** The normalised text and every decoded or alternative reading of it. */
export function detectionViews(text: string): DetectionViews {
  const visible = stripInvisible(text);
  const sources = NON_ASCII.test(visible) ? visible.normalize('NFKC') : visible;
  const payloads = findEmbeddedPayloads(sources);
  // The main view reads a payload in place of its encoding, so the classifier sees the request as the model would.
  let inPlace = sources;
  for (let i = payloads.length - 1; i >= 0; i--) inPlace = `${inPlace.slice(0, payloads[i]!.start)} ${payloads[i]!.decoded} ${inPlace.slice(payloads[i]!.end)}`;
  const characters = foldCharacters(payloads.length > 0 ? inPlace : sources);
  const main = foldWords(characters);
  const decoded = payloads.map((payload) => normalizeView(payload.decoded));
  if (ROT13_HINT.test(main)) decoded.push(normalizeView(rot13(visible)));
  // "1" stands for "l" as often as for "i" ("a11 ru1es"): a second reading, only when a word mixes 1 with letters.
  const alternates = LEET_ONE.test(characters) ? [foldWords(characters, 'l')] : [];
  return { main, decoded, alternates };
}

/** The views of `text` to scan, the main (normalised) one first, then decoded payloads and alternative readings. */
export function normalizeForDetection(text: string): string[] {
  const { main, decoded, alternates } = detectionViews(text);
  return [main, ...decoded, ...alternates];
}
