/**
 * Content words of normalised text for the builtin embedder: the same question asked with other
 * function words ("How do I…" / "How can I…", "please", "tell me", "what's" / "what is") should share
 * its content features, so contractions are expanded, function words and request boilerplate dropped
 * and the rest lightly stemmed. Wh-words and negations are kept: they change the question.
 */
import { KOREAN_PARTICLES } from '../near-miss-words.js';

// Per language, words that carry grammar or politeness rather than the topic of a question.
const FUNCTION_WORDS = new Set(
  [
    // en
    'a an the is are am was were be been being do does did can could would will shall should may might must',
    'i me my mine we us our you your yours it its this that these those there here to of for in on at by with',
    'about into please kindly tell explain give show let know help want need like just exactly actually some any',
    'and or so also really',
    // de
    'der die das den dem des ein eine einen einem einer eines ist sind war bin bist kann kannst können könnte',
    'würde wird werden soll sollte muss ich mich mir mein meine meinen du dich dir dein deine sie ihr man es',
    'zu von für mit auf im in an am bitte erkläre erklären erklär sag sage sagen mal eigentlich genau heißt',
    'und oder auch',
    // es
    'el la los las un una unos unas es son está están soy ser puedo puede puedes podría debo mi mis me yo tú',
    'te tu tus su sus se lo le de del al a en con por para explícame explicame explica explicar dime decir',
    'favor exactamente realmente y o también',
    // fr
    'le la les l un une des du de d est sont suis être je j me m moi mon ma mes tu te t toi ton ta tes il elle',
    'on ce c cette ces qu que à au aux en dans avec pour par sur peux peut puis pouvez pourrais dois explique',
    'expliquer dis dire stp svp plaît plait vous vos votre et ou aussi quoi',
    // zh: one unit per character; particles, pronouns, modal verbs and "please"
    '的 了 吗 呢 吧 啊 呀 么 我 你 您 请 问 能 才 可 以 会 要 想 得 地 着 过 就 都 也',
  ]
    .join(' ')
    .split(' '),
);

// Contractions as normalisation leaves them (apostrophes become spaces): "what s" -> "what is".
const CONTRACTION_TAILS: Readonly<Record<string, string>> = { s: 'is', re: 'are', m: 'am', ve: 'have', ll: 'will', d: 'would' };
const NEGATED_AUXILIARIES: Readonly<Record<string, string>> = {
  can: 'cannot',
  don: 'do not',
  doesn: 'does not',
  didn: 'did not',
  isn: 'is not',
  aren: 'are not',
  wasn: 'was not',
  weren: 'were not',
  won: 'will not',
  wouldn: 'would not',
  shouldn: 'should not',
  couldn: 'could not',
  haven: 'have not',
  hasn: 'has not',
};

/** Expands English contractions in normalised text: "what s" -> "what is", "can t" -> "cannot". */
export function expandContractions(normalized: string): string {
  if (!normalized.includes(' ')) return normalized;
  const words = normalized.split(' ');
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const next = words[i + 1];
    if (next === 't' && NEGATED_AUXILIARIES[word] !== undefined) {
      out.push(NEGATED_AUXILIARIES[word]!);
      i++;
    } else if (next !== undefined && i + 1 < words.length && CONTRACTION_TAILS[next] !== undefined && /^[a-z]+$/.test(word) && word.length > 1) {
      out.push(word, CONTRACTION_TAILS[next]!);
      i++;
    } else out.push(word);
  }
  return out.join(' ');
}

// English, German, Spanish and French inflections, longest first (infinitive and present-tense verb endings included).
const LATIN_SUFFIXES = ['ations', 'ation', 'ings', 'ing', 'ments', 'ment', 'ies', 'es', 'ed', 'en', 'er', 'ar', 'ir', 'e', 's', 'o', 'a'];
// Polite and interrogative Korean sentence endings: "어디인가요" and "어디예요" both ask "where".
const KOREAN_ENDINGS = ['입니까', '인가요', '이에요', '합니까', '하나요', '나요', '예요', '에요', '까요', '니까', '요'];
const MIN_STEM = 4;

/** Strips one common inflectional suffix from a Latin-script word, keeping at least MIN_STEM letters. */
export function lightStem(word: string): string {
  for (const suffix of LATIN_SUFFIXES) {
    if (word.length - suffix.length >= MIN_STEM && word.endsWith(suffix)) return word.slice(0, -suffix.length);
  }
  return word;
}

const HIRAGANA_ONLY = /^[\u3040-\u309f]+$/u;
const LATIN_WORD = /^[a-zßàâäçéèêëîïôöùûüÿñáíóúœ]+$/u;

/** Content words of word units (see wordUnits): function words and kana particles dropped, Korean particles and Latin suffixes stripped. */
export function contentWords(units: readonly string[]): string[] {
  const out: string[] = [];
  for (const unit of units) {
    if (FUNCTION_WORDS.has(unit) || HIRAGANA_ONLY.test(unit)) continue;
    const code = unit.charCodeAt(0);
    if (code >= 0xac00 && code <= 0xd7af) {
      const ending = KOREAN_ENDINGS.find((candidate) => unit.length > candidate.length && unit.endsWith(candidate));
      const stem = ending ? unit.slice(0, -ending.length) : unit;
      const particle = KOREAN_PARTICLES.find((candidate) => stem.length > candidate.length && stem.endsWith(candidate));
      out.push(particle ? stem.slice(0, -particle.length) : stem);
    } else out.push(LATIN_WORD.test(unit) ? lightStem(unit) : unit);
  }
  return out;
}
