/**
 * The dashboard's pure helpers for the prompt and experiment pages: reading a unified diff into
 * coloured lines with line numbers, and placing always-valid intervals on an axis centred on zero.
 */
import { createTwoFilesPatch } from 'diff';
import { describe, expect, it } from 'vitest';
import { parseUnifiedDiff } from '../../web/src/diff-lines.js';
import { crossesZero, placeBar, symmetricExtent, toPercent } from '../../web/src/interval.js';
import { confidence, metricInfo, pValue, relative } from '../../web/src/metrics.js';

describe('parseUnifiedDiff', () => {
  it('classifies a real unified diff (from the diff package) with old and new line numbers', () => {
    const before = 'system: You are terse.\nuser: Summarise {{doc}}\nmodel: gpt-4o-mini\ntemperature: 0.2\n';
    const after = 'system: You are terse and kind.\nuser: Summarise {{doc}}\nmodel: gpt-4o-mini\ntemperature: 0.2\nmax_tokens: 200\n';
    const parsed = parseUnifiedDiff(createTwoFilesPatch('v1', 'v2', before, after));
    expect(parsed.added).toBe(2);
    expect(parsed.removed).toBe(1);
    const body = parsed.lines.filter((l) => l.kind !== 'header');
    expect(body[0]).toMatchObject({ kind: 'hunk' });
    expect(body.slice(1)).toEqual([
      { kind: 'remove', text: 'system: You are terse.', oldLine: 1 },
      { kind: 'add', text: 'system: You are terse and kind.', newLine: 1 },
      { kind: 'context', text: 'user: Summarise {{doc}}', oldLine: 2, newLine: 2 },
      { kind: 'context', text: 'model: gpt-4o-mini', oldLine: 3, newLine: 3 },
      { kind: 'context', text: 'temperature: 0.2', oldLine: 4, newLine: 4 },
      { kind: 'add', text: 'max_tokens: 200', newLine: 5 },
    ]);
    expect(parsed.lines.filter((l) => l.kind === 'header').map((l) => l.text.slice(0, 3))).toEqual(expect.arrayContaining(['---', '+++']));
  });

  it('reads lines that look like headers inside a hunk as changes, and keeps notes and several hunks apart', () => {
    const unified = [
      '--- a',
      '+++ b',
      '@@ -3,2 +3,2 @@',
      '--- a removed rule',
      '+++ an added line',
      '\\ No newline at end of file',
      '@@ -10 +10,2 @@',
      ' kept',
      '+new',
      '',
    ].join('\n');
    const parsed = parseUnifiedDiff(unified);
    expect(parsed.lines.map((l) => l.kind)).toEqual(['header', 'header', 'hunk', 'remove', 'add', 'note', 'hunk', 'context', 'add']);
    expect(parsed.lines[3]).toEqual({ kind: 'remove', text: '-- a removed rule', oldLine: 3 });
    expect(parsed.lines[4]).toEqual({ kind: 'add', text: '++ an added line', newLine: 3 });
    expect(parsed.lines[7]).toEqual({ kind: 'context', text: 'kept', oldLine: 10, newLine: 10 });
    expect(parsed.lines[8]).toEqual({ kind: 'add', text: 'new', newLine: 11 });
  });

  it('numbers an added file from 1 and answers nothing changed for an empty diff', () => {
    const parsed = parseUnifiedDiff('@@ -0,0 +1,2 @@\n+a\n+b\n');
    expect(parsed.lines.slice(1)).toEqual([
      { kind: 'add', text: 'a', newLine: 1 },
      { kind: 'add', text: 'b', newLine: 2 },
    ]);
    expect(parseUnifiedDiff('')).toEqual({ lines: [], added: 0, removed: 0 });
  });
});

describe('interval placement', () => {
  it('puts zero in the middle of a symmetric scale wide enough for every bound and estimate', () => {
    const rows = [
      { interval: [-5, 15] as const, difference: 5 },
      { interval: [-30, -10] as const, difference: -20 },
    ];
    const extent = symmetricExtent(rows);
    expect(extent).toBeCloseTo(33, 9);
    expect(toPercent(0, extent)).toBe(50);
    const a = placeBar(rows[0]!.interval, 5, extent);
    expect(a.left).toBeCloseTo(50 - (5 / 33) * 50, 9);
    expect(a.left + a.width).toBeCloseTo(50 + (15 / 33) * 50, 9);
    expect(a.point).toBeCloseTo(50 + (5 / 33) * 50, 9);
    expect(a.openLeft || a.openRight).toBe(false);
    const b = placeBar(rows[1]!.interval, -20, extent);
    expect(b.left + b.width).toBeLessThan(50);
  });

  it('runs an unbounded side to the edge and ignores missing bounds when scaling', () => {
    expect(symmetricExtent([{ interval: [null, null], difference: null }])).toBe(1);
    expect(symmetricExtent([{ interval: [0, 0], difference: 0 }])).toBe(1);
    const extent = symmetricExtent([{ interval: [null, 2], difference: 1 }]);
    expect(extent).toBeCloseTo(2.2, 9);
    const bar = placeBar([null, 2], 1, extent);
    expect(bar).toMatchObject({ left: 0, openLeft: true, openRight: false });
    expect(bar.width).toBeCloseTo(50 + (2 / 2.2) * 50, 9);
    expect(placeBar([-100, 100], 0, 10)).toEqual({ left: 0, width: 100, point: 50, openLeft: true, openRight: true });
  });

  it('says whether an interval includes zero', () => {
    expect(crossesZero([-1, 2])).toBe(true);
    expect(crossesZero([0.5, 2])).toBe(false);
    expect(crossesZero([-3, -1])).toBe(false);
    expect(crossesZero([null, -1])).toBe(false);
    expect(crossesZero([1, null])).toBe(false);
    expect(crossesZero([null, null])).toBe(true);
  });
});

describe('metric formats', () => {
  it('writes values and signed differences in each metric unit', () => {
    expect(metricInfo('latency_ms').value(412.4)).toBe('412 ms');
    expect(metricInfo('latency_ms').delta(-35)).toBe('−35 ms');
    expect(metricInfo('error_rate').value(0.025)).toBe('2.5%');
    expect(metricInfo('error_rate').delta(0.01)).toBe('+1.0 pp');
    expect(metricInfo('cost_usd').delta(-0.00042)).toBe('−$0.000420');
    expect(metricInfo('feedback').lowerIsBetter).toBe(false);
    expect(metricInfo('custom_metric').label).toBe('custom_metric');
    expect(pValue(0.0004)).toBe('< 0.001');
    expect(pValue(0.0432)).toBe('0.043');
    expect(pValue(null)).toBe('–');
    expect(relative(-0.125)).toBe('−13%');
    expect(relative(0.05)).toBe('+5.0%');
    expect(confidence(0.05)).toBe('95%');
    expect(confidence(0.1)).toBe('90%');
  });
});
