/**
 * Near-miss guards of the semantic cache: a cached question can be close in embedding space yet ask
 * something else ("flights from A to B" vs "from B to A", "is it safe" vs "is it not safe"). Each
 * guard compares one aspect of the two texts and says whether they differ; nearMissReason runs them all.
 */
import { isKatakana, normalizeText, wordUnits } from './builtin-embedder/normalize.js';
import {
  COORDINATORS,
  FORMAT_PATTERNS,
  KOREAN_PARTICLES,
  LANGUAGE_STOPWORDS,
  LENGTH_REQUEST,
  NEGATION_FALSE_FRIENDS,
  NEGATION_SUBSTRINGS,
  NEGATION_WORDS,
  NUMBER_WORDS,
} from './near-miss-words.js';

/** Why a candidate that looks similar answers a different question. */
export type NearMissReason = 'numbers' | 'entities' | 'negation' | 'order' | 'language' | 'format';

/** The guards in the order nearMissReason applies them (cheap and decisive first). */
export const NEAR_MISS_GUARDS: ReadonlyArray<readonly [NearMissReason, (a: string, b: string) => boolean]> = [
  ['language', languageDiffers],
  ['format', formatDiffers],
  ['numbers', numbersDiffer],
  ['negation', negationDiffers],
  ['entities', entitiesDiffer],
  ['order', orderDiffers],
];

/** The first guard that tells `question` and `candidate` apart, or undefined when none does. */
export function nearMissReason(question: string, candidate: string): NearMissReason | undefined {
  for (const [reason, differs] of NEAR_MISS_GUARDS) if (differs(question, candidate)) return reason;
  return undefined;
}

const WORD = /[\p{L}\p{M}\p{N}_]+(?:['’][\p{L}\p{M}]+)*/gu;

/** What the guards derive from one text; computed once per text and reused by every guard. */
interface TextFacts {
  nfkc: string;
  lower: string;
  lowerWords: string[];
  language?: string | undefined;
  languageKnown?: boolean;
  /** Lower case without accents, and its words: what entities are looked up in. */
  plain?: { text: string; words: Set<string> };
}

// nearMissReason hands the same two texts to every guard: remembering the last few saves re-deriving.
const RECENT_FACTS = new Map<string, TextFacts>();
const RECENT_FACTS_LIMIT = 8;

function factsOf(text: string): TextFacts {
  const known = RECENT_FACTS.get(text);
  if (known) return known;
  const nfkc = text.normalize('NFKC');
  const lower = nfkc.toLowerCase();
  const facts: TextFacts = { nfkc, lower, lowerWords: lower.match(WORD) ?? [] };
  if (RECENT_FACTS.size >= RECENT_FACTS_LIMIT) RECENT_FACTS.clear();
  RECENT_FACTS.set(text, facts);
  return facts;
}

function lowerWords(text: string): string[] {
  return factsOf(text).lowerWords;
}

function sameMultiset(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  const sortedB = [...b].sort();
  return [...a].sort().every((value, i) => value === sortedB[i]);
}

// ---- numbers ---------------------------------------------------------------------------------

const DIGITS = /\d+(?:[.,:/-]\d+)*/gu;

/** The numbers of a text (digits with separators removed, small number words as digits). */
export function numbersOf(text: string): string[] {
  const facts = factsOf(text);
  const numbers = (facts.lower.match(DIGITS) ?? []).map((n) => n.replace(/[.,]/g, ''));
  for (const word of facts.lowerWords) {
    const digit = NUMBER_WORDS.get(word);
    if (digit !== undefined) numbers.push(digit);
  }
  return numbers;
}

/** True when the texts mention different numbers, dates or quantities. */
export function numbersDiffer(a: string, b: string): boolean {
  return !sameMultiset(numbersOf(a), numbersOf(b));
}

// ---- negation --------------------------------------------------------------------------------

function countOccurrences(text: string, needle: string): number {
  let count = 0;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) count++;
  return count;
}

/** How many negations a text holds (words such as not/nicht/jamais, n't and n', and ja/ko/zh markers). */
export function negationCount(text: string): number {
  let count = 0;
  const words = lowerWords(text);
  for (const word of words) {
    if (NEGATION_WORDS.has(word) || word.endsWith("n't") || word.endsWith('n’t') || word.startsWith("n'") || word.startsWith('n’')) count++;
  }
  let unspaced = factsOf(text).nfkc;
  for (const friend of NEGATION_FALSE_FRIENDS) unspaced = unspaced.replaceAll(friend, ' ');
  for (const marker of NEGATION_SUBSTRINGS) count += countOccurrences(unspaced, marker);
  return count;
}

/** True when one text negates more often than the other ("is it safe" vs "is it not safe"). */
export function negationDiffers(a: string, b: string): boolean {
  return negationCount(a) !== negationCount(b);
}

// ---- entities --------------------------------------------------------------------------------

const QUOTED = /"([^"]+)"|“([^”]+)”|«([^»]+)»|「([^」]+)」|『([^』]+)』|`([^`]+)`/gu;
const CODE_IDENTIFIER = /[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+|[A-Za-z]*_[\w]+|[a-z]+[A-Z][A-Za-z0-9]*|[A-Za-z_]\w*\(\)/gu;
const CAPITALISED = /^\p{Lu}/u;
const SENTENCE_END = new Set(['.', '!', '?', '¿', '¡', ':', ';', '"', '«', '“', '(']);

/** True when only spaces and opening marks stand between the text's start or a sentence end and `index`. */
function startsSentence(text: string, index: number): boolean {
  for (let i = index - 1; i >= 0; i--) {
    const char = text[i]!;
    if (SENTENCE_END.has(char)) return true;
    if (char !== ' ' && char !== '\t' && char !== '\n') return false;
  }
  return true;
}
const MAX_QUOTED_WORDS = 6;

/** Named things of a text, lower case: quoted strings, code identifiers and capitalised words. */
export function entitiesOf(text: string): string[] {
  const normalized = factsOf(text).nfkc;
  const entities: string[] = [];
  for (const match of normalized.matchAll(QUOTED)) {
    const quoted = match
      .slice(1)
      .find((group) => group !== undefined)!
      .trim()
      .toLowerCase();
    // A quoted name or phrase is short; a quoted sentence is reworded like any other text.
    if ((quoted.match(WORD)?.length ?? 0) <= MAX_QUOTED_WORDS) entities.push(quoted);
  }
  for (const match of normalized.match(CODE_IDENTIFIER) ?? []) entities.push(match.toLowerCase());
  const language = languageOf(text);
  // ja/ko/zh translations spell a name in Latin letters or transliterate it at will, so capitals say little there.
  if (language === 'ja' || language === 'ko' || language === 'zh') return entities;
  const matches = [...normalized.matchAll(WORD)];
  const words = matches.map((match) => match[0]);
  words.forEach((word, i) => {
    if (!CAPITALISED.test(word)) return;
    // The English pronoun "I" is capitalised wherever it stands: it names nothing.
    if (word === 'I') return;
    // A sentence's first word is capitalised whatever it is, so it names nothing by its capital.
    if (startsSentence(normalized, matches[i]!.index)) return;
    // German capitalises every noun: there only a run of capitalised words ("Nevada State") is a name.
    if (language === 'de' && !CAPITALISED.test(words[i - 1] ?? '') && !CAPITALISED.test(words[i + 1] ?? '')) return;
    entities.push(word.toLowerCase());
  });
  return entities;
}

const MIN_FUZZY_LENGTH = 6;

const NON_ASCII = /[^\x00-\x7f]/u;

function withoutAccents(text: string): string {
  return NON_ASCII.test(text) ? text.normalize('NFD').replace(/\p{M}+/gu, '') : text;
}

/** True when `a` and `b` differ by at most one inserted, deleted or replaced character. */
function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1);
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/**
 * True when an entity of `from` appears nowhere in `to`, in any case (a sentence-initial capital still
 * matches); accents and, for long names, one letter are forgiven (Muhammed/Muhammad, Aníbal/Anibal).
 */
function hasMissingEntity(from: string, to: string): boolean {
  const facts = factsOf(to);
  facts.plain ??= { text: withoutAccents(facts.lower), words: new Set(facts.lowerWords.map(withoutAccents)) };
  const { text: toPlain, words: toWords } = facts.plain;
  return entitiesOf(from).some((entity) => {
    const plain = withoutAccents(entity);
    if (toPlain.includes(plain)) return false;
    if (plain.length < MIN_FUZZY_LENGTH || (plain.match(WORD)?.length ?? 0) !== 1) return true;
    for (const word of toWords) if (withinOneEdit(plain, word)) return false;
    return true;
  });
}

/** True when one text names a thing (name, quoted string, identifier) the other does not. */
export function entitiesDiffer(a: string, b: string): boolean {
  return hasMissingEntity(a, b) || hasMissingEntity(b, a);
}

// ---- order -----------------------------------------------------------------------------------

interface Slot {
  position: number;
  previous: string;
  next: string;
}

const HIRAGANA_ONLY = /^[\u3040-\u309f]+$/u;

function isContentUnit(unit: string): boolean {
  if (COORDINATORS.has(unit)) return false;
  const code = unit.charCodeAt(0);
  if (isKatakana(code)) return unit.length >= 2;
  if (unit.length === 1) return code >= 0x3400 && !HIRAGANA_ONLY.test(unit); // one Han character or Hangul syllable
  return unit.length >= 3 || code >= 0x3400;
}

/** A Korean word without its trailing case particle, so "파리에서" and "파리로" are the same place. */
function withoutKoreanParticle(unit: string): string {
  const code = unit.charCodeAt(0);
  if (code < 0xac00 || code > 0xd7af) return unit;
  const particle = KOREAN_PARTICLES.find((candidate) => unit.length > candidate.length && unit.endsWith(candidate));
  return particle ? unit.slice(0, -particle.length) : unit;
}

/** Slots (position and neighbours) of the content units that occur exactly once in the text. */
function uniqueSlots(text: string): Map<string, Slot> {
  const units = wordUnits(normalizeText(text)).map(withoutKoreanParticle);
  const slots = new Map<string, Slot>();
  const repeated = new Set<string>();
  units.forEach((unit, position) => {
    if (!isContentUnit(unit) || repeated.has(unit)) return;
    if (slots.has(unit)) {
      slots.delete(unit);
      repeated.add(unit);
      return;
    }
    slots.set(unit, { position, previous: units[position - 1] ?? '^', next: units[position + 1] ?? '$' });
  });
  return slots;
}

function exchanged(context1A: string, context1B: string, context2A: string, context2B: string): boolean {
  return context1A !== context1B && context1A === context2B && context1B === context2A && !COORDINATORS.has(context1A) && !COORDINATORS.has(context1B);
}

/** True when `moved` now sits between the very neighbours `stayed` had (and `moved` itself had others). */
function tookSlot(stayed: Slot, movedBefore: Slot, movedAfter: Slot): boolean {
  if (COORDINATORS.has(stayed.previous) || COORDINATORS.has(stayed.next)) return false;
  return (
    movedAfter.previous === stayed.previous && movedAfter.next === stayed.next && (movedBefore.previous !== stayed.previous || movedBefore.next !== stayed.next)
  );
}

/** True when a shared unit sits between the two in both texts: they crossed over it, a swap rather than a moved clause. */
function keptBetween(shared: string[], slotsA: Map<string, Slot>, slotsB: Map<string, Slot>, a1: Slot, b1: Slot, a2: Slot, b2: Slot): boolean {
  const [low1, high1] = a1.position < b1.position ? [a1.position, b1.position] : [b1.position, a1.position];
  const [low2, high2] = a2.position < b2.position ? [a2.position, b2.position] : [b2.position, a2.position];
  return shared.some((unit) => {
    const p1 = slotsA.get(unit)!.position;
    const p2 = slotsB.get(unit)!.position;
    return p1 > low1 && p1 < high1 && p2 > low2 && p2 < high2;
  });
}

/**
 * True when two shared things swapped their places ("from Paris to Rome" vs "from Rome to Paris",
 * "A beat B" vs "B beat A"): their order flips and each took the other's neighbour (its relational
 * context). A moved clause keeps its neighbours and joint things ("A and B") may swap, so neither counts.
 */
export function orderDiffers(a: string, b: string): boolean {
  const slotsA = uniqueSlots(a);
  const slotsB = uniqueSlots(b);
  const shared = [...slotsA.keys()].filter((unit) => slotsB.has(unit));
  for (let i = 0; i < shared.length; i++) {
    for (let j = i + 1; j < shared.length; j++) {
      const a1 = slotsA.get(shared[i]!)!;
      const b1 = slotsA.get(shared[j]!)!;
      const a2 = slotsB.get(shared[i]!)!;
      const b2 = slotsB.get(shared[j]!)!;
      if (a1.position < b1.position === a2.position < b2.position) continue;
      if (exchanged(a1.previous, b1.previous, a2.previous, b2.previous) || exchanged(a1.next, b1.next, a2.next, b2.next)) return true;
      if (tookSlot(a1, b1, b2) || tookSlot(b1, a1, a2)) return true;
      if (keptBetween(shared, slotsA, slotsB, a1, b1, a2, b2)) return true;
    }
  }
  return false;
}

// ---- language --------------------------------------------------------------------------------

/** Counts of the script families of a text's letters, in one pass over its code units. */
function scriptCounts(text: string): { hangul: number; kana: number; han: number; cyrillic: number; latin: number } {
  const counts = { hangul: 0, kana: 0, han: 0, cyrillic: 0, latin: 0 };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      if ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) counts.latin++;
    } else if (c >= 0xc0 && c <= 0x24f) counts.latin++;
    else if (c >= 0x400 && c <= 0x4ff) counts.cyrillic++;
    else if ((c >= 0xac00 && c <= 0xd7af) || (c >= 0x1100 && c <= 0x11ff) || (c >= 0x3130 && c <= 0x318f)) counts.hangul++;
    else if (c >= 0x3040 && c <= 0x30ff) counts.kana++;
    else if ((c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff)) counts.han++;
  }
  return counts;
}

/** The language (en/de/es/fr/ja/ko/zh) or script (cyrillic, latin) of a text, or undefined when unclear. */
export function languageOf(text: string): string | undefined {
  const facts = factsOf(text);
  if (!facts.languageKnown) {
    facts.language = detectLanguage(facts);
    facts.languageKnown = true;
  }
  return facts.language;
}

function detectLanguage(facts: TextFacts): string | undefined {
  const normalized = facts.nfkc;
  const { hangul, kana, han, cyrillic, latin } = scriptCounts(normalized);
  // Any Hangul or kana marks Korean or Japanese, even amid Latin names; Han alone marks Chinese.
  if (hangul >= 2) return 'ko';
  if (kana >= 2) return 'ja';
  if (han >= 2 && han * 4 >= latin) return 'zh';
  if (cyrillic > latin) return 'cyrillic';
  if (latin === 0) return undefined;
  const scores = Object.entries(LANGUAGE_STOPWORDS).map(([language, words]) => [language, facts.lowerWords.filter((w) => words.has(w)).length] as const);
  scores.sort((x, y) => y[1] - x[1]);
  const [best, second] = scores;
  // Only a clear stop-word lead names a Latin language; otherwise the script is all we know.
  return best && second && best[1] >= 2 && best[1] >= 2 * second[1] ? best[0] : 'latin';
}

/** True when both languages are known and differ ("latin" is compatible with any Latin-script language). */
export function languageDiffers(a: string, b: string): boolean {
  const languageA = languageOf(a);
  const languageB = languageOf(b);
  if (!languageA || !languageB || languageA === languageB) return false;
  const latin = (language: string) => language === 'latin' || language in LANGUAGE_STOPWORDS;
  if (latin(languageA) && latin(languageB) && (languageA === 'latin' || languageB === 'latin')) return false;
  // A short Japanese question may be all kanji: Han-only text next to Japanese is no clear difference.
  if ((languageA === 'zh' && languageB === 'ja') || (languageA === 'ja' && languageB === 'zh')) return false;
  return true;
}

// ---- format ----------------------------------------------------------------------------------

/** Output formats a text asks for (json, table, list, code, "in 50 words", ...), as tags. */
export function formatsOf(text: string): string[] {
  const normalized = factsOf(text).lower;
  const tags = FORMAT_PATTERNS.filter(([, pattern]) => pattern.test(normalized)).map(([tag]) => tag);
  for (const match of normalized.matchAll(LENGTH_REQUEST)) tags.push(`${match[1]} ${match[2]}`);
  return tags;
}

/** True when the texts ask for different output formats. */
export function formatDiffers(a: string, b: string): boolean {
  return !sameMultiset(formatsOf(a), formatsOf(b));
}
