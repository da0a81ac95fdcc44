/** Everything the report writers (table, JUnit, Markdown) show about one run. */
import type { PromptRef } from './prompt-ref.js';
import type { RunResult } from './run.js';
import type { EvalSummary, GateOptions } from './summary.js';
import type { UsageTally } from './usage.js';

/** One run's results and verdict. */
export interface EvalReport {
  candidate: PromptRef;
  baseline?: PromptRef;
  run: RunResult;
  summary: EvalSummary;
  gate: GateOptions;
}

/** A score with 3 decimals ("–" for none). */
export function fmtScore(value: number | undefined): string {
  return value === undefined || Number.isNaN(value) ? '–' : value.toFixed(3);
}

/** A signed difference with 3 decimals. */
export function fmtSigned(value: number): string {
  return Number.isNaN(value) ? '–' : `${value >= 0 ? '+' : ''}${value.toFixed(3)}`;
}

/** `$0.001234` with enough digits for small runs. */
export function fmtUsd(value: number): string {
  return `$${value.toFixed(value >= 1 ? 2 : 6)}`;
}

/** One line of tokens and cost. */
export function fmtTally(t: UsageTally): string {
  return `${t.calls} calls, ${t.inputTokens} input + ${t.outputTokens} output tokens, ${fmtUsd(t.costUsd)}${t.unpriced > 0 ? ` (${t.unpriced} unpriced)` : ''}`;
}

/** The gate rule in words, for every output. */
export function gateRule(report: EvalReport): string {
  const parts: string[] = [];
  if (report.baseline) parts.push(`fail when a grader's candidate mean is more than ${report.gate.maxRegression} below the baseline's (point estimate)`);
  if (report.gate.minScore !== undefined) parts.push(`fail when a grader's candidate mean is below ${report.gate.minScore}`);
  return parts.length > 0 ? parts.join('; ') : 'no gate (give --baseline or --min-score)';
}

/** The gate's one-line outcome. */
export function gateOutcome(report: EvalReport): string {
  if (report.run.stopped) return `STOPPED: ${report.run.stopped.message}`;
  const failed = report.summary.graders.filter((g) => g.failed);
  if (failed.length === 0) return 'PASSED';
  return `FAILED: ${failed.map((g) => `${g.name} ${g.verdict}`).join('; ')}`;
}
