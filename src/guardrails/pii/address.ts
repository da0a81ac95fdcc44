/**
 * STREET_ADDRESS by patterns, not a model: a house number, capitalised words and a street suffix
 * (the USPS suffix abbreviations, https://pe.usps.com/text/pub28/28apc_002.htm), continental forms
 * ("Rue de X 12", "Xstraße 5", "Xkatu 25"), PO boxes, military mail and intersections, then an
 * optional unit and ", City, ST ZIP" tail. An address phrase ("my address is", "live at") also takes the rest of its clause when it
 * holds a number. Spans are capped at MAX_ADDRESS_CHARS, the stream hold-back this type needs.
 */
import type { Detector, Span } from './detector.js';

/** The longest address span returned. */
export const MAX_ADDRESS_CHARS = 100;

const CAPWORD = "\\p{Lu}[\\p{L}\\p{M}'’-]{0,24}(?![\\p{L}\\p{N}])";
const SUFFIX_WORD =
  'Street|Avenue|Road|Boulevard|Lane|Drive|Court|Place|Square|Terrace|Way|Parkway|Highway|Circle|Trail|Crescent|Close|Row|Walk|Plaza|Alley|Loop|Path|Pike|Point|Ridge|Hill|Hills|Heights|Gardens|Grove|Mews|Flats|Green|Park|View|Crossing|Creek|Manor|Junction|Expressway|Freeway|Turnpike|Causeway|Estates|Village|Meadows|Harbor|Harbour|Port|Springs|Station|Glen|Wharf|Quay|Esplanade|Parade|Broadway|Fork|Forks|Valley|Island|Isle|Cove|Shore|Shores|Camp|Center|Centre|Gateway|Oval|Mall';
const SUFFIX_ABBREVIATION = 'St|Ave|Av|Rd|Blvd|Ln|Dr|Ct|Pl|Sq|Ter|Pkwy|Hwy|Cir|Trl|Cres|Plz|Aly|Pt|Rdg|Hts|Gdns|Grv|Xing|Jct|Expy|Fwy|Tpke|Vly';
// Full suffixes end at a word boundary; abbreviations may carry their dot ("St.").
const SUFFIX = `(?:${SUFFIX_WORD})\\b|(?:${SUFFIX_ABBREVIATION})\\b\\.?`;
// A house number, possibly after a building number ("935 69 Gordon Terrace").
const HOUSE = '(?:\\d{1,6}\\s)?\\d{1,6}[A-Za-z]?(?:[-/]\\d{1,4})?';
const HOUSE_AFTER_FIRST_DIGIT = '(?:\\d{0,5}\\s\\d{1,6}|\\d{0,5})[A-Za-z]?(?:[-/]\\d{1,4})?';
// "123 N Main Street", "50 5th Ave", "216 Karaiskaki Sq".
// The first digit comes before the boundary check so the engine can skip ahead to digits.
const US_CORE = new RegExp(
  `\\d(?<![\\p{L}\\d-]\\d)${HOUSE_AFTER_FIRST_DIGIT},?\\s(?:[NSEW]\\.?\\s|(?:North|South|East|West)\\s)?(?:(?:\\d{1,3}(?:st|nd|rd|th)|${CAPWORD})\\s){0,3}(?:${SUFFIX})(?:\\s(?:NW|NE|SW|SE|N|S|E|W)\\b\\.?)?`,
  'gu',
);
const STREET_PREFIX =
  'Rue|rue|Rua|rua|Avenida|avenida|calle|via|viale|piazza|avenue|boulevard|chemin|place|allée|impasse|quai|Avenida|Avda\\.?|Av\\.|Avenue|Calle|C/|Via|Viale|Piazza|Piazzale|Corso|Largo|Praça|Praca|Travessa|Plaza|Paseo|Passeig|Carrer|Chemin|Boulevard|Bd\\.?|Place|Allée|Impasse|Quai|ul\\.|ulica|al\\.|Aleja|Strada|Calea|Bulevardul|Odos|Leoforos|Plac|Rynek|Camino|Ronda|Vicolo|Πλατεία|Οδός|Λεωφόρος|улица|ул\\.|проспект';
// "Rue de Virton 38", "Rua do Arenque 1634", "ul. Narewska 94", optionally led by a building number.
const PREFIX_CORE = new RegExp(
  `(?<![\\p{L}\\d])(?:${HOUSE}\\s)?(?:${STREET_PREFIX})\\s((?:[\\p{L}\\p{M}'’-]+\\.?\\s){1,4}?)\\d{1,5}[A-Za-z]?(?![\\p{L}\\d])`,
  'gu',
);
// "12 rue de la Paix", "5, avenue Foch": the number first, then the named street.
const NUMBER_PREFIX_CORE = new RegExp(
  `(?<![\\p{L}\\d])\\d{1,5}(?:bis|ter)?,?\\s(?:${STREET_PREFIX})\\s(?:(?:de|du|des|da|do|del|della|di|la|le|les|l')\\s?){0,2}${CAPWORD}(?:\\s${CAPWORD}){0,2}`,
  'gu',
);
const STREET_ENDING =
  'straße|strasse|str\\.|weg|gasse|platz|allee|ring|damm|ufer|straat|laan|plein|gracht|kade|singel|steeg|dijk|gatan|vägen|gata|gränd|gade|vej|veien|vegen|gaten|katu|tie|kuja|polku|tori|väylä|utca|sokak|caddesi|sokağı|vegur|gata|stræde';
// "Hauptstraße 5", "Koskikatu 25", "Erzsébet tér 19", "Hlíðarvegur 97".
// Patterns that end in a number are found from the number backwards: a regex that starts at every capital and
// backtracks through each word length costs tens of microseconds on a paragraph; digits are rare, words are not.
// "Hauptstraße 5", "Koskikatu 25": a capitalised word and a number, kept when the word has a street ending.
const NUMBER_ANCHOR = /[ \t]\d{1,5}[A-Za-z]?(?![\p{L}\d])/gu;
// Walked back from a number: one word with an optional house number before it ("20789 Allika", "Hauptstraße").
const WORD_BEFORE = /(?:(?<![\p{L}\d])(\d{1,6}(?:\s\d{1,6})?)\s)?(?<![\p{L}\p{M}-])(\p{Lu}[\p{L}\p{M}-]*)$/u;
const STREET_ENDING_WORD = new RegExp(`(?:${STREET_ENDING})$`, 'u');
// "Erzsébet tér 19", "Trenerys gate 232": a separate street word, found first and then walked back from.
const SEPARATE_STREET_WORD =
  /[ \t](?:u\.|utca|út|útja|tér|rkp\.|krt\.|körút|Straße|Strasse|Weg|Platz|Allee|Gasse|Sokak|Caddesi|gate|gata|gatan|vei|veien|vej|gade|väg|vägen|terrasse|plass|allé|straat|laan)[ \t]?\d{1,5}[A-Za-z]?(?![\p{L}\d])/gu;
const NAME_BEFORE = new RegExp(`(?:${HOUSE}\\s)?${CAPWORD}(?:\\s${CAPWORD}){0,2}$`, 'u');
const PREFIX_HINT = new RegExp(`(?:${STREET_PREFIX})\\s`, 'u');
// An intersection: "the corner of 11 Botley Road and Herceg Gateway".
const CORNER = /\bthe corner of (?:\d{1,6}\s)?[\p{Lu}\d][^\n,;:!?]{1,50}? and (?:\d{1,6}\s)?[\p{Lu}\d][\p{L}\p{M}\d'’-]*(?:\s\p{Lu}[\p{L}\p{M}'’-]*){0,2}/gu;
// US military mail (USPS Publication 28): a ship, unit or PSC line, then APO/FPO/DPO, AA/AE/AP and a ZIP.
const MILITARY = /\b(?:(?:USNS|USNV|USS|USCGC)\s\p{Lu}[\p{L}\p{M}'’-]+|(?:PSC|Unit)\s\d{1,5},?\s?Box\s\d{1,5})\s{1,3}(?:APO|FPO|DPO)\s(?:AA|AE|AP)\s\d{5}/gu;
const PO_BOX = /(?<![\p{L}\d])(?:\d{1,6}\s)?(?:P\.?\s?O\.?\s?Box|PO Box|Post Office Box|PSC \d{1,5},?\s?Box|Unit \d{1,5},?\s?Box)\s?\d{1,6}/giu;
const UNIT = '(?:Apt\\.?|Apartment|Suite|Ste\\.?|Unit|Floor|Fl\\.?|Room|Rm\\.?|Flat|#)\\s?[A-Za-z0-9-]{1,6}';
const ZIP = '(?:\\d{5}(?:-\\d{4})?|\\d{4}|[A-Z]{1,2}\\d[A-Z\\d]?\\s\\d[A-Z]{2})(?!\\d)';
// Between parts of one address: a comma or a line break (letters quote "> " or bullet prefixes).
const PART_BREAK = '(?:,[ \\t]{0,3}|[ \\t]*\\n(?:[ \\t>?]*\\n)?[ \\t>?]*,?[ \\t]*)';
const LOCALITY = `(?:${ZIP}[ \\t]${CAPWORD}|${CAPWORD}(?:[ \\t]${CAPWORD}){0,2}(?:,?[ \\t]{1,2}[A-Z]{2}\\b)?(?:,?[ \\t]{1,2}${ZIP})?|${ZIP})`;
// Units, then up to three locality parts (city, state, country, ZIP); sticky at the core's end.
const TAIL = new RegExp(`(?:(?:,?[ \\t]{1,3}|${PART_BREAK})${UNIT}){0,2}(?:${PART_BREAK}${LOCALITY}){0,3}`, 'yu');
const UNIT_OR_ZIP = new RegExp(`${UNIT}|\\d{4,5}`, 'u');
// "20789 Allika 46": a building number, a street name and a house number (a common continental layout).
const DOUBLE_NUMBER_CORE = new RegExp(`(?<![\\p{L}\\d-])\\d{1,6}\\s(?:${CAPWORD}\\s){0,2}${CAPWORD}\\s\\d{1,5}[A-Za-z]?(?![\\p{L}\\d])`, 'gu');
// Title-case prose ("5 Musicians Of The 70s") is not a street name.
const NOT_STREET_WORD =
  /\b(?:Of|The|And|In|For|To|With|A|An|On|At|By|From|Top|Best|Ways|Things|Reasons|Steps|Tips|Years|Days|Times|January|February|March|April|May|June|July|August|September|October|November|December|Chapter|Version|Room|Building|Page|Section|Part|Level)\b|\d0s$|\b\p{Lu}{2,}\b/u;
// Walked back from a number: up to three capitalised words ("Allika", "Kálmán Imre").
const WORDS_BEFORE = new RegExp(`(?<![\\p{L}\\d])${CAPWORD}(?:\\s${CAPWORD}){0,2}$`, 'u');
const STATE_ZIP = /,\s[A-Z]{2}\s\d{5}(?:-\d{4})?(?!\d)/g;
const ADDRESS_CONTEXT =
  /\b(?:address(?:es)?(?: is| are| to| as| with)?|address:|live at|lives at|lived in|living at|located at|sent to|send it to|ship(?:ped)? to|deliver(?:ed)? to|moved to|meet (?:me|you) at|lives on|live on|return to|stop at|drops you off at|is at|are at)[ \t]*:?[ \t]*/gi;
const CLAUSE_END =
  /[?!;]|\n\n|\.(?=\s+\p{Lu})(?<!\b(?:Apt|St|Ave|Rd|Dr|Ste|No|Nr|Av|Avda|Bd|ul)\.)|\s(?:for|after|in case|last|since|but|because|and I|so|if|when|then)\b/u;

function pushCapped(out: Span[], start: number, end: number, score: number): void {
  out.push({ type: 'STREET_ADDRESS', start, end: Math.min(end, start + MAX_ADDRESS_CHARS), score });
}

function withTail(text: string, end: number): number {
  TAIL.lastIndex = end;
  const tail = TAIL.exec(text);
  return tail ? end + tail[0].length : end;
}

function scanAddresses(text: string, out: Span[]): void {
  const found: Span[] = [];
  const cores = PREFIX_HINT.test(text) ? [US_CORE, PREFIX_CORE, NUMBER_PREFIX_CORE, DOUBLE_NUMBER_CORE] : [US_CORE, DOUBLE_NUMBER_CORE];
  for (const core of cores) {
    for (const m of text.matchAll(core)) {
      if (core === DOUBLE_NUMBER_CORE && NOT_STREET_WORD.test(m[0])) continue;
      // "place the 2 boxes": a prefixed street has a capitalised name.
      if (core === PREFIX_CORE && !/\p{Lu}/u.test(m[1]!)) continue;
      pushCapped(found, m.index, withTail(text, m.index + m[0].length), 0.7);
    }
  }
  for (const m of text.matchAll(NUMBER_ANCHOR)) {
    const before = text.slice(Math.max(0, m.index - 60), m.index);
    const coreEnd = m.index + m[0].length;
    const word = WORD_BEFORE.exec(before);
    if (word && STREET_ENDING_WORD.test(word[2]!)) {
      pushCapped(found, m.index - word[0].length, withTail(text, coreEnd), 0.7);
      continue;
    }
    // "Allika 46" alone: kept only when a unit or a postcode follows.
    const words = WORDS_BEFORE.exec(before);
    if (!words || NOT_STREET_WORD.test(words[0] + m[0])) continue;
    const end = withTail(text, coreEnd);
    if (UNIT_OR_ZIP.test(text.slice(coreEnd, end))) pushCapped(found, m.index - words[0].length, end, 0.6);
  }
  for (const m of text.matchAll(SEPARATE_STREET_WORD)) {
    const head = NAME_BEFORE.exec(text.slice(Math.max(0, m.index - 60), m.index));
    if (!head) continue;
    const start = m.index - head[0].length;
    pushCapped(found, start, withTail(text, m.index + m[0].length), 0.7);
  }
  if (text.includes('the corner of')) for (const m of text.matchAll(CORNER)) pushCapped(found, m.index, m.index + m[0].length, 0.65);
  if (text.includes('PO ')) for (const m of text.matchAll(MILITARY)) pushCapped(found, m.index, m.index + m[0].length, 0.7);
  for (const m of text.matchAll(PO_BOX)) pushCapped(found, m.index, withTail(text, m.index + m[0].length), 0.7);
  // "Springfield, IL 62704": a US city, state and ZIP is a locality even without a street before it.
  for (const m of text.matchAll(STATE_ZIP)) {
    const city = WORDS_BEFORE.exec(text.slice(Math.max(0, m.index - 40), m.index));
    if (city) pushCapped(found, m.index - city[0].length, m.index + m[0].length, 0.6);
  }
  for (const m of text.matchAll(ADDRESS_CONTEXT)) {
    const from = m.index + m[0].length;
    const rest = text.slice(from, from + MAX_ADDRESS_CHARS + 1);
    const stop = rest.search(CLAUSE_END);
    const clause = (stop >= 0 ? rest.slice(0, stop) : rest).replace(/[\s.,]+$/, '');
    // A clause that starts like an address (a number or a capital) and holds a number.
    if (clause.length < 4 || clause.length > MAX_ADDRESS_CHARS || !/^[\d\p{Lu}]/u.test(clause) || !/\d/.test(clause) || !/\p{Lu}\p{Ll}/u.test(clause)) continue;
    // A street pattern inside the clause is more precise than the clause.
    if (found.some((f) => f.start < from + clause.length && from < f.end)) continue;
    pushCapped(out, from, from + clause.length, 0.55);
  }
  for (const span of found) out.push(span);
}

/** STREET_ADDRESS: street patterns (US and continental), PO boxes, US City, ST ZIP, and address phrases. */
export const addressDetector: Detector = {
  type: 'STREET_ADDRESS',
  maxChars: MAX_ADDRESS_CHARS,
  applies: (f) => f.digits >= 1,
  scan: scanAddresses,
};
