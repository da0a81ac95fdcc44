/**
 * The guarantees docs/experiments.md states, checked by simulation with known effects (seeded, so
 * deterministic): under continuous peeking the false-positive rate stays at most 5% at alpha 0.05,
 * a fixed-horizon test read at every look does not, and stated effects are found with stated power.
 */
import { describe, expect, it } from 'vitest';
import { defaultTestOptions } from './compare.js';
import { bernoulli, logNormal, normal, simulate, simulateExperiments, upperConfidenceBound } from './simulation.js';

const ALPHA = 0.05;
// Looks after every 20 samples per arm, up to 2,000 per arm: 100 looks per experiment.
const PEEKING = { batch: 20, maxPerArm: 2000 };

describe('A/A experiments under continuous peeking', () => {
  it('the sequential test keeps the false-positive rate at most 5% on a normal metric; the naive test does not', () => {
    const runs = 1000;
    const result = simulate({
      metric: 'feedback',
      control: normal(4, 1),
      treatment: normal(4, 1),
      options: defaultTestOptions('feedback'),
      runs,
      ...PEEKING,
      seed: 1,
    });
    const rate = result.sequentialRejections / runs;
    expect(rate).toBeLessThanOrEqual(ALPHA);
    // The true rate, not only this sample of 1,000 runs, is below 5% with 95% confidence.
    expect(upperConfidenceBound(result.sequentialRejections, runs)).toBeLessThanOrEqual(ALPHA);
    // Reading a fixed-horizon test at each of the 100 looks and stopping at the first p < 0.05.
    expect(result.naiveRejections / runs).toBeGreaterThan(0.15);
  });

  it('holds for a 0/1 error rate (5%) and a long-tailed latency', () => {
    const runs = 500;
    const errors = simulate({
      metric: 'error_rate',
      control: bernoulli(0.05),
      treatment: bernoulli(0.05),
      options: defaultTestOptions('error_rate'),
      runs,
      ...PEEKING,
      seed: 2,
    });
    expect(upperConfidenceBound(errors.sequentialRejections, runs)).toBeLessThanOrEqual(ALPHA);
    expect(errors.naiveRejections / runs).toBeGreaterThan(0.15);
    const latency = simulate({
      metric: 'latency_ms',
      control: logNormal(6, 1),
      treatment: logNormal(6, 1),
      options: defaultTestOptions('latency_ms'),
      runs,
      ...PEEKING,
      seed: 3,
    });
    expect(upperConfidenceBound(latency.sequentialRejections, runs)).toBeLessThanOrEqual(ALPHA);
  });

  it('with three treatments (Bonferroni), no treatment is named the winner more than 5% of the time', () => {
    const runs = 200;
    const result = simulateExperiments({
      primary: 'feedback',
      control: normal(0, 1),
      treatments: [normal(0, 1), normal(0, 1), normal(0, 1)],
      options: { alpha: ALPHA },
      runs,
      ...PEEKING,
      seed: 7,
    });
    expect(result.treatmentWinner / runs).toBeLessThanOrEqual(ALPHA);
  });
});

describe('power at stated effects', () => {
  it('finds a difference of 0.2 standard deviations within 2,000 samples per arm in at least 80% of runs', () => {
    const runs = 300;
    const result = simulate({
      metric: 'feedback',
      control: normal(0, 1),
      treatment: normal(0.2, 1),
      options: defaultTestOptions('feedback'),
      runs,
      ...PEEKING,
      seed: 4,
    });
    expect(result.better / runs).toBeGreaterThanOrEqual(0.8);
    expect(result.worse).toBe(0);
  });

  it('finds an error rate going from 5% to 8% within 3,000 samples per arm in at least 80% of runs', () => {
    const runs = 300;
    const result = simulate({
      metric: 'error_rate',
      control: bernoulli(0.05),
      treatment: bernoulli(0.08),
      options: defaultTestOptions('error_rate'),
      runs,
      batch: 50,
      maxPerArm: 3000,
      seed: 5,
    });
    expect(result.worse / runs).toBeGreaterThanOrEqual(0.8);
    expect(result.better).toBe(0);
  });

  it('names the better of two treatments the winner', () => {
    const runs = 100;
    const result = simulateExperiments({
      primary: 'feedback',
      control: normal(0, 1),
      treatments: [normal(0, 1), normal(0.2, 1)],
      options: {},
      runs,
      ...PEEKING,
      seed: 8,
    });
    expect(result.treatmentWinner / runs).toBeGreaterThanOrEqual(0.8);
  });
});

describe('equivalence', () => {
  it('A/A with a margin of 0.15 standard deviations reaches no_difference in at least 90% of runs by 2,000 per arm, and a difference in at most 5%', () => {
    const runs = 300;
    const options = defaultTestOptions('feedback', { equivalenceMargin: 0.15 });
    const result = simulate({ metric: 'feedback', control: normal(0, 1), treatment: normal(0, 1), options, runs, ...PEEKING, seed: 6 });
    expect(result.noDifference / runs).toBeGreaterThanOrEqual(0.9);
    expect(result.sequentialRejections / runs).toBeLessThanOrEqual(ALPHA);
  });
});
