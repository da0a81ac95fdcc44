/**
 * Services written in Python (Presidio) give offsets in code points, while the guardrails cut
 * JavaScript strings in UTF-16 code units: the two differ after every character outside the Basic
 * Multilingual Plane (an emoji counts 1 in Python, 2 here). Converting keeps a redaction on the
 * value it found instead of a character or two beside it.
 */

/** Converts code-point offsets of one text to UTF-16 offsets (built once per text, then O(1) per span). */
export type CodePointConverter = (start: number, end: number) => { start: number; end: number } | undefined;

const SURROGATE = /[\uD800-\uDFFF]/;

/** A converter for `text`; spans outside the text (or reversed) give undefined. */
export function codePointConverter(text: string): CodePointConverter {
  // Without surrogates both counts agree: no table needed (the common case).
  if (!SURROGATE.test(text)) {
    return (start, end) => (isSpan(start, end, text.length) ? { start, end } : undefined);
  }
  // utf16At[i] = the UTF-16 offset of code point i; the last entry is text.length.
  const utf16At: number[] = [];
  for (let offset = 0; offset < text.length; ) {
    utf16At.push(offset);
    const unit = text.charCodeAt(offset);
    // A lone surrogate counts as one code point, as Python counts it.
    const pair = unit >= 0xd800 && unit <= 0xdbff && offset + 1 < text.length && isLowSurrogate(text.charCodeAt(offset + 1));
    offset += pair ? 2 : 1;
  }
  utf16At.push(text.length);
  const codePoints = utf16At.length - 1;
  return (start, end) => (isSpan(start, end, codePoints) ? { start: utf16At[start]!, end: utf16At[end]! } : undefined);
}

/** Converts one span; for several spans of one text, build a converter once. */
export function codePointSpanToUtf16(text: string, start: number, end: number): { start: number; end: number } | undefined {
  return codePointConverter(text)(start, end);
}

function isSpan(start: number, end: number, length: number): boolean {
  return Number.isSafeInteger(start) && Number.isSafeInteger(end) && start >= 0 && end >= start && end <= length;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}
