import { describe, expect, it } from 'vitest';
import { chooseCandidate } from './choose.js';

describe('chooseCandidate', () => {
  it('two targets: strong at or above the threshold, weak below', () => {
    expect(chooseCandidate(0.5, [0.5])).toBe(0);
    expect(chooseCandidate(0.9, [0.5])).toBe(0);
    expect(chooseCandidate(0.49, [0.5])).toBe(1);
  });

  it('three targets: walks down the thresholds, strongest first', () => {
    const thresholds = [0.6, 0.3];
    expect(chooseCandidate(0.7, thresholds)).toBe(0);
    expect(chooseCandidate(0.6, thresholds)).toBe(0);
    expect(chooseCandidate(0.45, thresholds)).toBe(1);
    expect(chooseCandidate(0.3, thresholds)).toBe(1);
    expect(chooseCandidate(0.1, thresholds)).toBe(2);
  });

  it('threshold 0 always picks the strongest, threshold above 1 never does', () => {
    expect(chooseCandidate(0, [0])).toBe(0);
    expect(chooseCandidate(1, [1.01])).toBe(1);
  });
});
