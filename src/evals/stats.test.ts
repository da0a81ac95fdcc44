/** The paired bootstrap: deterministic for a seed, centred on the mean difference, degenerate when every difference is equal. */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../core/seeded-random.js';
import { mean, pairedBootstrap } from './stats.js';

describe('pairedBootstrap', () => {
  it('gives the same interval for the same seed and scores', () => {
    const c = [1, 0, 1, 1, 0, 1, 1, 1, 0, 1];
    const b = [1, 1, 1, 1, 1, 1, 0, 1, 1, 1];
    expect(pairedBootstrap(c, b, 7)).toEqual(pairedBootstrap(c, b, 7));
    const d = pairedBootstrap(c, b, 7);
    expect(d.mean).toBeCloseTo(-0.2);
    expect(d.low).toBeLessThan(d.mean);
    expect(d.high).toBeGreaterThan(d.mean);
    expect(d.n).toBe(10);
  });
  it('collapses to a point when every pair differs by the same amount', () => {
    expect(pairedBootstrap([1, 1, 1], [0, 0, 0], 1)).toEqual({ mean: 1, low: 1, high: 1, n: 3 });
    expect(pairedBootstrap([0.5, 0.5], [0.5, 0.5], 1)).toEqual({ mean: 0, low: 0, high: 0, n: 2 });
  });
  it('excludes zero for a clear regression over many rows and covers it for noise', () => {
    const n = 200;
    const random = seededRandom(3);
    const base = Array.from({ length: n }, () => (random() < 0.9 ? 1 : 0));
    const worse = base.map((s) => (s === 1 && random() < 0.4 ? 0 : s));
    const worseDiff = pairedBootstrap(worse, base, 1);
    expect(worseDiff.high).toBeLessThan(0);
    const same = pairedBootstrap(base, base, 1);
    expect(same.low).toBe(0);
  });
  it('refuses unpaired lists and answers NaN for none', () => {
    expect(() => pairedBootstrap([1], [1, 0], 1)).toThrow(/same length/);
    expect(Number.isNaN(pairedBootstrap([], [], 1).mean)).toBe(true);
    expect(Number.isNaN(mean([]))).toBe(true);
  });
});
