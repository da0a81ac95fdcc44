/**
 * JUnit XML for CI test reporters: one testsuite, one testcase per row × grader, and a `gate`
 * testcase. A row's testcase fails when the candidate fails the grader and the baseline (when
 * there is one) passed it, i.e. on that row the candidate regressed; a failed call is an <error>.
 * The `gate` testcase fails when the gate does, and is an <error> when the run stopped.
 */
import { formatPromptRef } from './prompt-ref.js';
import { type EvalReport, gateOutcome, gateRule } from './report-context.js';

/** Escapes text for XML content and attribute values; drops characters XML 1.0 forbids. */
export function xmlEscape(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** The JUnit XML document. */
export function renderJunit(report: EvalReport): string {
  const cases: string[] = [];
  let failures = 0;
  let errors = 0;
  for (const r of report.run.rows) {
    for (const [name, grade] of r.candidate.grades) {
      const base = r.baseline?.grades.get(name);
      const attrs = `name="${xmlEscape(`${r.row.id} / ${name}`)}" classname="${xmlEscape(`eval.${name}`)}"`;
      const detail = `candidate ${grade.score.toFixed(3)}: ${grade.reason}${base ? `\nbaseline ${base.score.toFixed(3)}: ${base.reason}` : ''}`;
      if (r.candidate.error) {
        errors++;
        cases.push(`  <testcase ${attrs}>\n    <error message="${xmlEscape(r.candidate.error)}">${xmlEscape(detail)}</error>\n  </testcase>`);
      } else if (!grade.pass && (!base || base.pass)) {
        failures++;
        const message = base ? `regressed: the baseline passes, the candidate does not (${grade.reason})` : grade.reason;
        cases.push(`  <testcase ${attrs}>\n    <failure message="${xmlEscape(message)}">${xmlEscape(detail)}</failure>\n  </testcase>`);
      } else {
        cases.push(`  <testcase ${attrs}>\n    <system-out>${xmlEscape(detail)}</system-out>\n  </testcase>`);
      }
    }
  }
  const outcome = gateOutcome(report);
  const gateText = `${gateRule(report)}\n${outcome}`;
  if (report.run.stopped) {
    errors++;
    cases.push(`  <testcase name="gate" classname="eval">\n    <error message="${xmlEscape(outcome)}">${xmlEscape(gateText)}</error>\n  </testcase>`);
  } else if (!report.summary.gatePassed) {
    failures++;
    cases.push(`  <testcase name="gate" classname="eval">\n    <failure message="${xmlEscape(outcome)}">${xmlEscape(gateText)}</failure>\n  </testcase>`);
  } else {
    cases.push(`  <testcase name="gate" classname="eval">\n    <system-out>${xmlEscape(gateText)}</system-out>\n  </testcase>`);
  }
  const suite = `switchboard eval ${formatPromptRef(report.candidate)}${report.baseline ? ` vs ${formatPromptRef(report.baseline)}` : ''}`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuite name="${xmlEscape(suite)}" tests="${cases.length}" failures="${failures}" errors="${errors}" skipped="0">`,
    ...cases,
    '</testsuite>',
    '',
  ].join('\n');
}
