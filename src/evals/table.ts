/** The report printed on stdout: per-grader means, paired differences with intervals, verdicts, tokens and cost. */
import { formatPromptRef } from './prompt-ref.js';
import { type EvalReport, fmtScore, fmtSigned, fmtTally, gateOutcome, gateRule } from './report-context.js';

/** Pads columns to their widest cell. */
export function renderColumns(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** The plain-text report. */
export function renderTable(report: EvalReport): string {
  const { run, summary } = report;
  const lines: string[] = [];
  lines.push(`Eval: candidate ${formatPromptRef(report.candidate)}${report.baseline ? ` vs baseline ${formatPromptRef(report.baseline)}` : ''}`);
  lines.push(`Rows: ${run.rows.length} of ${run.total} finished${summary.rowErrors.length > 0 ? `, ${summary.rowErrors.length} call errors (scored 0)` : ''}`);
  lines.push('');
  const header = report.baseline
    ? ['grader', 'n', 'candidate', 'baseline', 'diff', '95% CI (paired bootstrap)', 'verdict']
    : ['grader', 'n', 'candidate', 'pass rate', 'verdict'];
  const body = summary.graders.map((g) =>
    report.baseline
      ? [
          g.name,
          String(g.n),
          fmtScore(g.candidateMean),
          fmtScore(g.baselineMean),
          g.difference ? fmtSigned(g.difference.mean) : '–',
          g.difference ? `[${fmtSigned(g.difference.low)}, ${fmtSigned(g.difference.high)}]` : '–',
          g.failed ? `FAIL ${g.verdict}` : g.verdict,
        ]
      : [g.name, String(g.n), fmtScore(g.candidateMean), fmtScore(g.candidatePassRate), g.failed ? `FAIL ${g.verdict}` : g.verdict],
  );
  lines.push(renderColumns([header, ...body]));
  lines.push('');
  lines.push(`Candidate: ${fmtTally(run.usage.candidate)}`);
  if (report.baseline) lines.push(`Baseline:  ${fmtTally(run.usage.baseline)}`);
  lines.push(`Graders:   ${fmtTally(run.usage.graders)}`);
  if (summary.rowErrors.length > 0) {
    lines.push('');
    lines.push('Call errors:');
    for (const e of summary.rowErrors.slice(0, 20)) lines.push(`  ${e.rowId} (line ${e.line}) ${e.side}: ${e.error}`);
    if (summary.rowErrors.length > 20) lines.push(`  … and ${summary.rowErrors.length - 20} more`);
  }
  lines.push('');
  lines.push(`Gate: ${gateRule(report)}`);
  lines.push(`Result: ${gateOutcome(report)}`);
  return `${lines.join('\n')}\n`;
}
