/**
 * Text normalisation shared by the builtin embedder and its fitting script: the same question
 * written with other widths, cases, spacing or punctuation must give the same features.
 */

const PUNCTUATION_OR_SYMBOL = /[\p{P}\p{S}]+/gu;
const WHITESPACE = /\s+/gu;

/** NFKC, lower case, punctuation and symbols as spaces, whitespace collapsed and trimmed. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(PUNCTUATION_OR_SYMBOL, ' ').replace(WHITESPACE, ' ').trim();
}

/** True for a katakana code unit (or the prolonged sound mark): a run of them is one loanword or name. */
export function isKatakana(code: number): boolean {
  return code >= 0x30a0 && code <= 0x30ff;
}

/** True for a code unit of a script written without spaces (Han, kana), where each character is a unit. */
export function isUnspacedScript(code: number): boolean {
  return (
    (code >= 0x3040 && code <= 0x309f) || // hiragana
    (code >= 0x3400 && code <= 0x4dbf) || // CJK extension A
    (code >= 0x4e00 && code <= 0x9fff) || // CJK unified ideographs
    (code >= 0xf900 && code <= 0xfaff) // CJK compatibility ideographs
  );
}

/**
 * Word units of normalised text: space-separated words, except that Han and hiragana characters are
 * one unit each (Chinese and Japanese have no spaces, so a character is the smallest stable unit) and
 * a katakana run is one unit (a loanword or name).
 */
export function wordUnits(normalized: string): string[] {
  const units: string[] = [];
  let start = -1;
  let katakanaRun = false;
  for (let i = 0; i <= normalized.length; i++) {
    const code = i < normalized.length ? normalized.charCodeAt(i) : 32;
    const katakana = isKatakana(code);
    const boundary = code === 32 || isUnspacedScript(code) || (start >= 0 && katakana !== katakanaRun);
    if (boundary && start >= 0) {
      units.push(normalized.slice(start, i));
      start = -1;
    }
    if (isUnspacedScript(code)) units.push(normalized[i]!);
    else if (code !== 32 && start < 0) {
      start = i;
      katakanaRun = katakana;
    }
  }
  return units;
}
