/**
 * The RouteLLM evaluation data as the smart router's training and evaluation scripts see it:
 * rows with the router's input, the label, both models' quality and cost, and a deterministic,
 * stratified held-out split. Shared by scripts/train-router.ts and scripts/eval-router.ts so both
 * agree on every row. Read at development time only; the gateway never reads the shared data folder.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { estimateTextTokens } from '../src/core/token-estimate.js';
import type { PromptInput } from '../src/routing/smart/features.js';

/** The repository root (this file is in scripts/). */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** ../shared/data/routellm relative to the repository root, where the data sets live beside the checkout. */
export const DEFAULT_DATA_DIR = resolve(REPO_ROOT, '../shared/data/routellm');

/** The three benchmarks, in report order. */
export const BENCHMARKS = ['mmlu', 'gsm8k', 'mt_bench'] as const;
/** One benchmark. */
export type Benchmark = (typeof BENCHMARKS)[number];
/** Display names. */
export const BENCHMARK_NAMES: Record<Benchmark, string> = { mmlu: 'MMLU', gsm8k: 'GSM8K', mt_bench: 'MT-Bench' };
const FILES: Record<Benchmark, string> = { mmlu: 'mmlu_sample.jsonl', gsm8k: 'gsm8k.jsonl', mt_bench: 'mt_bench.jsonl' };

/** Share of each benchmark's prompts held out for evaluation. */
export const TEST_SHARE = 0.25;
/**
 * MT-Bench: the strong model is "needed" when GPT-4's grade of its answer is at least this much
 * above the weak model's. The judge grades in whole points, so 1 is the smallest difference it
 * expresses; 2 would leave about 30 positives in 160 rows, too few to learn from.
 */
export const MT_BENCH_MARGIN = 1;

/** USD per token (README (d), from litellm_prices): gpt-4-1106-preview $10/$30, Mixtral-8x7B $0.60/$0.60 per 1M. */
export const PRICES = {
  strong: { model: 'gpt-4-1106-preview', input: 10e-6, output: 30e-6 },
  weak: { model: 'mistralai/Mixtral-8x7B-Instruct-v0.1', input: 0.6e-6, output: 0.6e-6 },
} as const;
/** Output tokens assumed where the data has no response length: an MMLU answer is a letter and a short justification. */
export const MMLU_OUTPUT_TOKENS = 20;
/** Output tokens assumed per MT-Bench answer (open-ended writing, coding and reasoning answers). */
export const MT_BENCH_OUTPUT_TOKENS = 400;
/** Characters per output token when GSM8K gives the response length in characters. */
export const CHARS_PER_TOKEN = 4;

/** One evaluation row. */
export interface RouterRow {
  id: string;
  benchmark: Benchmark;
  /** What the split is keyed on: the MT-Bench question (both turns stay together), else the row id. */
  group: string;
  input: PromptInput;
  /** 1 when the strong model is needed (strictly better than the weak one). */
  label: 0 | 1;
  /** Quality of each model's answer, 0..1 (correctness, or MT-Bench grade / 10). */
  qualityStrong: number;
  qualityWeak: number;
  /** The strong model's output tokens as the cost below assumes them: the output-length regression's target. */
  outputTokens: number;
  /** USD for this prompt on each model. */
  costStrong: number;
  costWeak: number;
  /** RouteLLM trained its own routers on this prompt; never in our test split. */
  overlap: boolean;
  test: boolean;
}

/** A data file as read, for the model's provenance. */
export interface DataFile {
  file: string;
  sha256: string;
  rows: number;
}

/** FNV-1a over a string: the split's and the folds' deterministic hash. */
export function fnv1a(text: string, seed = 0x811c9dc5): number {
  let h = seed;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

type Raw = Record<string, unknown> & { id: string; routellm_train_overlap: boolean };

function cost(price: { input: number; output: number }, inputTokens: number, outputTokens: number): number {
  return inputTokens * price.input + outputTokens * price.output;
}

function toRow(benchmark: Benchmark, raw: Raw): RouterRow {
  const base = { id: raw.id, benchmark, overlap: raw.routellm_train_overlap, test: false };
  if (benchmark === 'mt_bench') {
    const turns = raw.user_turns as string[];
    const strong = raw.strong_score as number;
    const weak = raw.weak_score as number;
    // The second turn's input carries the first turn and an answer to it (assumed MT_BENCH_OUTPUT_TOKENS long).
    let inputTokens = 0;
    for (const turn of turns) inputTokens += estimateTextTokens(turn);
    inputTokens += (turns.length - 1) * MT_BENCH_OUTPUT_TOKENS;
    return {
      ...base,
      group: `mt_bench-${raw.question_id as number}`,
      input: { text: turns[turns.length - 1]!, turns: turns.length, inputTokens },
      label: strong - weak >= MT_BENCH_MARGIN ? 1 : 0,
      outputTokens: MT_BENCH_OUTPUT_TOKENS,
      qualityStrong: strong / 10,
      qualityWeak: weak / 10,
      costStrong: cost(PRICES.strong, inputTokens, MT_BENCH_OUTPUT_TOKENS),
      costWeak: cost(PRICES.weak, inputTokens, MT_BENCH_OUTPUT_TOKENS),
    };
  }
  const prompt = raw.prompt as string;
  const strong = raw.strong_correct ? 1 : 0;
  const weak = raw.weak_correct ? 1 : 0;
  const inputTokens = estimateTextTokens(prompt);
  const outStrong = benchmark === 'gsm8k' ? Math.ceil((raw.strong_response_chars as number) / CHARS_PER_TOKEN) : MMLU_OUTPUT_TOKENS;
  const outWeak = benchmark === 'gsm8k' ? Math.ceil((raw.weak_response_chars as number) / CHARS_PER_TOKEN) : MMLU_OUTPUT_TOKENS;
  return {
    ...base,
    group: raw.id,
    input: { text: prompt, turns: 1, inputTokens },
    label: strong > weak ? 1 : 0,
    outputTokens: outStrong,
    qualityStrong: strong,
    qualityWeak: weak,
    costStrong: cost(PRICES.strong, inputTokens, outStrong),
    costWeak: cost(PRICES.weak, inputTokens, outWeak),
  };
}

/**
 * Marks the held-out rows: per benchmark, the groups free of RouteLLM-training prompts are ordered
 * by a hash of their key and the first TEST_SHARE of them are the test split. Ordering (not a
 * hash cut-off) gives every benchmark exactly its share, however small it is.
 */
function split(rows: RouterRow[]): void {
  for (const benchmark of BENCHMARKS) {
    const own = rows.filter((r) => r.benchmark === benchmark);
    const tainted = new Set(own.filter((r) => r.overlap).map((r) => r.group));
    const groups = [...new Set(own.map((r) => r.group))].filter((g) => !tainted.has(g));
    groups.sort((a, b) => fnv1a(a) - fnv1a(b) || (a < b ? -1 : 1));
    const test = new Set(groups.slice(0, Math.round(groups.length * TEST_SHARE)));
    for (const row of own) row.test = test.has(row.group);
  }
}

/** Reads the three files, labels and prices every row, and marks the test split. */
export function loadRouterData(dir: string = DEFAULT_DATA_DIR): { rows: RouterRow[]; files: DataFile[] } {
  const rows: RouterRow[] = [];
  const files: DataFile[] = [];
  for (const benchmark of BENCHMARKS) {
    const path = join(dir, FILES[benchmark]);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      throw new Error(`cannot read ${path} (${(err as Error).message}); pass --data DIR with the routellm folder of the shared data sets`);
    }
    const lines = text.split('\n').filter((line) => line.trim() !== '');
    for (const line of lines) rows.push(toRow(benchmark, JSON.parse(line) as Raw));
    files.push({ file: FILES[benchmark], sha256: createHash('sha256').update(text).digest('hex'), rows: lines.length });
  }
  split(rows);
  return { rows, files };
}
