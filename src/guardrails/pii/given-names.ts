/**
 * One question for the PERSON detector: is this lower-cased word a given name, and may it stand
 * alone? Two gazetteers answer it: the hand-written first-names.ts (names of many languages) and the
 * generated given-names.generated.ts (about 8,400 English given names from the stdlib datasets). The
 * generated one holds many English words ("will", "grace", "austin"); word-names.ts lists them.
 */
import { FIRST_NAMES } from './first-names.js';
import { GIVEN_NAMES } from './given-names.generated.js';
import { AMBIGUOUS_GIVEN, NOT_NAME } from './name-words.js';
import { WORD_NAMES } from './word-names.js';

/**
 * True for a given name. Word names only from the generated list ("chase", "brook") are left out:
 * those read as words far more often, so they count as unknown capitalised words instead.
 */
export function isGivenName(lower: string): boolean {
  if (FIRST_NAMES.has(lower)) return true;
  const plain = withoutAccents(lower);
  return GIVEN_NAMES.has(plain) && !WORD_NAMES.has(plain) && !NOT_NAME.has(plain);
}

const NON_ASCII = /[^\x00-\x7f]/;
const MARKS = /\p{M}/gu;

/** "tânia" → "tania": the generated list is ASCII only, so accented spellings are looked up without their marks. */
function withoutAccents(lower: string): string {
  return NON_ASCII.test(lower) ? lower.normalize('NFD').replace(MARKS, '') : lower;
}

/** True for any entry of either gazetteer, word names included ("mark", "chase"): for places where a cue already says "person". */
export function isAnyGivenName(lower: string): boolean {
  return FIRST_NAMES.has(lower) || (GIVEN_NAMES.has(lower) && !NOT_NAME.has(lower));
}

/** True for a given name that is also a word or place ("will", "dean"): a PERSON only with a cue. */
export function isAmbiguousGivenName(lower: string): boolean {
  return AMBIGUOUS_GIVEN.has(lower) || WORD_NAMES.has(lower);
}

/** True for a given name that may stand alone as a PERSON, with no surname or other cue. */
export function isLoneGivenName(lower: string): boolean {
  return isGivenName(lower) && !isAmbiguousGivenName(lower);
}
