/**
 * Prints, as Markdown, what the experiment statistics (src/prompts/experiments/stats) guarantee in
 * simulation: the false-positive rate under continuous peeking (against a fixed-horizon test read
 * at every look), the power at stated effects, and how often A/A reaches no_difference. The figures
 * in docs/experiments.md come from here.
 *
 *   npm run sim:experiments -- [--runs N] [--seed N]
 *
 * Seeded and deterministic; about a minute on one core with the default 1,000 runs per A/A row.
 */
import { parseArgs } from 'node:util';
import { defaultTestOptions } from '../src/prompts/experiments/stats/compare.js';
import {
  bernoulli,
  logNormal,
  normal,
  type Sampler,
  type SimulationResult,
  simulate,
  simulateExperiments,
  upperConfidenceBound,
} from '../src/prompts/experiments/stats/simulation.js';
import type { MetricName, TestOptions } from '../src/prompts/experiments/stats/types.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '1000' }, seed: { type: 'string', default: '1' } } });
const RUNS = Number(values.runs);
const SEED = Number(values.seed);
const SIZES = [500, 1000, 2000, 5000];

function batchFor(size: number): number {
  return size > 2000 ? 50 : 20;
}

function percent(share: number): string {
  return `${(100 * share).toFixed(1)}%`;
}

interface Design {
  name: string;
  metric: MetricName;
  control: Sampler;
  treatment: Sampler;
  options?: Partial<TestOptions>;
}

function run(design: Design, size: number, runs: number, seed: number): SimulationResult {
  return simulate({
    metric: design.metric,
    control: design.control,
    treatment: design.treatment,
    options: defaultTestOptions(design.metric, design.options),
    runs,
    batch: batchFor(size),
    maxPerArm: size,
    seed,
  });
}

const nulls: Design[] = [
  { name: 'normal metric (feedback)', metric: 'feedback', control: normal(4, 1), treatment: normal(4, 1) },
  { name: 'error rate 5%', metric: 'error_rate', control: bernoulli(0.05), treatment: bernoulli(0.05) },
  { name: 'log-normal latency', metric: 'latency_ms', control: logNormal(6, 1), treatment: logNormal(6, 1) },
];
const effects: Design[] = [
  { name: 'normal, +0.1 sd', metric: 'feedback', control: normal(0, 1), treatment: normal(0.1, 1) },
  { name: 'normal, +0.2 sd', metric: 'feedback', control: normal(0, 1), treatment: normal(0.2, 1) },
  { name: 'error rate 5% → 8%', metric: 'error_rate', control: bernoulli(0.05), treatment: bernoulli(0.08) },
];

const lines: string[] = [];
lines.push(`Seed ${SEED}. Looks after every 20 samples per arm (every 50 in the 5,000 rows), alpha = 0.05, minSamples = 100, τ = 0.1 pooled sd.`);
lines.push('');
lines.push('### False positives under continuous peeking (A/A: no real difference)');
lines.push('');
lines.push('| Metric | Samples per arm (max) | Looks | Runs | Sequential test: any look p < 0.05 | 95% upper bound | Fixed-horizon test read at every look |');
lines.push('|---|---:|---:|---:|---:|---:|---:|');
let seed = SEED;
for (const design of nulls) {
  for (const size of SIZES) {
    const result = run(design, size, RUNS, seed++);
    const rate = result.sequentialRejections / RUNS;
    lines.push(
      `| ${design.name} | ${size} | ${Math.ceil(size / batchFor(size))} | ${RUNS} | ${percent(rate)} | ${percent(upperConfidenceBound(result.sequentialRejections, RUNS))} | ${percent(result.naiveRejections / RUNS)} |`,
    );
  }
}
lines.push('');
lines.push('### Power (a real difference, found at some look)');
lines.push('');
lines.push('| Effect | Samples per arm (max) | Runs | Found (right direction) | Median samples per arm when found |');
lines.push('|---|---:|---:|---:|---:|');
const powerRuns = Math.max(100, Math.round(RUNS / 2));
for (const design of effects) {
  for (const size of SIZES) {
    const result = run(design, size, powerRuns, seed++);
    const right = design.metric === 'error_rate' ? result.worse : result.better;
    lines.push(`| ${design.name} | ${size} | ${powerRuns} | ${percent(right / powerRuns)} | ${result.medianSamplesToReject} |`);
  }
}
lines.push('');
lines.push('### Equivalence (A/A, margin ±0.15 sd)');
lines.push('');
lines.push('| Samples per arm (max) | Runs | Reached no_difference | Declared a difference |');
lines.push('|---:|---:|---:|---:|');
for (const size of SIZES) {
  const design: Design = { name: 'normal', metric: 'feedback', control: normal(0, 1), treatment: normal(0, 1), options: { equivalenceMargin: 0.15 } };
  const result = run(design, size, powerRuns, seed++);
  lines.push(`| ${size} | ${powerRuns} | ${percent(result.noDifference / powerRuns)} | ${percent(result.sequentialRejections / powerRuns)} |`);
}
lines.push('');
lines.push('### Several treatments (Bonferroni: each at alpha / 3), decided with `decide` at every look');
lines.push('');
lines.push('| Design | Samples per arm (max) | Runs | A treatment named winner | The control named winner |');
lines.push('|---|---:|---:|---:|---:|');
const multiRuns = Math.max(100, Math.round(RUNS / 4));
for (const [name, treatments] of [
  ['A/A/A/A (no real difference)', [normal(0, 1), normal(0, 1), normal(0, 1)]],
  ['one treatment +0.2 sd, two equal', [normal(0, 1), normal(0.2, 1), normal(0, 1)]],
] as const) {
  const result = simulateExperiments({
    primary: 'feedback',
    control: normal(0, 1),
    treatments: [...treatments],
    options: { alpha: 0.05 },
    runs: multiRuns,
    batch: 20,
    maxPerArm: 2000,
    seed: seed++,
  });
  lines.push(`| ${name} | 2000 | ${multiRuns} | ${percent(result.treatmentWinner / multiRuns)} | ${percent(result.controlWinner / multiRuns)} |`);
}
console.log(lines.join('\n'));
