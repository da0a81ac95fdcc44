/** Code-point offsets (Python's) to UTF-16 offsets (JavaScript's), around astral characters and lone surrogates. */
import { describe, expect, it } from 'vitest';
import { codePointConverter, codePointSpanToUtf16 } from './code-points.js';

/** The code-point span of `value` in `text`, as Python's str.find would give it. */
function pythonSpan(text: string, value: string): [number, number] {
  const at = text.indexOf(value);
  const start = [...text.slice(0, at)].length;
  return [start, start + [...value].length];
}

describe('code points to UTF-16', () => {
  it('leaves text without surrogates unchanged', () => {
    expect(codePointSpanToUtf16('héllo wörld', 6, 11)).toEqual({ start: 6, end: 11 });
  });

  it('shifts spans after each astral character by one', () => {
    const text = '😀 Ana, 👩‍👩‍👧 𝒜 meet Bob 🚀';
    const convert = codePointConverter(text);
    for (const value of ['Ana', '𝒜', 'Bob', '👩‍👩‍👧', '🚀']) {
      const [start, end] = pythonSpan(text, value);
      const span = convert(start, end)!;
      expect(text.slice(span.start, span.end)).toBe(value);
    }
    // The whole text, and the empty span at its end.
    const all = [...text].length;
    expect(convert(0, all)).toEqual({ start: 0, end: text.length });
    expect(convert(all, all)).toEqual({ start: text.length, end: text.length });
  });

  it('counts a lone surrogate as one code point, as Python does', () => {
    const text = `a\uD83Db😀c`;
    expect(codePointSpanToUtf16(text, 2, 3)).toEqual({ start: 2, end: 3 });
    expect(codePointSpanToUtf16(text, 4, 5)).toEqual({ start: 5, end: 6 });
  });

  it('refuses spans outside the text or reversed', () => {
    const convert = codePointConverter('a😀b');
    expect(convert(0, 4)).toBeUndefined();
    expect(convert(2, 1)).toBeUndefined();
    expect(convert(-1, 1)).toBeUndefined();
    expect(convert(0.5, 1)).toBeUndefined();
    expect(codePointConverter('plain')(0, 6)).toBeUndefined();
  });
});
