/**
 * ExperimentResultsSource on SQLite and PostgreSQL: per-variant counts, means and sample variances
 * checked against hand-computed values, the error rule, the feedback join (latest score, same team
 * only, null teams matching), `since`, and other experiments' rows left out.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RequestRecord } from '../../observability/request-record.js';
import type { ExperimentResultsSource, FeedbackInput, VariantSamples } from '../../prompts/experiments/results-contract.js';
import { GOVERNANCE_DIALECTS, type GovernanceDatabase } from '../../testing/governance-storage.js';
import { testRequestRecord } from '../../testing/request-record.js';
import { openFeedbackStore } from '../feedback/index.js';
import { requestLogStore } from '../request-log/store.js';
import { openExperimentResults, summarize } from './index.js';

const T0 = Date.UTC(2027, 0, 1);

function rec(id: string, time: number, variant: string | undefined, over: Partial<RequestRecord> = {}): RequestRecord {
  return testRequestRecord(id, time, { teamId: 'team_a', experiment: 'exp_1', variant, ...over });
}

const RECORDS: RequestRecord[] = [
  // control: latency [100, 200, 300], ttft [50, 70], cost [0.001, 0.003, 0.002], errors [0, 0, 1, 0]
  rec('c1', T0 + 1, 'control', { totalMs: 100, costUsd: 0.001 }),
  rec('c2', T0 + 2, 'control', { totalMs: 200, stream: true, ttftMs: 50, costUsd: 0.003 }),
  rec('c3', T0 + 3, 'control', { totalMs: 300, status: 500, errorCode: 'upstream_error' }),
  rec('c4', T0 + 4, 'control', { totalMs: 1, status: 429, errorCode: 'rate_limit_exceeded' }),
  rec('c5', T0 + 5, 'control', { totalMs: 300, stream: true, ttftMs: 70, costUsd: 0.002 }),
  rec('c6', T0 + 6, 'control', { totalMs: 2, status: 402, errorCode: 'budget_exceeded' }),
  rec('c7', T0 + 7, 'control', { totalMs: 5, status: 499, errorCode: 'client_closed' }),
  // treatment: t1 is before `since`; t2 the caller's standing; t3 a provider's 429; t4 untenanted
  rec('t1', T0 - 1_000, 'treatment', { totalMs: 1_000, costUsd: 0.01 }),
  rec('t2', T0 + 1, 'treatment', { totalMs: 1, status: 403, errorCode: 'permission_denied' }),
  rec('t3', T0 + 2, 'treatment', { totalMs: 50, status: 429, errorCode: 'upstream_rate_limited' }),
  rec('t4', T0 + 3, 'treatment', { totalMs: 3_000, teamId: undefined }),
  // Not this experiment's.
  rec('o1', T0 + 1, 'control', { experiment: 'exp_2', totalMs: 9_999 }),
  rec('o2', T0 + 1, undefined, { experiment: undefined, totalMs: 9_999 }),
];

const fb = (requestId: string, time: number, over: Partial<FeedbackInput>): FeedbackInput => ({ requestId, time, teamId: 'team_a', ...over });

const FEEDBACK: FeedbackInput[] = [
  fb('c1', T0 + 10, { score: 1 }),
  fb('c1', T0 + 20, { score: 0 }), // the latest counts: c1 → 0
  fb('c2', T0 + 30, { score: 1, teamId: 'team_b' }), // another team's: never counts
  fb('c2', T0 + 40, { label: 'thumbs_up' }), // no score: not a sample
  fb('c5', T0 + 50, { score: 1 }),
  fb('o1', T0 + 50, { score: 1 }),
  fb('t1', T0 + 10, { score: 5, teamId: undefined }), // untenanted feedback on team_a's request: no
  fb('t4', T0 + 10, { score: 4, teamId: undefined }), // untenanted on untenanted: yes
];

/** The named variant's samples; a missing one fails the test. */
function variant(samples: VariantSamples[], name: string): VariantSamples {
  const found = samples.find((s) => s.variant === name);
  if (!found) throw new Error(`no variant ${name} in ${JSON.stringify(samples)}`);
  return found;
}

describe('summarize', () => {
  it('gives the n − 1 variance, 0 below two samples, and never a negative one', () => {
    expect(summarize(3, 600, 140_000)).toEqual({ n: 3, mean: 200, variance: 10_000 });
    expect(summarize(1, 7, 49)).toEqual({ n: 1, mean: 7, variance: 0 });
    expect(summarize(2, 0.2, 0.02 - 1e-18).variance).toBe(0);
  });
});

describe.each(GOVERNANCE_DIALECTS)('ExperimentResultsSource on %s', (name, open) => {
  let database: GovernanceDatabase;
  let results: ExperimentResultsSource;
  beforeAll(async () => {
    database = await open(`exp_results_${name}`);
    results = openExperimentResults(database.storage);
  });
  afterAll(() => database.close());
  beforeEach(async () => {
    await database.storage.db.deleteFrom('request_log').execute();
    await database.storage.db.deleteFrom('feedback').execute();
    await requestLogStore(database.storage).write(RECORDS);
    const store = openFeedbackStore(database.storage);
    for (const f of FEEDBACK) await store.add(f);
  });

  it('aggregates every metric per variant, as computed by hand', async () => {
    const samples = await results.samples('exp_1');
    expect(samples.map((s) => s.variant)).toEqual(['control', 'treatment']);
    const control = variant(samples, 'control');
    const treatment = variant(samples, 'treatment');
    expect(control.requests).toBe(7);
    expect(control.metrics.latency_ms).toEqual({ n: 3, mean: 200, variance: 10_000 });
    expect(control.metrics.ttft_ms).toEqual({ n: 2, mean: 60, variance: 200 });
    expect(control.metrics.cost_usd?.n).toBe(3);
    expect(control.metrics.cost_usd?.mean).toBeCloseTo(0.002, 12);
    expect(control.metrics.cost_usd?.variance).toBeCloseTo(1e-6, 12);
    // c1 0, c2 0, c3 1, c5 0; c4 (429), c6 (402) and c7 (499) are the caller's, not samples.
    expect(control.metrics.error_rate).toEqual({ n: 4, mean: 0.25, variance: 0.25 });
    // c1's latest score 0, c5's 1; team_b's score on c2 and the label-only row do not count.
    expect(control.metrics.feedback).toEqual({ n: 2, mean: 0.5, variance: 0.5 });

    expect(treatment.requests).toBe(4);
    expect(treatment.metrics.latency_ms).toEqual({ n: 2, mean: 2_000, variance: 2_000_000 });
    expect(treatment.metrics.ttft_ms).toBeUndefined();
    expect(treatment.metrics.cost_usd).toEqual({ n: 1, mean: 0.01, variance: 0 });
    expect(treatment.metrics.error_rate?.n).toBe(3);
    expect(treatment.metrics.error_rate?.mean).toBeCloseTo(1 / 3, 12);
    expect(treatment.metrics.error_rate?.variance).toBeCloseTo(1 / 3, 12);
    // Only t4's untenanted score: untenanted feedback on team_a's t1 is not a match.
    expect(treatment.metrics.feedback).toEqual({ n: 1, mean: 4, variance: 0 });
  });

  it('counts only rows at or after `since`', async () => {
    const since = await results.samples('exp_1', { since: T0 });
    const treatment = variant(since, 'treatment');
    const control = variant(since, 'control');
    expect(treatment.requests).toBe(3);
    expect(treatment.metrics.latency_ms).toEqual({ n: 1, mean: 3_000, variance: 0 });
    expect(treatment.metrics.cost_usd).toBeUndefined();
    expect(treatment.metrics.error_rate).toEqual({ n: 2, mean: 0.5, variance: 0.5 });
    expect(control.requests).toBe(7);
    expect((await results.samples('exp_1', { since: T0 + 6 })).map((s) => [s.variant, s.requests])).toEqual([['control', 2]]);
  });

  it('keeps other experiments apart and answers [] for an experiment without rows', async () => {
    const [other] = await results.samples('exp_2');
    expect(other).toMatchObject({ variant: 'control', requests: 1, metrics: { latency_ms: { n: 1, mean: 9_999, variance: 0 }, feedback: { n: 1, mean: 1 } } });
    expect(await results.samples('exp_none')).toEqual([]);
  });

  it('stays exact on many large latencies (doubles, no integer overflow)', async () => {
    const many = Array.from({ length: 500 }, (_, i) => rec(`big${i}`, T0 + i, 'slow', { experiment: 'exp_big', totalMs: 600_000 + (i % 2) }));
    await requestLogStore(database.storage).write(many);
    const slow = variant(await results.samples('exp_big'), 'slow');
    expect(slow.metrics.latency_ms?.n).toBe(500);
    expect(slow.metrics.latency_ms?.mean).toBeCloseTo(600_000.5, 6);
    // 250 at each of two values half a unit from the mean: Σ(x − mean)² = 125, over 499.
    expect(slow.metrics.latency_ms?.variance).toBeCloseTo(125 / 499, 6);
  });
});
