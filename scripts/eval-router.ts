/**
 * Evaluates the shipped smart-router model on the held-out split of the RouteLLM data, the way
 * RouteLLM does, and writes docs/routing-smart-eval.md (also printed).
 *
 *   npm run eval:router -- [--data DIR] [--model FILE] [--out FILE]
 *
 * DIR defaults to ../shared/data/routellm relative to the repository root; FILE to the shipped
 * src/routing/smart/router-model.json. The split is scripts/router-data.ts's, the one training used.
 */
import { writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ChatRequest } from '../src/core/types.js';
import { decideSmart } from '../src/routing/smart/decide.js';
import { DENSE_FEATURES, HASH_BITS, HEAD_CHARS, TAIL_CHARS } from '../src/routing/smart/features.js';
import { loadRouterModel, ROUTER_MODEL_PATH, type RouterModel, scorePrompt, thresholdForStrongShare } from '../src/routing/smart/model.js';
import {
  BENCHMARK_NAMES,
  BENCHMARKS,
  CHARS_PER_TOKEN,
  DEFAULT_DATA_DIR,
  MMLU_OUTPUT_TOKENS,
  MT_BENCH_MARGIN,
  MT_BENCH_OUTPUT_TOKENS,
  PRICES,
  REPO_ROOT,
  type RouterRow,
  TEST_SHARE,
  loadRouterData,
} from './router-data.js';
import { oracleScores, randomAt, randomAt95, type Summary, sweep, totals } from './router-metrics.js';

const pct = (x: number | undefined, digits = 1) => (x === undefined || Number.isNaN(x) ? 'n/a' : `${(100 * x).toFixed(digits)}%`);
const num = (x: number | undefined, digits = 3) => (x === undefined || Number.isNaN(x) ? 'n/a' : x.toFixed(digits));

/** Seeded PRNG (mulberry32), for the simulated random router. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface SetResult {
  name: string;
  rows: RouterRow[];
  router: Summary;
  oracle: Summary;
  /** Mean APGR of random scores over many seeded draws: checks the metric gives random routing 0.5. */
  simulatedRandomApgr: number;
}

function evaluate(name: string, rows: RouterRow[], scores: number[]): SetResult {
  const next = prng(0x5eed);
  let sum = 0;
  const draws = 200;
  for (let d = 0; d < draws; d++)
    sum += sweep(
      rows,
      rows.map(() => next()),
    ).apgr;
  return { name, rows, router: sweep(rows, scores), oracle: sweep(rows, oracleScores(rows)), simulatedRandomApgr: sum / draws };
}

function saved(cost: number | undefined, strongCost: number): number | undefined {
  return cost === undefined ? undefined : 1 - cost / strongCost;
}

function headlineTable(results: SetResult[]): string {
  const lines = [
    '| set | test prompts | strong quality | weak quality | router: cost saved at 95% | strong calls there | random: cost saved at 95% | oracle: cost saved at 95% | APGR router | APGR oracle | APGR by cost | gap recovered over random at equal cost | CPT(50%) | CPT(80%) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of results) {
    const t = totals(r.rows);
    const rnd = randomAt95(t);
    lines.push(
      `| ${r.name} | ${t.n} | ${num(t.qualityStrong)} | ${num(t.qualityWeak)} (${pct(t.qualityWeak / t.qualityStrong)}) | **${pct(saved(r.router.at95?.cost, t.costStrong))}** | ${pct(r.router.at95?.share)} | ${pct(saved(rnd.cost, t.costStrong))} | ${pct(saved(r.oracle.at95?.cost, t.costStrong))} | **${num(r.router.apgr)}** | ${num(r.oracle.apgr)} | ${num(r.router.apgrCost)} | ${pct(r.router.apgrCost - 0.5)} | ${pct(r.router.cpt50)} | ${pct(r.router.cpt80)} |`,
    );
  }
  return lines.join('\n');
}

function oracleTable(results: SetResult[]): string {
  const lines = ['| set | oracle quality | % of strong quality | strong calls | cost saved |', '| --- | ---: | ---: | ---: | ---: |'];
  for (const r of results) {
    const t = totals(r.rows);
    // The oracle's own point: the strong model only where it does strictly better.
    let quality = 0;
    let cost = 0;
    let strong = 0;
    for (const row of r.rows) {
      const useStrong = row.qualityStrong > row.qualityWeak;
      quality += useStrong ? row.qualityStrong : row.qualityWeak;
      cost += useStrong ? row.costStrong : row.costWeak;
      if (useStrong) strong++;
    }
    quality /= Math.max(1, t.n);
    lines.push(`| ${r.name} | ${num(quality)} | ${pct(quality / t.qualityStrong)} | ${pct(strong / Math.max(1, t.n))} | ${pct(saved(cost, t.costStrong))} |`);
  }
  return lines.join('\n');
}

const SWEEP_SHARES = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

/** Quality kept and cost saved at thresholds that send about 10%..90% of (training-like) prompts to the strong model. */
function sweepTable(results: SetResult[], model: RouterModel): string {
  const header = `| threshold | ${results.map((r) => `${r.name}: strong calls / quality kept / cost saved (random at equal cost: quality kept)`).join(' | ')} |`;
  const lines = [header, `| ---: | ${results.map(() => '---').join(' | ')} |`];
  for (const share of SWEEP_SHARES) {
    const threshold = thresholdForStrongShare(share, model);
    const cells = results.map((r) => {
      const t = totals(r.rows);
      // The last point whose threshold is still >= the chosen one: exactly what the router does at that threshold.
      let point = r.router.points[0]!;
      for (const p of r.router.points) if (p.threshold >= threshold) point = p;
      const rnd = randomAt(t, point.costShare);
      return `${pct(point.share, 0)} / ${pct(point.quality / t.qualityStrong)} / ${pct(saved(point.cost, t.costStrong), 0)} (${pct(rnd.quality / t.qualityStrong)})`;
    });
    lines.push(`| ${threshold.toFixed(3)} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

/** Per set, at its own threshold sending about 10%..90% of its prompts to the strong model. */
function shareTable(results: SetResult[]): string {
  const lines = [
    `| strong calls | ${results.map((r) => `${r.name}: quality kept / cost saved (random at equal cost)`).join(' | ')} |`,
    `| ---: | ${results.map(() => '---').join(' | ')} |`,
  ];
  for (const share of SWEEP_SHARES) {
    const cells = results.map((r) => {
      const t = totals(r.rows);
      const point = r.router.points.find((p) => p.share >= share - 1e-9) ?? r.router.points[r.router.points.length - 1]!;
      const rnd = randomAt(t, point.costShare);
      return `${pct(point.quality / t.qualityStrong)} / ${pct(saved(point.cost, t.costStrong), 0)} (${pct(rnd.quality / t.qualityStrong)})`;
    });
    lines.push(`| ${pct(share, 0)} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

/** Prompts unlike the training data, scored, with the share of training prompts scoring below them. */
const EXAMPLES = [
  'hi',
  'what is 2+2',
  'Hello! How are you today?',
  'Translate "good morning" into French.',
  'Write a haiku about autumn leaves.',
  'Write a Python function that returns the longest palindromic substring of a string in linear time, and explain why it is linear.',
  'Prove by induction that 1^3 + 2^3 + ... + n^3 = (n(n+1)/2)^2 for every integer n >= 1. State the base case, derive the inductive step, justify each algebraic step, then compute the sum for n = 37 and check it against the formula.',
];

function percentile(score: number, model: RouterModel): number {
  let k = 0;
  while (k < 100 && model.quantiles[k + 1]! <= score) k++;
  return k / 100;
}

function examplesTable(model: RouterModel): string {
  const lines = ['| prompt | score | training prompts scoring lower |', '| --- | ---: | ---: |'];
  for (const text of EXAMPLES) {
    const score = scorePrompt({ text }, model);
    lines.push(`| ${text.length > 70 ? `${text.slice(0, 67)}...` : text} | ${score.toFixed(3)} | ${pct(percentile(score, model), 0)} |`);
  }
  return lines.join('\n');
}

function summary(results: SetResult[]): string {
  const parts = results.map((r) => {
    const t = totals(r.rows);
    const rnd = randomAt95(t);
    return `${r.name} ${pct(saved(r.router.at95?.cost, t.costStrong), 0)} (random ${pct(saved(rnd.cost, t.costStrong), 0)}, oracle ${pct(saved(r.oracle.at95?.cost, t.costStrong), 0)})`;
  });
  const apgr = results.map((r) => `${r.name} ${num(r.router.apgr, 2)}`).join(', ');
  return `**In short.** Cost saved while keeping 95% of the strong model's quality: ${parts.join('; ')}. APGR (random 0.50): ${apgr}. Random routing scores 0.50 and the oracle over 1; the router recovers a few points of the quality gap beyond random, far from the oracle, because which prompts the weak model gets wrong is mostly not visible in the prompt.`;
}

interface Timing {
  /** CPU time (process.cpuUsage, user + system) per scorePrompt over the whole loop: robust when other processes share the CPU. */
  cpuMeanUs: number;
  medianUs: number;
  p99Us: number;
  decideMedianUs: number;
  hugeMedianUs: number;
  hugeChars: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

function time(fn: () => void, repeats: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = process.hrtime.bigint();
    fn();
    out.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  return out;
}

/** Per-decision CPU: scorePrompt over the test prompts, decideSmart on a request built from each, and one huge prompt. */
function measure(rows: RouterRow[], model: RouterModel): Timing {
  for (let w = 0; w < 3; w++) for (const row of rows) scorePrompt(row.input, model);
  const each: number[] = [];
  for (let rep = 0; rep < 5; rep++) for (const row of rows) each.push(...time(() => scorePrompt(row.input, model), 1));
  const cpuStart = process.cpuUsage();
  const loops = 20;
  for (let rep = 0; rep < loops; rep++) for (const row of rows) scorePrompt(row.input, model);
  const cpu = process.cpuUsage(cpuStart);
  const cpuMeanUs = (cpu.user + cpu.system) / (loops * rows.length);
  const targets = [
    { model: 'gpt-4o', compiled: { settings: { type: 'openai' } } },
    { model: 'gpt-4o-mini', compiled: { settings: { type: 'openai' } } },
  ];
  const requests: ChatRequest[] = rows.map((row) => ({
    model: 'auto',
    stream: false,
    messages: [
      { role: 'system', content: [{ type: 'text', text: 'You are a helpful assistant.' }] },
      { role: 'user', content: [{ type: 'text', text: row.input.text }] },
    ],
  }));
  for (const request of requests) decideSmart(targets, [0.3], request, model);
  const decide: number[] = [];
  for (let rep = 0; rep < 3; rep++) for (const request of requests) decide.push(...time(() => decideSmart(targets, [0.3], request, model), 1));
  const huge = rows
    .map((r) => r.input.text)
    .join('\n')
    .repeat(4);
  const hugeTimes = time(() => scorePrompt({ text: huge }, model), 200);
  return {
    cpuMeanUs,
    medianUs: median(each),
    p99Us: quantile(each, 0.99),
    decideMedianUs: median(decide),
    hugeMedianUs: median(hugeTimes),
    hugeChars: huge.length,
  };
}

function document(results: SetResult[], model: RouterModel, timing: Timing, modelPath: string, trainingNote: string): string {
  const overall = results[results.length - 1]!;
  const t95 = overall.router.at95?.threshold;
  return `# Smart router: evaluation

Generated by \`npm run eval:router\` (scripts/eval-router.ts); do not edit by hand. Model: \`${modelPath}\`.

## What it is

A model alias with \`strategy: smart\` lists its targets strongest first. For each request the router
estimates P, the probability that the cheap model's answer would be worse than the strong model's,
and the extra cost of the strong call: the request's input tokens and a predicted answer length, at the
training pair's prices (strong $10 / $30, weak $0.60 / $0.60 per 1M tokens, whatever the configured
targets cost). It ranks prompts by r = P / extra cost^${model.costExponent} (the exponent chosen in
training, see below), so a prompt that rarely needs the strong model still goes up when that costs
little, and reports the score r / (r + λ), 0..1, with λ the training prompts' median r (so half of
them score under 0.5). The score is a ranking signal, neither a probability nor a price. The
prompt goes to the strong model when the score reaches the alias's threshold (\`smart.threshold\`,
or one threshold per step down with more than two targets). A capability filter first moves the choice to a target that can take the request at all
(context window, output limit, tools, images, JSON schema answers, from the model catalog).

- **Features** (src/routing/smart/features.ts): the last user turn, read once character by character
  (at most its first ${HEAD_CHARS} and last ${TAIL_CHARS} characters): word unigrams and bigrams hashed
  (FNV-1a) into 2^${HASH_BITS} buckets, numbers as one token per digit count, punctuation as tokens;
  plus ${DENSE_FEATURES.length} dense features: ${DENSE_FEATURES.join(', ')}.
  The system prompt contributes its length only, and the number of user turns is a feature.
- **Model** (src/routing/smart/model.ts, router-model.json): logistic regression with L2 for P,
  ${trainingNote}; and a ridge regression over the same features for the log of the strong model's
  answer length, fitted to the lengths the cost below assumes (GSM8K's measured ones, ${MMLU_OUTPUT_TOKENS} for MMLU,
  ${MT_BENCH_OUTPUT_TOKENS} for MT-Bench; neither model reads the benchmark's name). Both dot products run in one pass.
  The cost exponent is the one of 0, 0.25, 0.5, 0.75 and 1 with the most cross-validated pooled cost saved at 95% on
  the training split, among those losing no benchmark more than 2 points against P alone (1 would
  rank by P per dollar; the costlier prompts of one kind, longer answers, are also the harder ones).
- **Label**: MMLU and GSM8K, the strong model correct and the weak one wrong; MT-Bench, GPT-4's grade
  of the strong answer at least ${MT_BENCH_MARGIN} point above the weak one's (the judge grades in whole
  points, so 1 is the smallest difference it expresses; a margin of 2 leaves too few positives).
- **Split**: per benchmark, ${pct(TEST_SHARE, 0)} of the prompts held out by a hash of the row id (of the
  question id for MT-Bench, so both turns stay on one side); the prompts RouteLLM trained its own
  routers on (\`routellm_train_overlap\`) are never held out. Neither the fit nor the choice of its
  settings sees the held-out rows.

Train: \`npx tsx scripts/train-router.ts\` (writes src/routing/smart/router-model.json). Evaluate:
\`npm run eval:router\` (writes this file). Both take \`--data DIR\`, default \`../shared/data/routellm\`
from the repository root. Training is deterministic: the same data gives the same file.

## How it is measured

As RouteLLM does, on the held-out prompts only. The router sends each prompt to
\`${PRICES.strong.model}\` (strong) or \`${PRICES.weak.model}\` (weak); sweeping the threshold over every
distinct score gives the curve from all-weak to all-strong.

- **Quality**: mean of the chosen model's correctness (MMLU, GSM8K) or GPT-4 grade / 10 (MT-Bench,
  which keeps ratios to the strong model's quality as on the 1-10 scale). "Overall" pools all held-out
  prompts (so MMLU weighs most).
- **Cost**: $10 / $30 per 1M input / output tokens for the strong model, $0.60 / $0.60 for the weak one.
  Input tokens from the prompt (core/token-estimate.ts; MT-Bench second turns also carry the first turn
  and an assumed ${MT_BENCH_OUTPUT_TOKENS}-token first answer). Output tokens: GSM8K from each model's
  response length (${CHARS_PER_TOKEN} characters a token); a fixed guess elsewhere, ${MMLU_OUTPUT_TOKENS} for MMLU
  (a letter and a short reason) and ${MT_BENCH_OUTPUT_TOKENS} for MT-Bench, the same for both models.
- **Cost saved at 95%**: the cheapest point of the sweep whose quality is at least 95% of the strong
  model's, as a saving against sending everything to the strong model. Random routing reaches 95% at
  the share of strong calls that closes the needed part of the gap on average; the oracle knows which
  prompts the weak model gets wrong.
- **APGR**: the performance gap recovered, PGR = (quality - weak) / (strong - weak), averaged over the
  sweep by share of strong calls (RouteLLM's definition). Random routing scores 0.5 (checked by
  simulation: ${results.map((r) => `${r.name} ${num(r.simulatedRandomApgr)}`).join(', ')} over 200 seeded random routers).
  **APGR by cost** averages PGR over the normalised cost instead; **gap recovered over random at equal cost** is
  APGR by cost - 0.5: the share of the strong-weak quality gap the router recovers beyond random
  routing at the same spend, averaged over all spends.
- **CPT(x%)**: the smallest share of strong calls at which the router recovers x% of the gap.

## Results (held-out split)

${summary(results)}

${headlineTable(results)}

The oracle's own operating point (strong model only where it does strictly better):

${oracleTable(results)}

### Along the sweep

Each set at its own threshold for about 10% .. 90% of its prompts to the strong model: % of the strong
model's quality kept / % cost saved, and in brackets the quality random routing keeps at the same cost.

${shareTable(results)}

### One threshold for mixed traffic

Thresholds chosen by \`thresholdForStrongShare\` (10% .. 90% of training-like prompts to the strong
model). Each cell: share of strong calls / % of the strong model's quality kept / % cost saved, and
in brackets the quality random routing keeps at the same cost.

${sweepTable(results, model)}

${t95 !== undefined ? `On the pooled held-out set, 95% of the strong model's quality is first reached at threshold **${t95.toFixed(3)}** (\`smart: { threshold: ${t95.toFixed(3)} }\`).` : 'The pooled held-out set never reaches 95% of the strong model quality below all-strong.'}
The score is a ranking signal (half of the training prompts score under 0.5), not a probability; pick
the threshold from the sweep above, or from a wanted share of strong calls with
\`thresholdForStrongShare(share)\`.

### Prompts unlike the training data

${examplesTable(model)}

None of the training prompts is small talk, so a greeting is scored like an average benchmark prompt,
not as an easy one; the thresholds above were found on benchmark prompts. On real traffic, choose the
threshold by the share of strong calls you can afford (\`thresholdForStrongShare\`) and check it on your logs.

## CPU cost per decision

Measured in process on this machine (Node ${process.version}), so the figures are only comparable with
other figures measured the same way on the same machine:

- \`scorePrompt\` (features and model) over the ${overall.rows.length} held-out prompts, each timed 5 times
  (wall clock): median **${timing.medianUs.toFixed(1)} µs**, p99 ${timing.p99Us.toFixed(1)} µs. CPU time over 20 passes:
  mean ${timing.cpuMeanUs.toFixed(1)} µs per call.
- \`decideSmart\` (request to prompt, score, thresholds, input-token estimate and capability filter on two
  catalog models): median ${timing.decideMedianUs.toFixed(1)} µs.
- A ${(timing.hugeChars / 1024).toFixed(0)} KB prompt: median ${timing.hugeMedianUs.toFixed(1)} µs (only the head and tail are read).

## Caveats

- The data is small: ${overall.rows.length} held-out prompts in all, and MT-Bench has only
  ${results.find((r) => r.name === 'MT-Bench')?.rows.length ?? 0} (${TEST_SHARE * 100}% of 80 questions x 2 turns, less the
  RouteLLM-overlap questions), so its figures move by several points with a different split.
- "Overall" pools prompts whose costs differ: by the output guesses above, the strong model costs on
  average ${results
    .slice(0, -1)
    .map((r) => `$${((1000 * totals(r.rows).costStrong) / Math.max(1, r.rows.length)).toFixed(2)}`)
    .join(' / ')} per 1,000 prompts on ${results
    .slice(0, -1)
    .map((r) => r.name)
    .join(' / ')}; the router weighs P against its own estimate of the extra cost, which is only as good
  as the predicted answer length.
  On the pooled set its APGR is ${num(overall.router.apgr, 2)} by share of calls but ${num(overall.router.apgrCost, 2)} by cost
  (random 0.50 on both); within each benchmark, by cost: ${results
    .slice(0, -1)
    .map((r) => `${r.name} ${num(r.router.apgrCost, 2)}`)
    .join(', ')}.
- Three benchmarks with two fixed models. A prompt distribution unlike MMLU, GSM8K and MT-Bench, or
  another pair of models, changes both the scores' meaning and the right threshold; retrain on your own
  logs where possible.
- On MMLU and GSM8K the weak model's failures are hard to predict from the prompt alone (RouteLLM's
  own routers recover little there too).
- The weak model is right where the strong one is wrong on some prompts (MMLU especially), so the
  oracle exceeds 100% of the strong model's quality and all-strong is not the quality ceiling.
- Output tokens are guessed outside GSM8K, which sets how much a weak call saves and what the length
  regression learns, so it also shifts which prompts go where.
- The system prompt has no learned effect yet: none of the training prompts has one.
`;
}

function main(): void {
  const { values } = parseArgs({ options: { data: { type: 'string' }, model: { type: 'string' }, out: { type: 'string' } } });
  const modelPath = values.model ? resolve(values.model) : ROUTER_MODEL_PATH;
  const out = values.out ? resolve(values.out) : resolve(REPO_ROOT, 'docs/routing-smart-eval.md');
  const model = loadRouterModel(modelPath);
  const { rows } = loadRouterData(values.data ? resolve(values.data) : DEFAULT_DATA_DIR);
  const test = rows.filter((r) => r.test);
  const scores = new Map(test.map((r) => [r, scorePrompt(r.input, model)] as const));
  const results: SetResult[] = [];
  for (const b of BENCHMARKS) {
    const own = test.filter((r) => r.benchmark === b);
    results.push(
      evaluate(
        BENCHMARK_NAMES[b],
        own,
        own.map((r) => scores.get(r)!),
      ),
    );
  }
  results.push(
    evaluate(
      'Overall',
      test,
      test.map((r) => scores.get(r)!),
    ),
  );
  const timing = measure(test, model);
  const training = rows.filter((r) => !r.test).length;
  const note = `trained on ${training} prompts (the regularisation and per-benchmark balance picked by 5-fold cross-validation inside the training split)`;
  const doc = document(results, model, timing, relative(REPO_ROOT, modelPath), note);
  writeFileSync(out, doc);
  process.stdout.write(`${doc}\neval-router: wrote ${out}\n`);
}

main();
