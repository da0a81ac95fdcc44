/**
 * Trains the smart router's model (src/routing/smart/router-model.json) on the RouteLLM data:
 * a logistic regression with L2 over the prompt features, predicting "the strong model's answer
 * is better than the weak model's", and a ridge regression over the same features for the log of
 * the strong model's output tokens (the lengths the evaluation assumes: GSM8K's measured ones,
 * MMLU_OUTPUT_TOKENS, MT_BENCH_OUTPUT_TOKENS); the router ranks by the first per extra dollar the
 * second implies (src/routing/smart/model.ts routingScore). Neither reads the benchmark's name.
 *
 *   npx tsx scripts/train-router.ts [--data DIR] [--out FILE]
 *
 * DIR defaults to ../shared/data/routellm relative to the repository root. Only the training
 * split is read for fitting (scripts/router-data.ts holds the split). The regularisation and the
 * per-benchmark balance are chosen by 5-fold cross-validation inside the training split, on the
 * mean within-benchmark AUC (ranking prompts inside a benchmark is what routing needs; telling
 * the benchmarks apart is easy and worth nothing there); the length regression's by the
 * cross-validated squared error. The optimiser is full-batch Adam from
 * zero weights with a fixed schedule, and folds come from a hash of the row id: no randomness, so
 * the same data always gives the same file.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DENSE_FEATURES, extractFeatures, FEATURE_DIM, FEATURES_VERSION, HASH_BITS, HASH_DIM } from '../src/routing/smart/features.js';
import { extraCost, ROUTER_MODEL_PATH, type RouterModelFile } from '../src/routing/smart/model.js';
import { BENCHMARKS, type Benchmark, DEFAULT_DATA_DIR, fnv1a, loadRouterData, MT_BENCH_MARGIN, PRICES, type RouterRow, TEST_SHARE } from './router-data.js';
import { sweep, totals } from './router-metrics.js';

/** A row as the optimiser sees it. */
interface Example {
  indices: Int32Array;
  values: Float32Array;
  y: number;
  /** Log of the strong model's output tokens: the length regression's target. */
  logOutput: number;
  inputTokens: number;
  /** Sample weight (benchmark balance). */
  weight: number;
  benchmark: Benchmark;
}

interface Fit {
  bias: number;
  weights: Float64Array;
}

const FOLDS = 5;
const ITERATIONS = 300;
const LEARNING_RATE = 0.05;
const L2_GRID = [3e-4, 1e-3, 3e-3, 1e-2];
const OUTPUT_L2_GRID = [1e-3, 1e-2, 1e-1];
/** Exponents tried on the extra cost (0 = rank by P alone, as before the cost estimate). */
const COST_EXPONENT_GRID = [0, 0.25, 0.5, 0.75, 1];
/** Points of cost saved at 95% a benchmark may lose against ranking by P alone. */
const BENCHMARK_LOSS_ALLOWED = 0.02;
/** USD per 1M tokens the strong call adds at the training pair's prices. */
const EXTRA_PRICE = { input: (PRICES.strong.input - PRICES.weak.input) * 1e6, output: (PRICES.strong.output - PRICES.weak.output) * 1e6 };
/** Sample weight exponent: 0 = every row counts the same (MMLU dominates), 1 = every benchmark counts the same. */
const BALANCE_GRID = [0, 0.5, 1];

function examplesOf(rows: readonly RouterRow[], balance: number): Example[] {
  const counts = new Map<Benchmark, number>();
  for (const row of rows) counts.set(row.benchmark, (counts.get(row.benchmark) ?? 0) + 1);
  const mean = rows.length / counts.size;
  return rows.map((row) => {
    const f = extractFeatures(row.input);
    return {
      indices: f.indices.slice(0, f.length),
      values: f.values.slice(0, f.length),
      y: row.label,
      logOutput: Math.log(row.outputTokens),
      inputTokens: row.input.inputTokens ?? 1,
      weight: (mean / counts.get(row.benchmark)!) ** balance,
      benchmark: row.benchmark,
    };
  });
}

function linear(fit: Fit, ex: Example): number {
  let z = fit.bias;
  for (let k = 0; k < ex.indices.length; k++) z += fit.weights[ex.indices[k]!]! * ex.values[k]!;
  return z;
}

function predict(fit: Fit, ex: Example): number {
  return 1 / (1 + Math.exp(-linear(fit, ex)));
}

/**
 * Minimises weighted mean log-loss (`logistic`, on y) or half squared error (`squared`, on
 * logOutput) + l2/2 |w|^2 (bias unpenalised) by full-batch Adam. The squared loss starts its bias
 * at the target's mean, which the fixed schedule would otherwise spend its steps reaching.
 */
function train(examples: readonly Example[], l2: number, loss: 'logistic' | 'squared' = 'logistic'): Fit {
  const fit: Fit = { bias: 0, weights: new Float64Array(FEATURE_DIM) };
  const grad = new Float64Array(FEATURE_DIM);
  const m = new Float64Array(FEATURE_DIM + 1);
  const v = new Float64Array(FEATURE_DIM + 1);
  const active = new Uint8Array(FEATURE_DIM);
  for (const ex of examples) for (const i of ex.indices) active[i] = 1;
  let total = 0;
  for (const ex of examples) total += ex.weight;
  if (loss === 'squared') for (const ex of examples) fit.bias += (ex.weight * ex.logOutput) / total;
  const b1 = 0.9;
  const b2 = 0.999;
  for (let t = 1; t <= ITERATIONS; t++) {
    grad.fill(0);
    let gBias = 0;
    for (const ex of examples) {
      const g = ((loss === 'logistic' ? predict(fit, ex) - ex.y : linear(fit, ex) - ex.logOutput) * ex.weight) / total;
      gBias += g;
      for (let k = 0; k < ex.indices.length; k++) grad[ex.indices[k]!]! += g * ex.values[k]!;
    }
    const lr = LEARNING_RATE / Math.sqrt(1 + t / 100);
    const c1 = 1 - b1 ** t;
    const c2 = 1 - b2 ** t;
    for (let j = 0; j <= FEATURE_DIM; j++) {
      // Features no training prompt has keep a zero weight: they carry no evidence either way.
      if (j < FEATURE_DIM && !active[j]) continue;
      const g = j === FEATURE_DIM ? gBias : grad[j]! + l2 * fit.weights[j]!;
      m[j] = b1 * m[j]! + (1 - b1) * g;
      v[j] = b2 * v[j]! + (1 - b2) * g * g;
      const step = (lr * (m[j]! / c1)) / (Math.sqrt(v[j]! / c2) + 1e-8);
      if (j === FEATURE_DIM) fit.bias -= step;
      else fit.weights[j]! -= step;
    }
  }
  return fit;
}

/** Area under the ROC curve, ties counted half. NaN without both classes. */
function auc(scores: readonly number[], labels: readonly number[]): number {
  const order = scores.map((s, i) => [s, labels[i]!] as const).sort((a, b) => a[0] - b[0]);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j < order.length && order[j]![0] === order[i]![0]) j++;
    const rank = (i + j + 1) / 2;
    for (let k = i; k < j; k++)
      if (order[k]![1] === 1) {
        positives++;
        rankSum += rank;
      }
    i = j;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

function aucByBenchmark(examples: readonly Example[], scores: readonly number[]): Record<Benchmark, number> {
  const out = {} as Record<Benchmark, number>;
  for (const b of BENCHMARKS) {
    const idx = examples.map((e, i) => (e.benchmark === b ? i : -1)).filter((i) => i >= 0);
    out[b] = auc(
      idx.map((i) => scores[i]!),
      idx.map((i) => examples[i]!.y),
    );
  }
  return out;
}

function round(x: number, digits = 4): number {
  return x === 0 ? 0 : Number(x.toPrecision(digits));
}

/** JSON with the long arrays on one line each: small, and still readable at the top. */
function serialise(file: RouterModelFile): string {
  const lines = Object.entries(file).map(([key, value]) => `  ${JSON.stringify(key)}: ${JSON.stringify(value)}`);
  return `{\n${lines.join(',\n')}\n}\n`;
}

function main(): void {
  const { values } = parseArgs({ options: { data: { type: 'string' }, out: { type: 'string' } } });
  const dataDir = values.data ? resolve(values.data) : DEFAULT_DATA_DIR;
  const out = values.out ? resolve(values.out) : ROUTER_MODEL_PATH;
  const { rows, files } = loadRouterData(dataDir);
  const trainRows = rows.filter((r) => !r.test);
  const fold = trainRows.map((r) => fnv1a(r.group, 0x9e3779b9) % FOLDS);
  process.stdout.write(`train-router: ${trainRows.length} training rows, ${rows.length - trainRows.length} held out\n`);

  let best: { l2: number; balance: number; score: number; aucs: Record<Benchmark, number>; oof: number[] } | undefined;
  for (const balance of BALANCE_GRID) {
    const examples = examplesOf(trainRows, balance);
    for (const l2 of L2_GRID) {
      const oof = new Array<number>(examples.length).fill(0);
      for (let f = 0; f < FOLDS; f++) {
        const fit = train(
          examples.filter((_, i) => fold[i] !== f),
          l2,
        );
        examples.forEach((ex, i) => {
          if (fold[i] === f) oof[i] = predict(fit, ex);
        });
      }
      const aucs = aucByBenchmark(examples, oof);
      const score = BENCHMARKS.reduce((s, b) => s + aucs[b], 0) / BENCHMARKS.length;
      process.stdout.write(
        `  balance ${balance} l2 ${l2}: cross-validated AUC ${score.toFixed(4)} (${BENCHMARKS.map((b) => `${b} ${aucs[b].toFixed(3)}`).join(', ')})\n`,
      );
      if (!best || score > best.score) best = { l2, balance, score, aucs, oof };
    }
  }
  if (!best) throw new Error('no configuration trained');

  const examples = examplesOf(trainRows, best.balance);
  const fit = train(examples, best.l2);

  // The length regression, on the chosen balance: its l2 by cross-validated weighted squared error.
  let bestOutput: { l2: number; mse: number; oof: number[] } | undefined;
  for (const l2 of OUTPUT_L2_GRID) {
    const oof = new Array<number>(examples.length).fill(0);
    for (let f = 0; f < FOLDS; f++) {
      const lengthFit = train(
        examples.filter((_, i) => fold[i] !== f),
        l2,
        'squared',
      );
      examples.forEach((ex, i) => {
        if (fold[i] === f) oof[i] = linear(lengthFit, ex);
      });
    }
    let mse = 0;
    let total = 0;
    examples.forEach((ex, i) => {
      mse += ex.weight * (oof[i]! - ex.logOutput) ** 2;
      total += ex.weight;
    });
    mse /= total;
    process.stdout.write(`  output length l2 ${l2}: cross-validated squared error of log tokens ${mse.toFixed(4)}\n`);
    if (!bestOutput || mse < bestOutput.mse) bestOutput = { l2, mse, oof };
  }
  if (!bestOutput) throw new Error('no length regression trained');
  const lengthFit = train(examples, bestOutput.l2, 'squared');

  // The cost exponent, on out-of-fold predictions: the most pooled cost saved at 95% of strong
  // quality, among exponents that cost no benchmark more than BENCHMARK_LOSS_ALLOWED against P alone.
  const prices = { extraInputPrice: EXTRA_PRICE.input, extraOutputPrice: EXTRA_PRICE.output };
  const costs = examples.map((ex, i) => extraCost(ex.inputTokens, bestOutput.oof[i]!, prices));
  const savedAt95 = (exponent: number, benchmark?: Benchmark): number => {
    const idx = trainRows.map((r, i) => (benchmark === undefined || r.benchmark === benchmark ? i : -1)).filter((i) => i >= 0);
    const own = idx.map((i) => trainRows[i]!);
    const s = sweep(
      own,
      idx.map((i) => best.oof[i]! / costs[i]! ** exponent),
    );
    const t = totals(own);
    return 1 - (s.at95?.cost ?? t.costStrong) / t.costStrong;
  };
  const baseline = Object.fromEntries(BENCHMARKS.map((b) => [b, savedAt95(0, b)])) as Record<Benchmark, number>;
  let costExponent = 0;
  let bestSaved = savedAt95(0);
  for (const exponent of COST_EXPONENT_GRID) {
    const pooled = savedAt95(exponent);
    const each = BENCHMARKS.map((b) => savedAt95(exponent, b));
    const ok = BENCHMARKS.every((b, k) => each[k]! >= baseline[b] - BENCHMARK_LOSS_ALLOWED);
    process.stdout.write(
      `  cost exponent ${exponent}: cross-validated cost saved at 95% pooled ${(100 * pooled).toFixed(1)}% (${BENCHMARKS.map((b, k) => `${b} ${(100 * each[k]!).toFixed(1)}%`).join(', ')})${ok ? '' : ', loses a benchmark'}\n`,
    );
    if (ok && pooled > bestSaved) {
      costExponent = exponent;
      bestSaved = pooled;
    }
  }

  // lambda is the median out-of-fold r, so the median training prompt scores 0.5.
  const ratios = examples.map((_, i) => best.oof[i]! / costs[i]! ** costExponent);
  const lambda = [...ratios].sort((a, b) => a - b)[Math.floor(ratios.length / 2)]!;
  const sorted = ratios.map((r) => r / (r + lambda)).sort((a, b) => a - b);
  const quantiles = Array.from({ length: 101 }, (_, k) => round(sorted[Math.min(sorted.length - 1, Math.round((k / 100) * (sorted.length - 1)))]!));
  const count = (b: Benchmark, test: boolean) => rows.filter((r) => r.benchmark === b && r.test === test).length;
  const file: RouterModelFile = {
    format: 2,
    featuresVersion: FEATURES_VERSION,
    hashBits: HASH_BITS,
    dense: [...DENSE_FEATURES],
    bias: round(fit.bias, 6),
    weights: Array.from(fit.weights.subarray(0, HASH_DIM), (w) => round(w)),
    denseWeights: Array.from(fit.weights.subarray(HASH_DIM), (w) => round(w)),
    outputBias: round(lengthFit.bias, 6),
    outputWeights: Array.from(lengthFit.weights.subarray(0, HASH_DIM), (w) => round(w)),
    outputDenseWeights: Array.from(lengthFit.weights.subarray(HASH_DIM), (w) => round(w)),
    extraPrice: { input: round(EXTRA_PRICE.input, 6), output: round(EXTRA_PRICE.output, 6) },
    costExponent,
    lambda: round(lambda, 6),
    quantiles,
    training: {
      command: 'npx tsx scripts/train-router.ts',
      data: files,
      strongModel: 'gpt-4-1106-preview',
      weakModel: 'mistralai/Mixtral-8x7B-Instruct-v0.1',
      label: `strong correct and weak wrong (MMLU, GSM8K); strong grade - weak grade >= ${MT_BENCH_MARGIN} (MT-Bench)`,
      testShare: TEST_SHARE,
      rows: Object.fromEntries(BENCHMARKS.map((b) => [b, { train: count(b, false), test: count(b, true) }])),
      positives: examples.reduce((s, e) => s + e.y, 0),
      l2: best.l2,
      benchmarkBalance: best.balance,
      iterations: ITERATIONS,
      crossValidatedAuc: Object.fromEntries(BENCHMARKS.map((b) => [b, round(best.aucs[b], 4)])),
      outputTarget: 'log of the strong model output tokens: GSM8K response chars / 4, MMLU 20, MT-Bench 400',
      outputL2: bestOutput.l2,
      outputCrossValidatedSquaredError: round(bestOutput.mse, 4),
      costExponentCrossValidatedSavedAt95: round(bestSaved, 4),
      score: 'r / (r + lambda), r = P / (extra cost of the strong call in USD per 1M prompts at the training prices) ^ costExponent; a ranking signal',
    },
  };
  const json = serialise(file);
  writeFileSync(out, json);
  const nonzero = file.weights.filter((w) => w !== 0).length;
  process.stdout.write(
    `train-router: chose l2 ${best.l2}, balance ${best.balance} (CV AUC ${best.score.toFixed(4)}); ${nonzero} non-zero hashed weights; wrote ${out} (${(json.length / 1024).toFixed(0)} KB)\n`,
  );
}

main();
