/**
 * Runs a dataset through the gateway: each row is answered by the candidate prompt and, when
 * given, the baseline (same row, paired), then graded by the file's graders plus the row's own.
 * A row whose call fails scores 0 on every grader and is listed; a refusal that would fail every
 * row (unreachable gateway, 401/403, a 402 budget refusal) stops the run and keeps what finished.
 */
import type { DatasetRow } from './dataset.js';
import { EvalStopError } from './errors.js';
import { chatCompletion, embeddings, type GatewayConnection, RowCallError } from './gateway-client.js';
import { buildGrader, type GradeResult, type Grader, type GraderServices, type GraderSpec } from './graders/index.js';
import type { PromptRef } from './prompt-ref.js';
import { emptyTally, type UsageTally } from './usage.js';

/** What the run needs. */
export interface RunOptions {
  rows: DatasetRow[];
  /** Graders applied to every row. */
  graders: GraderSpec[];
  candidate: PromptRef;
  baseline?: PromptRef;
  /** A model (alias) to call instead of the prompt version's default model. */
  model?: string;
  connection: GatewayConnection;
  concurrency: number;
  /** Called after each row finishes. */
  onProgress?: (done: number, total: number) => void;
}

/** One side's answer to a row and its grades (by grader name). */
export interface SideResult {
  output?: string;
  /** Why the call failed (the row then scores 0). */
  error?: string;
  grades: Map<string, GradeResult>;
}

/** A finished row. */
export interface RowResult {
  row: DatasetRow;
  candidate: SideResult;
  baseline?: SideResult;
}

/** What the run produced. */
export interface RunResult {
  /** Finished rows, in dataset order. */
  rows: RowResult[];
  /** Rows in the dataset (after --limit). */
  total: number;
  /** Grader names in first-seen order. */
  graderNames: string[];
  usage: { candidate: UsageTally; baseline: UsageTally; graders: UsageTally };
  /** Set when the run stopped early. */
  stopped?: EvalStopError;
}

/** Names graders uniquely: a second unnamed `contains` becomes `contains#2`. */
export function nameGraders(specs: readonly GraderSpec[], taken: ReadonlySet<string> = new Set()): Grader[] {
  const used = new Set(taken);
  return specs.map((spec) => {
    const grader = buildGrader(spec);
    let name = grader.name;
    for (let i = 2; used.has(name); i++) name = `${grader.name}#${i}`;
    used.add(name);
    return name === grader.name ? grader : { ...grader, name, grade: grader.grade };
  });
}

/** The chat body for one row and prompt. */
export function requestBody(row: DatasetRow, prompt: PromptRef, model?: string): Record<string, unknown> {
  return {
    ...(model !== undefined ? { model } : {}),
    messages: row.messages ?? [],
    prompt: { id: prompt.id, ...(prompt.version !== undefined ? { version: prompt.version } : {}), variables: row.variables },
  };
}

/** Runs the eval. */
export async function runEval(options: RunOptions): Promise<RunResult> {
  const usage = { candidate: emptyTally(), baseline: emptyTally(), graders: emptyTally() };
  const globalGraders = nameGraders(options.graders);
  const globalNames = new Set(globalGraders.map((g) => g.name));
  const services: GraderServices = {
    chat: (model, messages, params) => chatCompletion(options.connection, { model, messages, ...params }, usage.graders),
    embed: (model, inputs) => embeddings(options.connection, model, inputs, usage.graders),
  };
  const results: Array<RowResult | undefined> = new Array(options.rows.length);
  let stopped: EvalStopError | undefined;
  let next = 0;
  let done = 0;

  const answerAndGrade = async (row: DatasetRow, prompt: PromptRef, graders: Grader[], tally: UsageTally): Promise<SideResult> => {
    const side: SideResult = { grades: new Map() };
    try {
      side.output = await chatCompletion(options.connection, requestBody(row, prompt, options.model), tally);
    } catch (err) {
      if (!(err instanceof RowCallError)) throw err;
      side.error = err.message;
      for (const g of graders) side.grades.set(g.name, { score: 0, pass: false, reason: `call failed: ${err.message}` });
      return side;
    }
    for (const grader of graders) {
      try {
        side.grades.set(
          grader.name,
          await grader.grade({ output: side.output, expected: row.expected, variables: row.variables, messages: row.messages }, services),
        );
      } catch (err) {
        if (!(err instanceof RowCallError)) throw err;
        side.grades.set(grader.name, { score: 0, pass: false, reason: `grader call failed: ${err.message}` });
      }
    }
    return side;
  };

  const worker = async () => {
    while (!stopped && next < options.rows.length) {
      const index = next++;
      const row = options.rows[index]!;
      const rowGraders = [...globalGraders, ...nameGraders(row.graders, globalNames)];
      try {
        const [candidate, baseline] = await Promise.all([
          answerAndGrade(row, options.candidate, rowGraders, usage.candidate),
          options.baseline ? answerAndGrade(row, options.baseline, rowGraders, usage.baseline) : Promise.resolve(undefined),
        ]);
        results[index] = { row, candidate, baseline };
      } catch (err) {
        if (!(err instanceof EvalStopError)) throw err;
        stopped ??= err;
        continue;
      }
      done++;
      options.onProgress?.(done, options.rows.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, options.rows.length)) }, worker));
  const rows = results.filter((r): r is RowResult => r !== undefined);
  // Names in dataset order (the file's graders first), whatever order the workers finished in.
  const graderNames = globalGraders.map((g) => g.name);
  for (const r of rows) for (const name of r.candidate.grades.keys()) if (!graderNames.includes(name)) graderNames.push(name);
  return { rows, total: options.rows.length, graderNames, usage, stopped };
}
