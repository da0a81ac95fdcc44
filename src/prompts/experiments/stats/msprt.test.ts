import { describe, expect, it } from 'vitest';
import { confidenceRadius, logMixtureRatio, lookPValue } from './msprt.js';

describe('the mixture likelihood ratio', () => {
  it('matches hand-computed values: d = 3, v = 1, τ² = 1 gives log Λ = ½ ln ½ + 9/4', () => {
    expect(logMixtureRatio(3, 1, 1)).toBeCloseTo(-0.5 * Math.log(2) + 9 / 4, 12);
    expect(lookPValue(3, 1, 1)).toBeCloseTo(0.149057, 6);
  });

  it('is capped at p = 1 when the evidence is weaker than the mixture penalty', () => {
    expect(lookPValue(1, 1, 1)).toBe(1);
    expect(lookPValue(0, 0.5, 2)).toBe(1);
  });

  it('gives no evidence without spread in the mixture, and certainty without noise', () => {
    expect(lookPValue(5, 1, 0)).toBe(1);
    expect(lookPValue(5, 0, 1)).toBe(0);
    expect(lookPValue(0, 0, 1)).toBe(1);
  });

  it('tests against any null difference', () => {
    expect(logMixtureRatio(4, 1, 1, 1)).toBeCloseTo(logMixtureRatio(3, 1, 1), 12);
  });
});

describe('the confidence radius', () => {
  it('is sqrt(v (v + τ²)/τ² (ln((v + τ²)/v) + 2 ln 20)) at alpha 0.05', () => {
    expect(confidenceRadius(1, 1, 0.05)).toBeCloseTo(Math.sqrt(2 * (Math.log(2) + 2 * Math.log(20))), 12);
    expect(confidenceRadius(1, 1, 0.05)).toBeCloseTo(3.656395, 6);
  });

  it('inverts the test: at d = radius, Λ is exactly 1/alpha', () => {
    const radius = confidenceRadius(0.3, 0.7, 0.01);
    expect(logMixtureRatio(radius, 0.3, 0.7)).toBeCloseTo(Math.log(100), 10);
  });

  it('is unbounded without a mixture and 0 without noise', () => {
    expect(confidenceRadius(1, 0, 0.05)).toBe(Number.POSITIVE_INFINITY);
    expect(confidenceRadius(0, 1, 0.05)).toBe(0);
  });
});
