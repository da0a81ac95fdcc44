import { describe, expect, it } from 'vitest';
import { decide, describeComparison, promotable } from './decide.js';
import type { MetricComparison, MetricName, MetricVerdict } from './types.js';
import type { TreatmentComparisons } from './variants.js';

function comparison(metric: MetricName, verdict: MetricVerdict, difference = 0): MetricComparison {
  return {
    metric,
    control: { n: 1000, mean: 1, variance: 1 },
    treatment: { n: 1000, mean: 1 + difference, variance: 1 },
    difference,
    interval: [difference - 0.1, difference + 0.1],
    pValue: verdict === 'better' || verdict === 'worse' ? 0.001 : 0.5,
    verdict,
    alpha: 0.025,
  };
}

function treatment(variant: string, verdicts: Partial<Record<MetricName, [MetricVerdict, number?]>>): TreatmentComparisons {
  const comparisons: TreatmentComparisons['comparisons'] = {};
  for (const [metric, [verdict, difference]] of Object.entries(verdicts) as [MetricName, [MetricVerdict, number?]][]) {
    comparisons[metric] = comparison(metric, verdict, difference);
  }
  return { variant, comparisons };
}

const guards: MetricName[] = ['error_rate', 'latency_ms'];

describe('decide', () => {
  it('names the treatment that is better on the primary with no guard worse', () => {
    const input = {
      control: 'A',
      primary: 'feedback' as const,
      guards,
      treatments: [treatment('B', { feedback: ['better', 0.3], error_rate: ['not_enough_data'] }), treatment('C', { feedback: ['not_enough_data', 0.1] })],
    };
    const decision = decide(input);
    expect(decision).toMatchObject({ decision: 'winner', variant: 'B' });
    expect(decision.reason).toContain('B beats A on feedback: +0.3');
    expect(decision.reason).toContain('Bonferroni');
    expect(promotable(decision, input)).toEqual({ promote: true, variant: 'B', reason: decision.reason });
  });

  it('picks the largest improvement when several treatments are better', () => {
    const decision = decide({
      control: 'A',
      primary: 'latency_ms',
      guards: [],
      treatments: [treatment('B', { latency_ms: ['better', -10] }), treatment('C', { latency_ms: ['better', -25] })],
    });
    expect(decision).toMatchObject({ decision: 'winner', variant: 'C' });
  });

  it('does not name a winner that is worse on a guard, and auto-promotion refuses it', () => {
    const input = {
      control: 'A',
      primary: 'feedback' as const,
      guards,
      treatments: [treatment('B', { feedback: ['better', 0.3], latency_ms: ['worse', 40] })],
    };
    const decision = decide(input);
    expect(decision.decision).toBe('not_enough_data');
    expect(decision.reason).toContain('worse on latency_ms (guard)');
    expect(promotable(decision, input).promote).toBe(false);
    // Even a decision handed in by hand is checked against the comparisons.
    expect(promotable({ decision: 'winner', variant: 'B', reason: '' }, input)).toMatchObject({ promote: false });
  });

  it('keeps the control when every treatment is worse on the primary; that is never promoted', () => {
    const input = {
      control: 'A',
      primary: 'feedback' as const,
      guards,
      treatments: [treatment('B', { feedback: ['worse', -0.2] }), treatment('C', { feedback: ['worse', -0.4] })],
    };
    const decision = decide(input);
    expect(decision).toMatchObject({ decision: 'winner', variant: 'A' });
    expect(promotable(decision, input)).toMatchObject({ promote: false });
  });

  it('says no_difference only when every treatment is no_difference on the primary', () => {
    const all = decide({
      control: 'A',
      primary: 'feedback',
      guards,
      treatments: [treatment('B', { feedback: ['no_difference'] }), treatment('C', { feedback: ['no_difference'] })],
    });
    expect(all.decision).toBe('no_difference');
    const some = decide({
      control: 'A',
      primary: 'feedback',
      guards,
      treatments: [treatment('B', { feedback: ['no_difference'] }), treatment('C', { feedback: ['worse', -1] })],
    });
    expect(some.decision).toBe('not_enough_data');
    expect(promotable(all, { control: 'A', primary: 'feedback', guards, treatments: [] }).promote).toBe(false);
  });

  it('waits without data on the primary or without treatments', () => {
    const missing = decide({ control: 'A', primary: 'feedback', guards, treatments: [treatment('B', { latency_ms: ['better', -5] })] });
    expect(missing).toMatchObject({ decision: 'not_enough_data' });
    expect(missing.reason).toContain('B has no feedback data');
    expect(decide({ control: 'A', primary: 'feedback', guards, treatments: [] }).decision).toBe('not_enough_data');
  });

  it('describes a comparison in plain words', () => {
    expect(describeComparison(comparison('feedback', 'better', 0.25))).toBe('+0.25 (97.5% interval 0.15 to 0.35, p = 0.001)');
  });
});
