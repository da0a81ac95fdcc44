/**
 * The eval's verdict. Per grader: the candidate's and baseline's mean score over the finished rows
 * that grader applies to, the paired difference with its 95% bootstrap interval, and the gate.
 *
 * The gate uses the POINT ESTIMATE: a grader fails when baseline mean − candidate mean is greater
 * than `maxRegression`, or when the candidate mean is below `minScore`. The interval is reported to
 * show how sure the difference is, but does not move the gate (a simple rule to explain in a PR).
 */
import type { RowResult, RunResult } from './run.js';
import { mean, type PairedDifference, pairedBootstrap } from './stats.js';

/** The gate's settings. */
export interface GateOptions {
  /** Largest allowed drop of a grader's mean (absolute, on the 0–1 scale). */
  maxRegression: number;
  /** Lowest allowed candidate mean for every grader. */
  minScore?: number;
  /** Seed of the bootstrap. */
  seed: number;
}

/** One grader's line of the report. */
export interface GraderSummary {
  name: string;
  /** Finished rows this grader graded. */
  n: number;
  candidateMean: number;
  candidatePassRate: number;
  baselineMean?: number;
  baselinePassRate?: number;
  difference?: PairedDifference;
  /** regressed | below min score | improved | worse (within margin) | no clear difference | ok. */
  verdict: string;
  failed: boolean;
}

/** A row call that failed. */
export interface RowError {
  rowId: string;
  line: number;
  side: 'candidate' | 'baseline';
  error: string;
}

/** The whole verdict. */
export interface EvalSummary {
  graders: GraderSummary[];
  /** True when no grader failed the gate (an operational stop is reported apart, as exit 2). */
  gatePassed: boolean;
  rowErrors: RowError[];
}

/** Tolerance for float comparisons of means (0.1 + 0.2 style noise must not flip the gate). */
const EPSILON = 1e-9;

function summarize(name: string, rows: RowResult[], options: GateOptions, hasBaseline: boolean): GraderSummary {
  const graded = rows.filter((r) => r.candidate.grades.has(name));
  const candidate = graded.map((r) => r.candidate.grades.get(name)!);
  const candidateMean = mean(candidate.map((g) => g.score));
  const candidatePassRate = mean(candidate.map((g) => (g.pass ? 1 : 0)));
  const summary: GraderSummary = { name, n: graded.length, candidateMean, candidatePassRate, verdict: 'ok', failed: false };
  const reasons: string[] = [];
  if (hasBaseline) {
    const baseline = graded.map((r) => r.baseline?.grades.get(name) ?? { score: 0, pass: false, reason: '' });
    summary.baselineMean = mean(baseline.map((g) => g.score));
    summary.baselinePassRate = mean(baseline.map((g) => (g.pass ? 1 : 0)));
    summary.difference = pairedBootstrap(
      candidate.map((g) => g.score),
      baseline.map((g) => g.score),
      options.seed,
    );
    if (summary.baselineMean - candidateMean > options.maxRegression + EPSILON) reasons.push('regressed');
  }
  if (options.minScore !== undefined && !(candidateMean >= options.minScore - EPSILON)) reasons.push('below min score');
  if (graded.length === 0) reasons.push('no rows graded');
  if (reasons.length > 0) {
    summary.failed = true;
    summary.verdict = reasons.join(', ');
  } else if (summary.difference) {
    const d = summary.difference;
    summary.verdict = d.low > 0 ? 'improved' : d.high < 0 ? 'worse (within margin)' : 'no clear difference';
  }
  return summary;
}

/** Computes the verdict of a run. */
export function summarizeRun(run: RunResult, options: GateOptions, hasBaseline: boolean): EvalSummary {
  const graders = run.graderNames.map((name) => summarize(name, run.rows, options, hasBaseline));
  const rowErrors: RowError[] = [];
  for (const r of run.rows) {
    if (r.candidate.error) rowErrors.push({ rowId: r.row.id, line: r.row.line, side: 'candidate', error: r.candidate.error });
    if (r.baseline?.error) rowErrors.push({ rowId: r.row.id, line: r.row.line, side: 'baseline', error: r.baseline.error });
  }
  return { graders, gatePassed: graders.length > 0 && graders.every((g) => !g.failed), rowErrors };
}
