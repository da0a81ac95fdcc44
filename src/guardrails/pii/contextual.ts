/**
 * Detectors whose values are ordinary-looking (a date, a short id) and become PII only next to a
 * context word: DATE_OF_BIRTH and PASSPORT. The span is the value, not the context word.
 */
import type { Detector } from './detector.js';

const MONTH =
  '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|januar|februar|märz|mai|juni|juli|oktober|dezember|janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre)';
const DATE =
  '(?:\\d{4}-\\d{1,2}-\\d{1,2}' +
  '|\\d{1,2}[./-]\\d{1,2}[./-](?:\\d{4}|\\d{2})' +
  `|\\d{1,2}(?:st|nd|rd|th|er)?\\.?\\s(?:of\\s)?${MONTH}\\.?,?\\s\\d{4}` +
  `|${MONTH}\\.?\\s\\d{1,2}(?:st|nd|rd|th)?,?\\s\\d{4})`;
// Context, then up to a few filler words ("on", "is", ":"), then the date at the end of the match.
const DATE_OF_BIRTH = new RegExp(
  `(?:\\bborn|\\bdob\\b|\\bd\\.o\\.b\\.?|date of birth|birth\\s?date|birthday|\\bgeboren|geburtsdatum|\\bnée?\\b|\\bné\\(e\\)|date de naissance|fecha de nacimiento)` +
    `[\\s:,-]{0,3}(?:(?:on|is|was|am|le|el|the|in)\\s+){0,2}(${DATE})(?![\\d])`,
  'giu',
);

// A cheap first look before the full pattern with its alternations runs.
const BIRTH_WORD = /born|dob|d\.o\.b|birth|geboren|geburt|née?|naissance|nacimiento/i;

/** DATE_OF_BIRTH: a date in a common format after born, DOB, date of birth, birthday, geboren, né(e). */
export const dateOfBirthDetector: Detector = {
  type: 'DATE_OF_BIRTH',
  maxChars: 24,
  applies: (f) => f.digits >= 4,
  scan(text, out) {
    if (!BIRTH_WORD.test(text)) return;
    for (const m of text.matchAll(DATE_OF_BIRTH)) {
      const end = m.index + m[0].length;
      out.push({ type: 'DATE_OF_BIRTH', start: end - m[1]!.length, end, score: 0.85 });
    }
  },
};

// A passport word, an optional "number"/"no."/"#", then 6-9 letters and digits with at least one digit.
const PASSPORT =
  /\b(?:passport|reisepass|passeport|pasaporte|passaporto)(?:\s(?:no\.?|number|num\.?|nr\.?|#|id))?\s{0,3}(?:[:#]|is)?\s{0,3}([A-Z0-9]{6,9})(?![A-Za-z0-9])/gi;

/** PASSPORT: a passport word followed by a 6-9 character id containing a digit. */
export const passportDetector: Detector = {
  type: 'PASSPORT',
  maxChars: 9,
  applies: (f) => f.digits >= 1,
  scan(text, out) {
    if (!/pass|reisepass|pasaporte/i.test(text)) return;
    for (const m of text.matchAll(PASSPORT)) {
      const id = m[1]!;
      if (!/\d/.test(id) || id !== id.toUpperCase()) continue;
      const end = m.index + m[0].length;
      out.push({ type: 'PASSPORT', start: end - id.length, end, score: 0.8 });
    }
  },
};
