import { describe, expect, it } from 'vitest';
import { fixedHorizonTest } from './fixed-horizon.js';

describe('fixedHorizonTest', () => {
  it('matches a hand-computed z-test: difference 0.3, variance 1, n 100 each', () => {
    // se = sqrt(0.02) = 0.141421, z = 2.12132, p = 2 (1 − Φ(z)) = 0.033895, radius = 1.959964 · se
    const result = fixedHorizonTest({ n: 100, mean: 0, variance: 1 }, { n: 100, mean: 0.3, variance: 1 });
    expect(result.pValue).toBeCloseTo(0.033895, 6);
    expect(result.interval[0]).toBeCloseTo(0.3 - 0.277181, 6);
    expect(result.interval[1]).toBeCloseTo(0.3 + 0.277181, 6);
  });

  it('says nothing without spread or samples', () => {
    expect(fixedHorizonTest({ n: 1, mean: 0, variance: 0 }, { n: 100, mean: 1, variance: 1 }).pValue).toBe(1);
  });
});
