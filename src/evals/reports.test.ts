/** The gate rule and the report writers: table, JUnit XML (escaped, with failures and the gate), Markdown. */
import { describe, expect, it } from 'vitest';
import type { DatasetRow } from './dataset.js';
import { EvalStopError } from './errors.js';
import type { GradeResult } from './graders/index.js';
import { renderJunit, xmlEscape } from './junit.js';
import { mdCell, renderMarkdown } from './markdown.js';
import type { EvalReport } from './report-context.js';
import type { RowResult, RunResult } from './run.js';
import { summarizeRun } from './summary.js';
import { renderTable } from './table.js';
import { emptyTally } from './usage.js';

const row = (id: string, line: number): DatasetRow => ({ id, line, variables: {}, graders: [] });
const grade = (score: number, reason = 'r'): GradeResult => ({ score, pass: score >= 1, reason });
const side = (scores: Record<string, number>, error?: string) => ({
  output: error ? undefined : 'out',
  error,
  grades: new Map(Object.entries(scores).map(([k, v]) => [k, grade(v, error ? `call failed: ${error}` : `score ${v}`)])),
});

function run(rows: RowResult[], stopped?: EvalStopError): RunResult {
  const usage = { candidate: emptyTally(), baseline: emptyTally(), graders: emptyTally() };
  usage.candidate = { calls: 4, inputTokens: 40, outputTokens: 12, costUsd: 0.00123, unpriced: 0 };
  return { rows, total: 4, graderNames: ['contains', 'judge'], usage, stopped };
}

function report(rows: RowResult[], options: { maxRegression?: number; minScore?: number; baseline?: boolean; stopped?: EvalStopError } = {}): EvalReport {
  const r = run(rows, options.stopped);
  const gate = { maxRegression: options.maxRegression ?? 0.05, minScore: options.minScore, seed: 1 };
  const baseline = options.baseline === false ? undefined : { id: 'p', version: 'production' };
  return { candidate: { id: 'p', version: '2' }, baseline, run: r, gate, summary: summarizeRun(r, gate, baseline !== undefined) };
}

const regressed: RowResult[] = [
  { row: row('a', 1), candidate: side({ contains: 0, judge: 1 }), baseline: side({ contains: 1, judge: 1 }) },
  { row: row('b<&>"', 2), candidate: side({ contains: 1, judge: 1 }), baseline: side({ contains: 1, judge: 1 }) },
  { row: row('c', 3), candidate: side({ contains: 0, judge: 0 }, 'HTTP 500 upstream_error: boom'), baseline: side({ contains: 1, judge: 1 }) },
  { row: row('d', 4), candidate: side({ contains: 1, judge: 1 }), baseline: side({ contains: 1, judge: 1 }) },
];
const same: RowResult[] = regressed.map((r) => ({ ...r, candidate: r.baseline! }));

describe('the gate', () => {
  it('fails a grader whose mean drops by more than --max-regression (point estimate)', () => {
    const s = report(regressed).summary;
    expect(s.gatePassed).toBe(false);
    expect(s.graders.find((g) => g.name === 'contains')).toMatchObject({ candidateMean: 0.5, baselineMean: 1, failed: true, verdict: 'regressed' });
    expect(s.graders.find((g) => g.name === 'judge')).toMatchObject({ candidateMean: 0.75, failed: true });
    expect(s.rowErrors).toEqual([{ rowId: 'c', line: 3, side: 'candidate', error: 'HTTP 500 upstream_error: boom' }]);
  });
  it('passes an identical candidate, and a drop inside the margin', () => {
    expect(report(same).summary.gatePassed).toBe(true);
    expect(report(same).summary.graders[0]).toMatchObject({ verdict: 'no clear difference', difference: { mean: 0, low: 0, high: 0 } });
    expect(report(regressed, { maxRegression: 0.5 }).summary.gatePassed).toBe(true);
  });
  it('fails below --min-score, with or without a baseline', () => {
    expect(report(same, { minScore: 1 }).summary.gatePassed).toBe(true);
    const s = report(regressed, { minScore: 0.8, maxRegression: 1, baseline: false }).summary;
    expect(s.graders.map((g) => [g.name, g.verdict])).toEqual([
      ['contains', 'below min score'],
      ['judge', 'below min score'],
    ]);
  });
});

describe('the table', () => {
  it('shows means, the paired difference with its interval, verdicts, cost and the gate', () => {
    const text = renderTable(report(regressed));
    expect(text).toContain('Eval: candidate p@2 vs baseline p@production');
    expect(text).toContain('Rows: 4 of 4 finished, 1 call errors (scored 0)');
    expect(text).toMatch(/contains\s+4\s+0\.500\s+1\.000\s+-0\.500\s+\[-1\.000, \+0\.000\]\s+FAIL regressed/);
    expect(text).toContain('Candidate: 4 calls, 40 input + 12 output tokens, $0.001230');
    expect(text).toContain("Gate: fail when a grader's candidate mean is more than 0.05 below the baseline's (point estimate)");
    expect(text).toContain('Result: FAILED: contains regressed; judge regressed');
    expect(text).toContain('c (line 3) candidate: HTTP 500 upstream_error: boom');
  });
});

describe('JUnit XML', () => {
  it('has one testcase per row × grader plus the gate, failures for regressed rows, errors for failed calls, escaped', () => {
    const xml = renderJunit(report(regressed));
    expect(xml).toContain('<testsuite name="switchboard eval p@2 vs p@production" tests="9" failures="2" errors="2" skipped="0">');
    expect(xml).toContain(
      '<testcase name="a / contains" classname="eval.contains">\n    <failure message="regressed: the baseline passes, the candidate does not (score 0)">',
    );
    expect(xml).toContain('name="b&lt;&amp;&gt;&quot; / contains"');
    expect(xml).toContain('<error message="HTTP 500 upstream_error: boom">');
    expect(xml).toMatch(/<testcase name="gate" classname="eval">\n {4}<failure message="FAILED: contains regressed; judge regressed">/);
    expect(renderJunit(report(same))).toContain('failures="0" errors="0"');
  });
  it('marks the gate as an error when the run stopped', () => {
    const xml = renderJunit(report(same.slice(0, 2), { stopped: new EvalStopError('the gateway refused the call: HTTP 402', 402) }));
    expect(xml).toContain('<testcase name="gate" classname="eval">\n    <error message="STOPPED: the gateway refused the call: HTTP 402">');
  });
  it('escapes every XML special character and drops control characters', () => {
    expect(xmlEscape(`<a href="x">&'\u0001`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;');
  });
});

describe('Markdown', () => {
  it('summarizes the verdict, the table, cost, regressed rows and errors', () => {
    const md = renderMarkdown(report(regressed));
    expect(md).toContain('## ❌ Eval gate: p@2 vs p@production');
    expect(md).toContain('| contains | 4 | 0.500 | 1.000 | -0.500 | [-1.000, +0.000] | ❌ regressed |');
    expect(md).toContain('- `a` contains: score 0');
    expect(md).toContain('- `c` candidate: HTTP 500 upstream\\_error: boom');
    expect(renderMarkdown(report(same))).toContain('## ✅ Eval gate');
  });
  it('escapes table cells', () => {
    expect(mdCell('a|b\nc')).toBe('a\\|b c');
  });
});
