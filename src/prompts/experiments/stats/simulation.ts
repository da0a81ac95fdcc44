/**
 * A seeded simulation of experiments with known effects, looked at after every batch: how often the
 * sequential test (and, for contrast, the fixed-horizon test read at every look) declares a
 * difference, and how often it concludes no_difference. Shared by simulation.test.ts and
 * scripts/simulate-experiments.ts so the documented figures are the tested ones.
 */
import { seededRandom } from '../../../core/seeded-random.js';
import { compareArms } from './compare.js';
import { decide } from './decide.js';
import { fixedHorizonTest } from './fixed-horizon.js';
import type { MetricComparison, MetricName, MetricSummary, TestOptions } from './types.js';
import { type CompareVariantsOptions, compareVariants, type TreatmentComparisons } from './variants.js';

/** Draws one sample from a uniform generator. */
export type Sampler = (random: () => number) => number;

/** Normal samples (Box–Muller). */
export function normal(mean: number, sd: number): Sampler {
  return (random) => mean + sd * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** 0/1 samples: 1 with probability p (an error, say). */
export function bernoulli(p: number): Sampler {
  return (random) => (random() < p ? 1 : 0);
}

/** Log-normal samples, a long right tail like latency: exp(N(mu, sigma)). */
export function logNormal(mu: number, sigma: number): Sampler {
  const base = normal(mu, sigma);
  return (random) => Math.exp(base(random));
}

/** One simulated design. */
export interface SimulationSpec {
  metric: MetricName;
  control: Sampler;
  treatment: Sampler;
  options: TestOptions;
  runs: number;
  /** Samples per arm added between looks. */
  batch: number;
  /** Samples per arm at the last look. */
  maxPerArm: number;
  seed: number;
}

/** What the runs showed. */
export interface SimulationResult {
  runs: number;
  /** Runs where some look gave the sequential p < alpha (a false positive when there is no effect). */
  sequentialRejections: number;
  /** Runs where some look gave the fixed-horizon p < alpha (the naive "peek and stop"). */
  naiveRejections: number;
  /** Runs whose verdict at some look was better. */
  better: number;
  /** Runs whose verdict at some look was worse. */
  worse: number;
  /** Runs whose verdict was no_difference at some look (and never better or worse before it). */
  noDifference: number;
  /** Median samples per arm at the first rejection among the rejecting runs (0 when none). */
  medianSamplesToReject: number;
}

class Running {
  n = 0;
  mean = 0;
  m2 = 0;
  add(x: number): void {
    this.n += 1;
    const delta = x - this.mean;
    this.mean += delta / this.n;
    this.m2 += delta * (x - this.mean);
  }
  summary(): MetricSummary {
    return { n: this.n, mean: this.mean, variance: this.n > 1 ? this.m2 / (this.n - 1) : 0 };
  }
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] as number;
}

/** Runs the design: each run samples both arms in batches and compares them at every look. */
export function simulate(spec: SimulationSpec): SimulationResult {
  const random = seededRandom(spec.seed);
  const result: SimulationResult = {
    runs: spec.runs,
    sequentialRejections: 0,
    naiveRejections: 0,
    better: 0,
    worse: 0,
    noDifference: 0,
    medianSamplesToReject: 0,
  };
  const stops: number[] = [];
  for (let run = 0; run < spec.runs; run++) {
    const control = new Running();
    const treatment = new Running();
    let previous: MetricComparison | undefined;
    let sequentialDone = false;
    let naiveDone = false;
    let settled = false;
    while (control.n < spec.maxPerArm && !(sequentialDone && naiveDone)) {
      const size = Math.min(spec.batch, spec.maxPerArm - control.n);
      for (let i = 0; i < size; i++) {
        control.add(spec.control(random));
        treatment.add(spec.treatment(random));
      }
      const c = control.summary();
      const t = treatment.summary();
      if (!naiveDone && c.n >= spec.options.minSamples && fixedHorizonTest(c, t, spec.options.alpha).pValue < spec.options.alpha) {
        naiveDone = true;
        result.naiveRejections += 1;
      }
      if (sequentialDone) continue;
      previous = compareArms(spec.metric, c, t, spec.options, previous);
      if (!settled && previous.verdict === 'no_difference') {
        settled = true;
        result.noDifference += 1;
      }
      if (previous.verdict === 'better' || previous.verdict === 'worse') {
        sequentialDone = true;
        result.sequentialRejections += 1;
        result[previous.verdict] += 1;
        stops.push(c.n);
      }
    }
  }
  result.medianSamplesToReject = median(stops);
  return result;
}

/**
 * A one-sided 95% upper confidence bound (Wilson score) for a rate from `hits` out of `runs`: the
 * true rate is below it with 95% confidence, so "bound ≤ 5%" means the guarantee holds beyond the
 * simulation's own sampling noise.
 */
export function upperConfidenceBound(hits: number, runs: number, z = 1.645): number {
  const p = hits / runs;
  const denominator = 1 + (z * z) / runs;
  const centre = p + (z * z) / (2 * runs);
  const spread = z * Math.sqrt((p * (1 - p)) / runs + (z * z) / (4 * runs * runs));
  return (centre + spread) / denominator;
}

/** A whole experiment: the control and several treatments, decided at every look. */
export interface ExperimentSimulationSpec {
  primary: MetricName;
  control: Sampler;
  treatments: Sampler[];
  options: CompareVariantsOptions;
  runs: number;
  batch: number;
  maxPerArm: number;
  seed: number;
}

/** How the experiments' decisions came out. */
export interface ExperimentSimulationResult {
  runs: number;
  /** Runs where some look named a treatment the winner. */
  treatmentWinner: number;
  /** Runs where some look named the control the winner. */
  controlWinner: number;
  /** Runs where some look decided no_difference. */
  noDifference: number;
}

/** Runs whole experiments through compareVariants and decide, looking after every batch. */
export function simulateExperiments(spec: ExperimentSimulationSpec): ExperimentSimulationResult {
  const random = seededRandom(spec.seed);
  const result: ExperimentSimulationResult = { runs: spec.runs, treatmentWinner: 0, controlWinner: 0, noDifference: 0 };
  const names = ['control', ...spec.treatments.map((_, i) => `treatment-${i + 1}`)];
  const samplers = [spec.control, ...spec.treatments];
  for (let run = 0; run < spec.runs; run++) {
    const arms = samplers.map(() => new Running());
    let previous: TreatmentComparisons[] | undefined;
    let winner: 'treatment' | 'control' | undefined;
    let equivalent = false;
    while ((arms[0] as Running).n < spec.maxPerArm && !winner) {
      for (let i = 0; i < spec.batch; i++) {
        for (const [arm, sample] of samplers.entries()) (arms[arm] as Running).add(sample(random));
      }
      const variants = arms.map((arm, i) => ({ variant: names[i] as string, metrics: { [spec.primary]: arm.summary() } }));
      previous = compareVariants('control', variants, spec.options, previous);
      const decision = decide({ control: 'control', treatments: previous, primary: spec.primary, guards: [] });
      if (decision.decision === 'winner') winner = decision.variant === 'control' ? 'control' : 'treatment';
      if (decision.decision === 'no_difference') equivalent = true;
    }
    if (winner === 'treatment') result.treatmentWinner += 1;
    if (winner === 'control') result.controlWinner += 1;
    if (equivalent) result.noDifference += 1;
  }
  return result;
}
