/**
 * PERSON: names found by context and a gazetteer, not a model. A capitalised run is a name when a
 * title or a phrase says so ("Mr", "my name is", "Dear", "signed"), when its first word is a known
 * given name (first-names.ts), when an initial sits inside it ("Ravil G Yefimov"), when its last
 * word has a common surname ending, when a verb or phrase around it is one people take ("ask X",
 * "X said"), or when an email address in the text spells it. Later mentions of a found surname, and names listed with a
 * found name ("Kónya, Becker and Vasquez"), are names too. Measured in docs/guardrails-eval-pii.md.
 */
import type { Detector, Span } from './detector.js';
import { isAmbiguousGivenName, isAnyGivenName, isGivenName, isLoneGivenName } from './given-names.js';
import { NOT_NAME, PLACE_WORDS, TITLES } from './name-words.js';

interface Token {
  word: string;
  lower: string;
  start: number;
  end: number;
  /** A single capital letter, with or without its dot ("J", "N."). */
  initial: boolean;
  /** Joined to the previous capitalised token on the same line (spaces, or a particle like "van"). */
  joined: boolean;
  /** Only spaces between it and the previous word, whatever that word is. */
  adjacent: boolean;
}

const JOINING_GAP = /^[ \t]{1,2}(?:(?:van|von|de|da|del|della|der|den|di|du|la|le|ten|ter|dos|das|bin|al|el|y|zu)[ \t]{1,2}){0,2}$/;
// Phrases after which the next capitalised word is a name.
const STRONG_CONTEXT =
  /(?<![\p{L}])(?:my name is|name is|names are|name\s?[:?]|call me|calls me|called|named (?:him|her)|named|i'm|i am|this is|dear|signed|sincerely,|regards,|user:|partner's name|my (?:kid|child|son|daughter|wife|husband|brother|sister|mother|father|friend|colleague|boss|manager)|guardian|beneficiary|(?:co-?)?founders?|founded by|(?:directed|written|produced|composed|painted|authored) by)[\s,:]*/gu;
const LOWER_HINT = /name|call me|i'm|i am/i;
// The same phrases taking a lower-case known given name ("my name is donna").
const LOWER_NAME = /(?:my name is|name is|name:|call me|i'm|i am)\s+(\p{Ll}+)(?:[ \t]+(\p{Ll}+))?/gu;
// Endings common in surnames of many languages (-ov, -ová, -sson, -ski, -wicz, -escu, -enko, -dóttir ...).
const SURNAME_ENDING =
  /(?:ov|ova|ová|ev|eva|ovic|ović|ević|ic|ić|vich|son|ssen|sen|nen|dottir|dóttir|ski|ska|sky|cki|cka|wicz|witz|escu|eanu|enko|chuk|poulos|akis|idis|oglu|oğlu|yan|dze|shvili|auskas|stein|berg|mann|quist|qvist|ström|strom|gren|lund|dahl|ez|eira|eiro|ini|elli|etti|ucci|moto|mura|kawa|shita)$/;
// English words the -son ending would take for surnames.
const SON_WORD = /(?:person|season|reason|lesson|poison|prison|comparison|unison|venison|treason|liaison|crimson|arson|mason|parson|garrison|caisson)$/;
// Surname openings: O'Brien, McDonald, MacLeod (a capital after the prefix, so "Macy" is not one).
const SURNAME_PREFIX = /^(?:O['’]|Mc|Mac)\p{Lu}/u;
// A Dutch or German particle inside a run ("Maika van de Noort", "Ursula von der Leyen") joins a family name.
const FAMILY_PARTICLE = /[ \t](?:van|von|ten|ter|zu)[ \t]/;
// The strongest of them, enough for a lone word in mid-sentence.
const LONE_SURNAME_ENDING = /(?:ov|ova|ová|ev|eva|sson|dóttir|dottir|wicz|ski|ska|escu|enko|ović|ević)$/;
// The word before a run of two or three capitalised words that makes it a person ("ask Jane Doe", "met Jane Doe").
const WEAK_CONTEXT =
  /(?:^|[^\p{L}])(?:ask|asked|tell|told|met|meet|with|by|cc|contact|invite|invited|thank|thanks|email|call|called|follow up with|according to|starring|featuring|under)[ \t]+$/u;
// Verbs whose object is nearly always a person, enough for a lone unknown word ("ask Perpetua").
const LONE_CONTEXT = /(?:^|[^\p{L}])(?:ask|tell|met|thank|cc|invite|remind|said|replied)[ \t]+$/u;
// A verb after a run that only people do ("Jane Doe said", "Jane Doe lives at").
const HUMAN_VERB =
  /^[ \t]+(?:said|says|lives|lived|told|tells|asked|asks|wrote|writes|spent|began|shouted|explained|met|thinks|thought|will join|joined|works|worked|speaks|spoke|sang|sings|listed|had given|is from|was born|who|is a (?:very )?\w+ (?:person|man|woman))\b/u;

const NON_ASCII_UPPER = /\p{Lu}/u;
const NON_ASCII_LETTER = /[\p{L}\p{M}]/u;

function isLetterCode(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  return NON_ASCII_LETTER.test(text[i]!);
}

function isUpperCode(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return c >= 65 && c <= 90;
  return NON_ASCII_UPPER.test(text[i]!);
}

/** Letters, digits, apostrophes and hyphens: a capital right after one of these is inside a word. */
function isWordCode(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return (c >= 48 && c <= 57) || c === 39 || c === 0x2019 || c === 45 || isLetterCode(text, i);
}

/**
 * Capitalised words (O'Brien, McDonald, Hans-Peter, Ñuñez) and initials, by a loop over code units: a Unicode
 * regex with a lookbehind at every position costs several times more on a paragraph of prose.
 */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let previousEnd = -1;
  let previousClosed = false;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    if (!isUpperCode(text, i) || (i > 0 && isWordCode(text, i - 1))) continue;
    let end = i + 1;
    while (end < length && (isLetterCode(text, end) || text[end] === "'" || text[end] === '’' || text[end] === '-')) end++;
    // "Szczepańska's": the possessive is not part of the name, and would hide its surname ending.
    if (end - i > 3 && (text[end - 1] === 's' || text[end - 1] === 'S') && (text[end - 2] === "'" || text[end - 2] === '’')) end -= 2;
    const word = text.slice(i, end);
    // All-caps words (USA, OULU) are acronyms or shouting, not names.
    if (word.length > 1 && word === word.toUpperCase() && word.toLowerCase() !== word) {
      i = end - 1;
      previousClosed = true;
      continue;
    }
    const initial = word.length === 1;
    const hasDot = text[end] === '.';
    const lower = word.toLowerCase();
    const gap = previousEnd < 0 ? '' : text.slice(previousEnd, i);
    tokens.push({
      word,
      lower,
      start: i,
      end,
      initial,
      joined: previousEnd >= 0 && !previousClosed && JOINING_GAP.test(gap),
      adjacent: previousEnd >= 0 && !previousClosed && (gap === ' ' || gap === '  '),
    });
    previousEnd = hasDot ? end + 1 : end;
    // "Okonkwo. Write": a dot after a full word (not a title) ends the name.
    previousClosed = hasDot && !initial && !TITLES.has(lower);
    i = end - 1;
  }
  return tokens;
}

function isNameWord(token: Token): boolean {
  return !token.initial && !NOT_NAME.has(token.lower) && !TITLES.has(token.lower);
}

/** How many tokens from `from` continue a name: capitalised words, initials before a word, up to 4. */
function runLength(tokens: Token[], from: number): number {
  let n = 1;
  while (n < 4 && from + n < tokens.length) {
    const next = tokens[from + n]!;
    if (!next.joined) break;
    if (next.initial) {
      const after = tokens[from + n + 1];
      if (!after?.joined || !isNameWord(after)) break;
      n += 2;
    } else if (isNameWord(next)) n++;
    else break;
  }
  return Math.min(n, 4);
}

function sentenceStart(text: string, start: number): boolean {
  return start === 0 || /(?:[.!?:"]\s*|\n\s*)$/.test(text.slice(Math.max(0, start - 3), start));
}

/** True when the word before is a place word ("San Francisco", "rue Victor Hugo") or another capitalised word. */
function inPlacePhrase(text: string, tokens: Token[], i: number): boolean {
  const token = tokens[i]!;
  if (token.adjacent && i > 0) {
    const previous = tokens[i - 1]!;
    const other = !previous.initial && !NOT_NAME.has(previous.lower) && !TITLES.has(previous.lower) && !isGivenName(previous.lower);
    // A capitalised sentence start ("Producer James Sparks") is only a capital because of where it stands.
    if (other && !sentenceStart(text, previous.start)) return true;
  }
  let end = token.start;
  while (end > 0 && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  if (end === token.start) return false;
  let start = end;
  while (start > 0 && isLetterCode(text, start - 1)) start--;
  return start < end && PLACE_WORDS.has(text.slice(start, end).toLowerCase());
}

// "Asya's kid", "Maite Lemmens's killers": only people have these.
const PERSONAL_POSSESSIVE =
  /^['’]s[ \t]+(?:kids?|sons?|daughters?|wife|husband|mother|father|mom|mum|dad|brother|sister|parents|children|boyfriend|girlfriend|widow|killers?|funeral|birthday)\b/;
// "ms. Quinzia": a title typed in lower case, with its dot ("20 ms" is a unit, "miss" a verb).
const LOWER_TITLE = /(?:^|[^\p{L}])(?:mr|mrs|ms|dr|prof)\.[ \t]+$/u;
// Verbs only people take, enough for a lone unknown word ("Hakuba had given", "Ilse was born"); not "speaks" or
// "thinks", which products and models do in prose ("Switchboard speaks", "Gemini thinks").
const LONE_HUMAN_VERB = /^[ \t]+(?:lives|lived|was born|had given|shouted|smiled|laughed|cried)\b/;
// "the Marshall Plan", "a Tiffany lamp": a given name after an article names a thing.
const AFTER_ARTICLE = /(?:^|[^\p{L}])(?:the|a|an)[ \t]+$/iu;
// "Kónya, Becker and Vasquez" or "Jones, Mitchell and Williams": as often a firm as people, so a name inside needs a cue.
const LIST_NEXT = /^(?:,[ \t]*|[ \t]+(?:and|&)[ \t]+)\p{Lu}/u;
const LIST_PREVIOUS = /(?:\p{L},|[ \t](?:and|&))[ \t]+$/u;

/**
 * A known given name with no surname may stand alone as a PERSON ("Why is Katrine so impulsive?") unless
 * it starts a place or organisation ("Shelly Park", "Lincoln University"), follows an article, or sits in a
 * capitalised list that may be a firm's name.
 */
function standsAlone(text: string, tokens: Token[], i: number): boolean {
  const token = tokens[i]!;
  const next = tokens[i + 1];
  if (next?.adjacent && NOT_NAME.has(next.lower)) return false;
  const before = text.slice(Math.max(0, token.start - 6), token.start);
  if (AFTER_ARTICLE.test(before)) return false;
  const listed = LIST_NEXT.test(text.slice(token.end, token.end + 4)) || LIST_PREVIOUS.test(before);
  if (!listed) return true;
  // A list of given names ("Amy, Erik and Donald") is people; one given name among surnames may be a firm.
  const neighbours = [tokens[i - 1], tokens[i + 1]];
  return neighbours.some((n) => n !== undefined && Math.abs(n.start - token.start) < 40 && isLoneGivenName(n.lower));
}

// ", Mark!" or "Frank, could you": a given name spoken to is a name even when it is also a word.
const VOCATIVE_AFTER = /^[ \t]*[!?]/;
const VOCATIVE_BEFORE = /\p{L}[ \t]*,[ \t]+$/u;
const ADDRESSING = /^,[ \t]+(?:can|could|would|will you|please|do you|did you|are you|have you)\b/i;

function isVocative(text: string, token: Token): boolean {
  if (VOCATIVE_AFTER.test(text.slice(token.end, token.end + 3)) && VOCATIVE_BEFORE.test(text.slice(Math.max(0, token.start - 8), token.start))) return true;
  return sentenceStart(text, token.start) && ADDRESSING.test(text.slice(token.end, token.end + 14));
}

// Words that open a request before a comma and are not someone spoken to ("Sorry, can you ...").
const OPENERS = new Set(
  "sorry please actually honestly anyway also okay alright sure great perfect cool awesome fine right guys folks team everyone everybody anyone someone somebody friends boss sir madam ma'am excuse listen look seriously quickly again now next first finally lastly otherwise instead additionally alternatively meanwhile".split(
    ' ',
  ),
);

/** "Warrane, can I please speak to your boss?": an unknown word spoken to at the start of a request. */
function isAddressed(text: string, token: Token): boolean {
  return !OPENERS.has(token.lower) && !token.lower.endsWith('ly') && sentenceStart(text, token.start) && ADDRESSING.test(text.slice(token.end, token.end + 14));
}

function nameLengthAt(text: string, tokens: Token[], i: number, strongEnds: ReadonlySet<number>): number {
  const token = tokens[i]!;
  if (token.initial) return 0;
  const known = isGivenName(token.lower);
  if (!known && !isNameWord(token)) return 0;
  const previous = i > 0 ? tokens[i - 1]! : undefined;
  if (previous && token.adjacent && TITLES.has(previous.lower)) return runLength(tokens, i);
  if (LOWER_TITLE.test(text.slice(Math.max(0, token.start - 7), token.start))) return runLength(tokens, i);
  if (inPlacePhrase(text, tokens, i)) return 0;
  const run = runLength(tokens, i);
  if (isNameWord(token) && strongEnds.has(token.start)) return run;
  if (known && run > 1 && !AFTER_ARTICLE.test(text.slice(Math.max(0, token.start - 4), token.start))) return run;
  if (known && run === 1 && isLoneGivenName(token.lower) && standsAlone(text, tokens, i)) return 1;
  if (run === 1 && isAnyGivenName(token.lower) && isVocative(text, token)) return 1;
  if (!isNameWord(token)) return 0;
  if (run > 1) {
    const last = tokens[i + run - 1]!;
    const hasInitial = tokens.slice(i + 1, i + run - 1).some((t) => t.initial);
    if (hasInitial || (SURNAME_ENDING.test(last.lower) && !SON_WORD.test(last.lower)) || SURNAME_PREFIX.test(last.word)) return run;
    if (FAMILY_PARTICLE.test(text.slice(token.end, last.start))) return run;
    if (run <= 3 && !sentenceStart(text, token.start) && WEAK_CONTEXT.test(text.slice(Math.max(0, token.start - 16), token.start).toLowerCase())) return run;
    return HUMAN_VERB.test(text.slice(last.end, last.end + 40)) || PERSONAL_POSSESSIVE.test(text.slice(last.end, last.end + 16)) ? run : 0;
  }
  if (LONE_HUMAN_VERB.test(text.slice(token.end, token.end + 14))) return 1;
  if (PERSONAL_POSSESSIVE.test(text.slice(token.end, token.end + 16)) && !isAmbiguousGivenName(token.lower)) return 1;
  // "ask Claude", "tell Will": a word name alone needs more than a verb before it.
  if (isAmbiguousGivenName(token.lower)) return 0;
  if (isAddressed(text, token)) return 1;
  if (!sentenceStart(text, token.start) && LONE_CONTEXT.test(text.slice(Math.max(0, token.start - 12), token.start).toLowerCase())) return 1;
  return token.word.length > 4 && LONE_SURNAME_ENDING.test(token.lower) && !sentenceStart(text, token.start) ? 1 : 0;
}

/** Email local parts of a text, lower-cased, letters only. */
interface ContactCues {
  localParts: string[];
}

const NO_CONTACT: ContactCues = { localParts: [] };
const EMAIL_LOCAL = /([\p{L}\p{N}._%+-]{2,64})@[A-Za-z0-9-]+\.[A-Za-z]/gu;

function contactCues(text: string): ContactCues {
  const localParts = text.includes('@') ? [...text.matchAll(EMAIL_LOCAL)].map((m) => m[1]!.toLowerCase().replace(/[^\p{L}]/gu, '')) : [];
  return { localParts };
}

/**
 * A run of two or three name words spelled in an email address of the same text ("Einojuhani Pyysalo" and
 * EinojuhaniPyysalo@...). A capitalised line alone atop a contact block was tried too, and dropped: headings
 * ("Quarterly Report") look the same.
 */
function emailSpelledName(text: string, tokens: Token[], i: number, contact: ContactCues): number {
  if (contact.localParts.length === 0) return 0;
  const token = tokens[i]!;
  if (!isNameWord(token)) return 0;
  const run = runLength(tokens, i);
  if (run < 2 || run > 3) return 0;
  const letters = text
    .slice(token.start, tokens[i + run - 1]!.end)
    .toLowerCase()
    .replace(/[^\p{L}]/gu, '');
  return contact.localParts.some((local) => local.includes(letters)) ? run : 0;
}

// "they had 3: silvana, adam and caleb": a lower-case list (chat text often is).
const LOWER_LIST = /\p{Ll}(?<![\p{L}]\p{Ll})\p{Ll}*(?:, \p{Ll}+){1,8},? and \p{Ll}+(?![\p{L}])/gu;

/** A lower-case list whose items are mostly unambiguous known given names: its items are names. */
function addLowerCaseList(text: string, found: Span[]): void {
  for (const m of text.matchAll(LOWER_LIST)) {
    const items = [...m[0].matchAll(/\p{Ll}+/gu)].filter((w) => w[0] !== 'and');
    const known = items.filter((w) => isLoneGivenName(w[0])).length;
    if (known < 2 || known * 3 < items.length * 2) continue;
    for (const item of items) {
      const start = m.index + item.index;
      if (NOT_NAME.has(item[0]) || overlapsAny(found, start, start + item[0].length)) continue;
      found.push({ type: 'PERSON', start, end: start + item[0].length, score: 0.5 });
    }
  }
}

// A transcript line: "Nicole: Remember me?" (a speaker of one or two capitalised words, then a colon).
const SPEAKER = /^[ \t>]*(\p{Lu}[\p{L}\p{M}'’-]+(?:[ \t]\p{Lu}[\p{L}\p{M}'’-]+)?)[ \t]?:/gmu;

/** In a transcript with two or more speakers, one of them a known given name, every speaker is a name. */
function addSpeakers(text: string, found: Span[]): void {
  const speakers = [...text.matchAll(SPEAKER)].map((m) => ({ name: m[1]!, start: m.index + m[0].indexOf(m[1]!) }));
  if (speakers.length < 2 || !speakers.some((s) => isGivenName(s.name.split(/[ \t]/)[0]!.toLowerCase()))) return;
  for (const { name, start } of speakers) {
    const words = name.toLowerCase().split(/[ \t]/);
    if (words.some((w) => NOT_NAME.has(w) || TITLES.has(w)) || overlapsAny(found, start, start + name.length)) continue;
    found.push({ type: 'PERSON', start, end: start + name.length, score: 0.5 });
  }
}

// "Kónya, Becker and Vasquez": names listed with a name are names.
const NAME_LIST = /\p{Lu}[\p{L}\p{M}'’-]+(?:,\s\p{Lu}[\p{L}\p{M}'’-]+){0,8},?\s(?:and|&)\s\p{Lu}[\p{L}\p{M}'’-]+/gu;
const LIST_ITEM = /\p{Lu}[\p{L}\p{M}'’-]+/gu;

function overlapsAny(spans: readonly Span[], start: number, end: number): boolean {
  return spans.some((s) => start < s.end && s.start < end);
}

function addListMates(text: string, found: Span[]): void {
  // Only around names already found: the list pattern is costly over a whole paragraph.
  const windows = found.map((s) => [Math.max(0, s.start - 120), Math.min(text.length, s.end + 120)] as const);
  const seen = new Set<number>();
  for (const [from, to] of windows) {
    const window = text.slice(from, to);
    if (!window.includes(' and ') && !window.includes(' & ')) continue;
    for (const m of window.matchAll(NAME_LIST)) addListItems(from + m.index, m[0], found, seen);
  }
}

function addListItems(listStart: number, list: string, found: Span[], seen: Set<number>): void {
  if (seen.has(listStart)) return;
  seen.add(listStart);
  const listEnd = listStart + list.length;
  if (!found.some((s) => s.start >= listStart && s.end <= listEnd)) return;
  for (const item of list.matchAll(LIST_ITEM)) {
    const start = listStart + item.index;
    if (!NOT_NAME.has(item[0].toLowerCase()) && !overlapsAny(found, start, start + item[0].length)) {
      found.push({ type: 'PERSON', start, end: start + item[0].length, score: 0.5 });
    }
  }
}

function addLowerCaseNames(text: string, found: Span[]): void {
  for (const m of text.matchAll(LOWER_NAME)) {
    const given = m[1]!;
    if (!isGivenName(given)) continue;
    const family = m[2] !== undefined && !NOT_NAME.has(m[2]) && !isGivenName(m[2]) ? m[2] : undefined;
    const start = m.index + m[0].indexOf(given, m[0].length - given.length - (m[2] ? m[2].length + 1 : 0) - 2);
    const end = family !== undefined ? m.index + m[0].length : start + given.length;
    if (!overlapsAny(found, start, end)) found.push({ type: 'PERSON', start, end, score: 0.5 });
  }
}

const LOWER_WORD = /(?<![\p{L}\p{N}'’-])\p{Ll}+/gu;

/** After `at`, a verb or possessive only people take ("lives at", "'s killers"). */
function personCueAt(text: string, at: number): boolean {
  return HUMAN_VERB.test(text.slice(at, at + 40)) || PERSONAL_POSSESSIVE.test(text.slice(at, at + 16));
}

/**
 * An all-lower-case text ("eva kleist lives at ...", "mr. elliott flew"): a known given name, or its two-word
 * run, counts when a person cue follows it; any word counts after a lower-case title.
 */
function addLowerCaseCued(text: string, found: Span[]): void {
  const words = [...text.matchAll(LOWER_WORD)];
  for (let k = 0; k < words.length; k++) {
    const word = words[k]!;
    const start = word.index;
    let end = start + word[0].length;
    if (NOT_NAME.has(word[0])) continue;
    const titled = LOWER_TITLE.test(text.slice(Math.max(0, start - 7), start));
    if (!titled) {
      if (!isLoneGivenName(word[0])) continue;
      const next = words[k + 1];
      const nextEnd = next ? next.index + next[0].length : 0;
      if (personCueAt(text, end)) {
        // the given name alone
      } else if (next && !NOT_NAME.has(next[0]) && /^[ \t]+$/.test(text.slice(end, next.index)) && personCueAt(text, nextEnd)) end = nextEnd;
      else continue;
    }
    if (!overlapsAny(found, start, end)) found.push({ type: 'PERSON', start, end, score: 0.5 });
  }
}

function findNames(text: string, out: Span[]): void {
  const found: Span[] = [];
  const tokens = tokenize(text);
  // Where a name phrase ends ("my name is |"): one pass, looked up per capitalised word.
  const strongEnds = new Set<number>();
  if (tokens.length > 0) for (const m of text.toLowerCase().matchAll(STRONG_CONTEXT)) strongEnds.add(m.index + m[0].length);
  const contact = tokens.length >= 2 && text.includes('@') ? contactCues(text) : NO_CONTACT;
  const surnames = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    const length = nameLengthAt(text, tokens, i, strongEnds) || emailSpelledName(text, tokens, i, contact);
    if (length === 0) continue;
    const last = tokens[i + length - 1]!;
    found.push({ type: 'PERSON', start: tokens[i]!.start, end: last.end, score: 0.6 });
    if (!last.initial && (length > 1 || !isGivenName(last.lower))) surnames.add(last.word);
    // "Alvir spent a year ... as the assistant to Alvir D. Pušaver": the given name of a found full name, alone elsewhere.
    const first = tokens[i]!;
    if (length > 1 && !first.initial && !isAmbiguousGivenName(first.lower) && !TITLES.has(first.lower)) surnames.add(first.word);
    i += length - 1;
  }
  if (surnames.size > 0) {
    // "Faina D. Yefremova ... early Yefremova": a found surname or given name names the same person elsewhere.
    for (const token of tokens) {
      if (surnames.has(token.word) && !overlapsAny(found, token.start, token.end))
        found.push({ type: 'PERSON', start: token.start, end: token.end, score: 0.5 });
    }
  }
  if (found.length > 0 && text.includes(' and ')) addListMates(text, found);
  if (text.includes(':') && text.includes('\n')) addSpeakers(text, found);
  if (text.includes(', ') && text.includes(' and ')) addLowerCaseList(text, found);
  if (LOWER_HINT.test(text)) addLowerCaseNames(text, found);
  if (tokens.length === 0) addLowerCaseCued(text, found);
  for (const span of found) out.push(span);
}

/** PERSON: titles, name phrases, known given names, initials, surname endings and email-spelled names in capitalised runs of up to 4 words. */
export const personDetector: Detector = {
  type: 'PERSON',
  maxChars: 64,
  // Every text: "my name is donna" has no capital to prefilter on.
  applies: () => true,
  scan: findNames,
};
