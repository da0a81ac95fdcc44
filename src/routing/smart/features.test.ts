import { describe, expect, it } from 'vitest';
import { createFeatureVector, DENSE_FEATURES, extractFeatures, FEATURE_DIM, type FeatureVector, HASH_DIM, HEAD_CHARS, TAIL_CHARS } from './features.js';

function asMap(f: FeatureVector): Map<number, number> {
  const m = new Map<number, number>();
  for (let k = 0; k < f.length; k++) m.set(f.indices[k]!, f.values[k]!);
  return m;
}

function dense(f: FeatureVector, name: (typeof DENSE_FEATURES)[number]): number {
  return asMap(f).get(HASH_DIM + DENSE_FEATURES.indexOf(name)) ?? 0;
}

const MATHS = 'Prove that the sum of the first n odd numbers is n^2. Derive it step by step, then compute it for n = 12.';

describe('extractFeatures', () => {
  it('is deterministic, and a reused vector or calls in between change nothing', () => {
    const first = asMap(extractFeatures({ text: MATHS, turns: 2, system: 'Be brief.' }));
    const out = createFeatureVector();
    extractFeatures({ text: 'something else entirely, with other words 123' }, out);
    const again = asMap(extractFeatures({ text: MATHS, turns: 2, system: 'Be brief.' }, out));
    expect(again).toEqual(first);
  });

  it('stays in range: indices inside the model, finite values, the hashed part of unit length', () => {
    for (const text of ['', 'hi', MATHS, 'Ünïcödé 中文字符 😀 — “quotes”', '```js\nconst x = {a: 1};\n```', 'x'.repeat(50_000)]) {
      const f = extractFeatures({ text });
      let norm = 0;
      for (let k = 0; k < f.length; k++) {
        expect(f.indices[k]).toBeGreaterThanOrEqual(0);
        expect(f.indices[k]).toBeLessThan(FEATURE_DIM);
        expect(Number.isFinite(f.values[k])).toBe(true);
        expect(Math.abs(f.values[k]!)).toBeLessThanOrEqual(2);
        if (f.indices[k]! < HASH_DIM) norm += f.values[k]! ** 2;
      }
      if (text !== '') expect(norm).toBeCloseTo(1, 5);
      expect(new Set(Array.from(f.indices.subarray(0, f.length))).size).toBe(f.length);
    }
  });

  it('reads only the head and tail of a huge prompt', () => {
    const head = 'Explain the proof. '.repeat(Math.ceil(HEAD_CHARS / 19)).slice(0, HEAD_CHARS);
    const tail = ' What is the answer?'.repeat(Math.ceil(TAIL_CHARS / 20)).slice(0, TAIL_CHARS);
    const a = extractFeatures({ text: `${head}${'lorem ipsum '.repeat(10_000)}${tail}` });
    const b = extractFeatures({ text: `${head}${'zzz qqq 42 '.repeat(20_000)}${tail}` });
    const hashed = (f: FeatureVector) => [...asMap(f)].filter(([i]) => i < HASH_DIM);
    expect(hashed(b)).toEqual(hashed(a));
    expect(dense(a, 'truncated')).toBe(1);
    expect(dense(b, 'chars')).toBeGreaterThan(dense(a, 'chars'));
    expect(a.length).toBeLessThanOrEqual(createFeatureVector().indices.length);
  });

  it('counts the hand features it names', () => {
    const maths = extractFeatures({ text: MATHS });
    expect(dense(maths, 'kwReason')).toBeGreaterThan(0);
    expect(dense(maths, 'kwSteps')).toBeGreaterThan(0);
    expect(dense(maths, 'mathSymbols')).toBeGreaterThan(0);
    expect(dense(maths, 'numbers')).toBeGreaterThan(0);
    expect(dense(extractFeatures({ text: 'hi' }), 'kwGreeting')).toBeGreaterThan(0);
    expect(dense(extractFeatures({ text: 'Which?\nA. one\nB. two\nC) three\nAnswer:' }), 'choiceOptions')).toBe(0.75);
    expect(dense(extractFeatures({ text: 'fix this: `int main() { return 0; }`' }), 'codeMarkers')).toBeGreaterThan(0);
    expect(dense(extractFeatures({ text: 'again', turns: 3 }), 'multiTurn')).toBe(1);
    expect(dense(extractFeatures({ text: 'again' }), 'multiTurn')).toBe(0);
    expect(dense(extractFeatures({ text: 'x', system: 'You are a pirate.' }), 'systemLength')).toBeGreaterThan(0);
  });

  it('is case-insensitive for words and keeps word order in bigrams', () => {
    const lower = [...asMap(extractFeatures({ text: 'solve the equation' })).keys()].filter((i) => i < HASH_DIM).sort();
    const upper = [...asMap(extractFeatures({ text: 'SOLVE THE EQUATION' })).keys()].filter((i) => i < HASH_DIM).sort();
    expect(upper).toEqual(lower);
    const swapped = [...asMap(extractFeatures({ text: 'equation the solve' })).keys()].filter((i) => i < HASH_DIM).sort();
    expect(swapped).not.toEqual(lower);
  });
});
