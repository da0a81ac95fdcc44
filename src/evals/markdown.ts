/** The Markdown summary (for a PR comment or $GITHUB_STEP_SUMMARY): verdict, per-grader table, cost, errors, regressed rows. */
import { formatPromptRef } from './prompt-ref.js';
import { type EvalReport, fmtScore, fmtSigned, fmtTally, gateOutcome, gateRule } from './report-context.js';

/** Escapes text for a Markdown table cell. */
export function mdCell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, ' ')
    .replace(/([<>*_`[\]])/g, '\\$1');
}

/** The Markdown document. */
export function renderMarkdown(report: EvalReport): string {
  const { run, summary } = report;
  const passed = !run.stopped && summary.gatePassed;
  const out: string[] = [];
  out.push(
    `## ${passed ? '✅' : '❌'} Eval gate: ${mdCell(formatPromptRef(report.candidate))}${report.baseline ? ` vs ${mdCell(formatPromptRef(report.baseline))}` : ''}`,
  );
  out.push('');
  out.push(`**${mdCell(gateOutcome(report))}** (${run.rows.length} of ${run.total} rows; rule: ${mdCell(gateRule(report))})`);
  out.push('');
  if (report.baseline) {
    out.push('| grader | n | candidate | baseline | diff | 95% CI | verdict |');
    out.push('|---|---:|---:|---:|---:|---|---|');
    for (const g of summary.graders) {
      const d = g.difference;
      out.push(
        `| ${mdCell(g.name)} | ${g.n} | ${fmtScore(g.candidateMean)} | ${fmtScore(g.baselineMean)} | ${d ? fmtSigned(d.mean) : '–'} | ${d ? `[${fmtSigned(d.low)}, ${fmtSigned(d.high)}]` : '–'} | ${g.failed ? '❌ ' : ''}${mdCell(g.verdict)} |`,
      );
    }
  } else {
    out.push('| grader | n | candidate | pass rate | verdict |');
    out.push('|---|---:|---:|---:|---|');
    for (const g of summary.graders)
      out.push(
        `| ${mdCell(g.name)} | ${g.n} | ${fmtScore(g.candidateMean)} | ${fmtScore(g.candidatePassRate)} | ${g.failed ? '❌ ' : ''}${mdCell(g.verdict)} |`,
      );
  }
  out.push('');
  out.push('Intervals: paired percentile bootstrap, 95%, fixed seed.');
  out.push('');
  out.push(`- Candidate: ${fmtTally(run.usage.candidate)}`);
  if (report.baseline) out.push(`- Baseline: ${fmtTally(run.usage.baseline)}`);
  out.push(`- Graders: ${fmtTally(run.usage.graders)}`);
  const regressed: string[] = [];
  for (const r of run.rows) {
    for (const [name, grade] of r.candidate.grades) {
      const base = r.baseline?.grades.get(name);
      if (base?.pass && !grade.pass && !r.candidate.error) regressed.push(`- \`${mdCell(r.row.id)}\` ${mdCell(name)}: ${mdCell(grade.reason)}`);
    }
  }
  if (regressed.length > 0) {
    out.push(
      '',
      `<details><summary>Rows the candidate fails and the baseline passes (${regressed.length})</summary>`,
      '',
      ...regressed.slice(0, 50),
      '',
      '</details>',
    );
  }
  if (summary.rowErrors.length > 0) {
    out.push('', `Call errors (scored 0): ${summary.rowErrors.length}`, '');
    for (const e of summary.rowErrors.slice(0, 20)) out.push(`- \`${mdCell(e.rowId)}\` ${e.side}: ${mdCell(e.error)}`);
  }
  return `${out.join('\n')}\n`;
}
