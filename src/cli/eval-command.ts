/**
 * `switchboard eval`: runs a dataset through the gateway with a candidate prompt version (and a
 * baseline), grades the answers, prints the report and gates CI. Exit 0: the gate passed; 1: a
 * grader regressed beyond --max-regression or fell below --min-score; 2: the eval could not run
 * (bad input, gateway unreachable, key refused, a 402 budget refusal), with partial results.
 */
import { appendFile, writeFile } from 'node:fs/promises';
import { type Command, InvalidArgumentError } from 'commander';
import { loadDataset } from '../evals/dataset.js';
import { EvalInputError, EvalStopError } from '../evals/errors.js';
import { gatewayBase } from '../evals/gateway-client.js';
import type { GraderSpec } from '../evals/graders/index.js';
import { loadGradersFile } from '../evals/graders-file.js';
import { renderJunit } from '../evals/junit.js';
import { renderMarkdown } from '../evals/markdown.js';
import { createProgress } from '../evals/progress.js';
import { parsePromptRef } from '../evals/prompt-ref.js';
import type { EvalReport } from '../evals/report-context.js';
import { runEval } from '../evals/run.js';
import { summarizeRun } from '../evals/summary.js';
import { renderTable } from '../evals/table.js';

/** Options as commander parses them. */
interface EvalOptions {
  dataset: string;
  prompt: string;
  baseline?: string;
  graders?: string;
  model?: string;
  url?: string;
  key?: string;
  maxRegression: number;
  minScore?: number;
  concurrency: number;
  junit?: string;
  markdown?: string;
  limit?: number;
  seed: number;
  timeoutMs: number;
}

function parseNonNegative(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('must be a number ≥ 0.');
  return n;
}

function parseScore(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError('must be a score between 0 and 1.');
  return n;
}

function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number ≥ 1.');
  return n;
}

function parseSeed(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError('must be a whole number.');
  return n;
}

/** Runs the command; resolves with the exit code. */
export async function runEvalCommand(options: EvalOptions, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const write = (text: string) => process.stdout.write(text);
  let report: EvalReport;
  try {
    const candidate = parsePromptRef(options.prompt, '--prompt');
    const baseline = options.baseline ? parsePromptRef(options.baseline, '--baseline') : undefined;
    const url = options.url ?? env.SWITCHBOARD_URL ?? 'http://127.0.0.1:8080';
    gatewayBase(url);
    const graders: GraderSpec[] = options.graders ? await loadGradersFile(options.graders) : [];
    let rows = await loadDataset(options.dataset);
    if (options.limit !== undefined) rows = rows.slice(0, options.limit);
    if (graders.length === 0 && rows.every((r) => r.graders.length === 0)) {
      throw new EvalInputError(`${options.dataset}: no graders: pass --graders FILE.yaml or give rows a "graders" list.`);
    }
    const progress = createProgress(process.stderr, rows.length);
    const run = await runEval({
      rows,
      graders,
      candidate,
      baseline,
      model: options.model,
      connection: { url, key: options.key ?? env.SWITCHBOARD_API_KEY, timeoutMs: options.timeoutMs },
      concurrency: options.concurrency,
      onProgress: (done, total) => progress.update(done, total),
    }).finally(() => progress.stop());
    const gate = { maxRegression: options.maxRegression, minScore: options.minScore, seed: options.seed };
    report = { candidate, baseline, run, gate, summary: summarizeRun(run, gate, baseline !== undefined) };
  } catch (err) {
    if (err instanceof EvalInputError || err instanceof EvalStopError) {
      process.stderr.write(`switchboard eval: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  write(renderTable(report));
  if (options.junit) await writeFile(options.junit, renderJunit(report));
  const markdown = options.markdown || env.GITHUB_STEP_SUMMARY ? renderMarkdown(report) : '';
  if (options.markdown) await writeFile(options.markdown, markdown);
  if (env.GITHUB_STEP_SUMMARY) await appendFile(env.GITHUB_STEP_SUMMARY, markdown);
  if (report.run.stopped) {
    process.stderr.write(`switchboard eval: stopped after ${report.run.rows.length} of ${report.run.total} rows: ${report.run.stopped.message}\n`);
    return 2;
  }
  return report.summary.gatePassed ? 0 : 1;
}

/** Registers `switchboard eval`. */
export function registerEvalCommand(program: Command): void {
  program
    .command('eval')
    .description('Run a dataset through the gateway with a prompt version, grade the answers against a baseline, and gate CI (exit 1 on a regression).')
    .requiredOption('--dataset <file>', 'JSONL dataset, one row per line: {"id"?, "variables", "messages"?, "expected"?, "graders"?}')
    .requiredOption('--prompt <id@version>', 'the candidate prompt: ID@VERSION or ID@LABEL')
    .option('--baseline <id@label>', 'the baseline prompt to compare with (same rows, paired)')
    .option('--graders <file>', 'YAML list of graders applied to every row')
    .option('--model <alias>', "call this model (alias) instead of each prompt version's default model")
    .option('--url <url>', 'gateway URL (default $SWITCHBOARD_URL or http://127.0.0.1:8080)')
    .option('--key <key>', 'virtual key to call with (default $SWITCHBOARD_API_KEY); budgets apply')
    .option('--max-regression <delta>', "largest allowed drop of a grader's mean score (point estimate)", parseNonNegative, 0.05)
    .option('--min-score <score>', 'lowest allowed candidate mean for every grader', parseScore)
    .option('--concurrency <n>', 'rows in flight at once', parsePositiveInt, 4)
    .option('--junit <file>', 'write JUnit XML here')
    .option('--markdown <file>', 'write a Markdown summary here (also appended to $GITHUB_STEP_SUMMARY when set)')
    .option('--limit <n>', 'run only the first N rows', parsePositiveInt)
    .option('--seed <n>', 'seed of the bootstrap confidence intervals', parseSeed, 1)
    .option('--timeout-ms <ms>', 'timeout of each gateway call', parsePositiveInt, 120_000)
    .action(async (options: EvalOptions) => {
      process.exitCode = await runEvalCommand(options);
    });
}
