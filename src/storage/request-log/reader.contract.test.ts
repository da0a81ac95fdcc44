/**
 * The request log's read side on SQLite and PostgreSQL: every search filter, keyset pagination
 * across ties, the detail, the overview with its buckets, percentiles and split, and the chunked
 * retention sweep. The same expectations run on both dialects, so both give the same answers.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RequestSummary } from '../../admin/requests-contract.js';
import type { RequestRecord } from '../../observability/request-record.js';
import type { GuardVerdict } from '../../pipeline/context.js';
import { GOVERNANCE_DIALECTS, type GovernanceDatabase } from '../../testing/governance-storage.js';
import { encodeCursor } from './cursor.js';
import { metadataPattern } from './filters.js';
import { percentile } from './percentiles.js';
import { InvalidCursorError, type RequestLogReader, type RequestLogSearch } from './query.js';
import { requestLogReader, requestLogStore } from './store.js';
import { testRequestRecord } from '../../testing/request-record.js';

/** A minute boundary, so buckets are easy to reason about. */
const T0 = Date.UTC(2027, 2, 1, 10, 0);
const MIN = 60_000;

function rec(id: string, time: number, over: Partial<RequestRecord> = {}): RequestRecord {
  return testRequestRecord(id, time, { teamId: 'team_a', projectId: 'proj_a', keyId: 'key_a', inputTokens: 10, outputTokens: 5, costUsd: 0.001, ...over });
}

/** The data set: ids in byte order differ from locale order (upper case sorts first), ties on time. */
const RECORDS: RequestRecord[] = [
  rec('req_a1', T0 + 1_000, { metadata: { customer: 'Acme Corp', env: 'prod' }, ttftMs: 30, totalMs: 120 }),
  rec('req_a2', T0 + 2_000, { metadata: { customer: 'globex', 'ticket%id': '50_off' }, status: 429, errorCode: 'upstream_rate_limited', totalMs: 300 }),
  rec('req_B3', T0 + 2_000, { teamId: 'team_b', projectId: 'proj_b', keyId: 'key_b', endUser: 'alice', totalMs: 50, costUsd: 0.01 }),
  rec('req_b4', T0 + 2_000, { teamId: 'team_b', projectId: 'proj_b', keyId: 'key_b', endUser: 'bob', provider: 'other', modelServed: 'big-1', totalMs: 80 }),
  rec('req_a5', T0 + MIN + 5_000, { modelRequested: 'smart', modelServed: 'sim-large', status: 500, errorCode: 'upstream_error', ttftMs: 40, totalMs: 200 }),
  rec('req_a6', T0 + 2 * MIN + 1, { metadata: { note: 'say "hi" \\ now' }, stream: true, ttftMs: 50, totalMs: 400, costUsd: 0.002 }),
  rec('req_n7', T0 + 2 * MIN + 2, {
    teamId: undefined,
    projectId: undefined,
    keyId: undefined,
    provider: undefined,
    modelServed: undefined,
    status: 401,
    errorCode: 'invalid_api_key',
    totalMs: 1,
    costUsd: undefined,
    inputTokens: undefined,
    outputTokens: undefined,
  }),
];

/** The expected order of a search: time desc, then id desc in byte order. */
function newestFirst(records: RequestRecord[]): string[] {
  return [...records].sort((a, b) => b.time - a.time || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)).map((r) => r.id);
}

describe('metadataPattern', () => {
  it('escapes LIKE wildcards and writes the text as JSON does', () => {
    expect(metadataPattern('50%_x')).toBe('%50\\%\\_x%');
    expect(metadataPattern('say "hi"')).toBe('%say \\\\"hi\\\\"%');
  });
});

describe('percentile', () => {
  it('interpolates between neighbours like percentile_cont', () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile([10], 0.95)).toBe(10);
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentile([0, 100], 0.95)).toBe(95);
  });
});

describe.each(GOVERNANCE_DIALECTS)('request log reader on %s', (name, open) => {
  let database: GovernanceDatabase;
  let reader: RequestLogReader;
  beforeAll(async () => {
    database = await open(`reqlog_reader_${name}`);
    reader = requestLogReader(database.storage);
  });
  afterAll(() => database.close());
  beforeEach(async () => {
    await database.storage.db.deleteFrom('request_log').execute();
    await requestLogStore(database.storage).write(RECORDS);
  });

  const ids = async (query: Partial<RequestLogSearch>) => (await reader.search({ limit: 200, ...query })).data.map((r) => r.id);
  const where = (pick: (r: RequestRecord) => boolean) => newestFirst(RECORDS.filter(pick));

  it('lists newest first, ties by id in byte order', async () => {
    expect(await ids({})).toEqual(newestFirst(RECORDS));
    expect((await ids({})).slice(-4)).toEqual(['req_b4', 'req_a2', 'req_B3', 'req_a1']);
  });

  it('filters by each field', async () => {
    expect(await ids({ team: 'team_b' })).toEqual(where((r) => r.teamId === 'team_b'));
    expect(await ids({ project: 'proj_a' })).toEqual(where((r) => r.projectId === 'proj_a'));
    expect(await ids({ key: 'key_b' })).toEqual(where((r) => r.keyId === 'key_b'));
    expect(await ids({ user: 'alice' })).toEqual(['req_B3']);
    expect(await ids({ model: 'smart' })).toEqual(['req_a5']);
    expect(await ids({ model: 'big-1' })).toEqual(['req_b4']);
    expect(await ids({ provider: 'other' })).toEqual(['req_b4']);
    expect(await ids({ status: { exact: 429 } })).toEqual(['req_a2']);
    expect(await ids({ status: { min: 400, max: 500 } })).toEqual(['req_n7', 'req_a2']);
    expect(await ids({ status: { min: 200, max: 300 } })).toEqual(where((r) => r.status < 300));
    expect(await ids({ errorCode: 'upstream_error' })).toEqual(['req_a5']);
    expect(await ids({ from: T0 + 2_000, to: T0 + 2 * MIN + 2 })).toEqual(['req_a6', 'req_a5', 'req_b4', 'req_a2', 'req_B3']);
    expect(await ids({ team: 'team_a', status: { min: 400, max: 600 } })).toEqual(['req_a5', 'req_a2']);
  });

  it('filters by what the cache did (hit never matches semantic-hit), shows it and what it saved, and counts hits in the overview', async () => {
    const at = T0 + 30 * MIN;
    const hit = { cache: 'hit', costSavedUsd: 0.004, costUsd: 0, inputTokens: 0, outputTokens: 0 };
    await requestLogStore(database.storage).write([
      rec('req_c1', at + 1, hit),
      rec('req_c2', at + 2, { cache: 'semantic-hit', costSavedUsd: 0.002, costUsd: 0 }),
      rec('req_c3', at + 3, { cache: 'miss' }),
      rec('req_c4', at + 4, { cache: 'bypass' }),
      rec('req_c5', at + 5, { ...hit, teamId: 'team_b' }),
    ]);
    expect(await ids({ cache: 'hit' })).toEqual(['req_c5', 'req_c1']);
    expect(await ids({ cache: 'semantic-hit' })).toEqual(['req_c2']);
    expect(await ids({ cache: 'miss' })).toEqual(['req_c3']);
    expect(await ids({ cache: 'bypass', team: 'team_a' })).toEqual(['req_c4']);
    expect(await ids({ cache: 'hit', team: 'team_a' })).toEqual(['req_c1']);
    const [row] = (await reader.search({ limit: 1, cache: 'semantic-hit' })).data;
    expect(row).toMatchObject({ id: 'req_c2', cache: 'semantic-hit', cost_saved_usd: 0.002, cost_usd: 0 });
    expect(await reader.detail('req_c1')).toMatchObject({ cache: 'hit', cost_saved_usd: 0.004 });
    expect(await reader.detail('req_c3')).toMatchObject({ cache: 'miss', cost_saved_usd: null });
    const o = await reader.overview({ from: at, to: at + MIN, bucket: 'minute' });
    expect(o.totals).toMatchObject({ requests: 5, cache_hits: 3, saved_usd: 0.01 });
    expect(o.buckets[0]).toMatchObject({ cache_hits: 3, saved_usd: 0.01 });
    const teamA = await reader.overview({ from: at, to: at + MIN, bucket: 'minute', team: 'team_a' });
    expect(teamA.totals).toMatchObject({ requests: 4, cache_hits: 2, saved_usd: 0.006 });
  });

  it('keeps guardrail verdicts and filters by guard (any verdict but pass) and outcome, wildcards in names taken literally', async () => {
    const at = T0 + 40 * MIN;
    const pii = (outcome: GuardVerdict['outcome'], stage: GuardVerdict['stage'] = 'input'): GuardVerdict => ({ guard: 'pii', stage, outcome });
    const redacted: GuardVerdict = { guard: 'pii', stage: 'input', outcome: 'redacted', findings: { EMAIL: 2, PHONE: 1 }, ms: 0.4 };
    await requestLogStore(database.storage).write([
      rec('req_g1', at + 1, { guardrails: [redacted] }),
      rec('req_g2', at + 2, { guardrails: [pii('pass'), pii('blocked', 'output')] }),
      rec('req_g3', at + 3, { guardrails: [pii('pass'), { guard: 'injection', stage: 'input', outcome: 'blocked', score: 0.98 }] }),
      rec('req_g4', at + 4, { guardrails: [{ guard: 'pii_x', stage: 'input', outcome: 'flagged' }], teamId: 'team_b' }),
      rec('req_g5', at + 5, { guardrails: [{ guard: 'piiax', stage: 'input', outcome: 'flagged' }] }),
      rec('req_g6', at + 6, { guardrails: [{ guard: 'remote', stage: 'input', outcome: 'error', error: 'said "outcome":"blocked" 502' }] }),
      rec('req_g7', at + 7, { guardrails: [] }),
    ]);
    expect(await ids({ guardrail: 'pii' })).toEqual(['req_g2', 'req_g1']);
    expect(await ids({ guardrail: 'pii', guardrailOutcome: 'blocked' })).toEqual(['req_g2']);
    expect(await ids({ guardrail: 'pii', guardrailOutcome: 'redacted' })).toEqual(['req_g1']);
    expect(await ids({ guardrailOutcome: 'blocked' })).toEqual(['req_g3', 'req_g2']);
    expect(await ids({ guardrail: 'injection' })).toEqual(['req_g3']);
    expect(await ids({ guardrail: 'pii_x' })).toEqual(['req_g4']);
    expect(await ids({ guardrail: 'pii_x', team: 'team_a' })).toEqual([]);
    expect(await ids({ guardrailOutcome: 'flagged' })).toEqual(['req_g5', 'req_g4']);
    expect(await ids({ guardrailOutcome: 'error' })).toEqual(['req_g6']);
    expect(await ids({ guardrail: 'remote', guardrailOutcome: 'blocked' })).toEqual([]);
    expect(await ids({ guardrail: 'nobody' })).toEqual([]);
    const [row] = (await reader.search({ limit: 1, guardrail: 'pii', guardrailOutcome: 'redacted' })).data;
    expect(row?.guardrails).toEqual([redacted]);
    expect((await reader.detail('req_g3'))?.guardrails).toEqual([pii('pass'), { guard: 'injection', stage: 'input', outcome: 'blocked', score: 0.98 }]);
    expect((await reader.detail('req_g7'))?.guardrails).toBeNull();
  });

  it('finds free text in metadata keys and values, case-insensitively, wildcards taken literally', async () => {
    expect(await ids({ q: 'acme' })).toEqual(['req_a1']);
    expect(await ids({ q: 'CUSTOMER' })).toEqual(['req_a2', 'req_a1']);
    expect(await ids({ q: 'ticket%' })).toEqual(['req_a2']);
    expect(await ids({ q: '50_off' })).toEqual(['req_a2']);
    expect(await ids({ q: '5%off' })).toEqual([]);
    expect(await ids({ q: '_' })).toEqual(['req_a2']);
    expect(await ids({ q: 'say "hi" \\ now' })).toEqual(['req_a6']);
    expect(await ids({ q: 'nothing like this' })).toEqual([]);
  });

  it('pages with the cursor through ties, without gaps or repeats, and ends with a null cursor', async () => {
    for (const limit of [1, 2, 3]) {
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let i = 0; i < 20; i++) {
        const page = await reader.search({ limit, cursor });
        seen.push(...page.data.map((r) => r.id));
        if (!page.next_cursor) break;
        cursor = page.next_cursor;
      }
      expect(seen).toEqual(newestFirst(RECORDS));
    }
    const filtered = await reader.search({ limit: 1, team: 'team_b' });
    expect(filtered.data.map((r) => r.id)).toEqual(['req_b4']);
    const next = await reader.search({ limit: 1, team: 'team_b', cursor: filtered.next_cursor! });
    expect(next).toEqual({ data: [expect.objectContaining({ id: 'req_B3' })], next_cursor: null });
  });

  it('pages oldest first when asked (the CLI follows the log that way)', async () => {
    const first = await reader.search({ limit: 3, ascending: true });
    expect(first.data.map((r) => r.id)).toEqual(['req_a1', 'req_B3', 'req_a2']);
    const rest = await reader.search({ limit: 10, ascending: true, cursor: first.next_cursor! });
    expect(rest.data.map((r) => r.id)).toEqual(['req_b4', 'req_a5', 'req_a6', 'req_n7']);
  });

  it('refuses a cursor it did not make', async () => {
    await expect(reader.search({ limit: 5, cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(reader.search({ limit: 5, cursor: Buffer.from('{"a":1}').toString('base64url') })).rejects.toBeInstanceOf(InvalidCursorError);
    expect((await reader.search({ limit: 5, cursor: encodeCursor({ time: T0 + 2_000, id: 'req_a2' }) })).data.map((r) => r.id)).toEqual(['req_B3', 'req_a1']);
  });

  it('shapes a summary with numbers, flags and parsed metadata', async () => {
    const [row] = (await reader.search({ limit: 1, q: 'acme' })).data;
    expect(row).toEqual({
      id: 'req_a1',
      time: T0 + 1_000,
      operation: 'chat',
      ingress: 'openai',
      stream: false,
      model_requested: 'fast',
      model_served: 'sim-small',
      provider: 'sim',
      status: 200,
      error_code: null,
      input_tokens: 10,
      output_tokens: 5,
      cost_usd: 0.001,
      total_ms: 120,
      ttft_ms: 30,
      gateway_ms: 1,
      upstream_ttfb_ms: null,
      attempts: 1,
      team_id: 'team_a',
      project_id: 'proj_a',
      key_id: 'key_a',
      end_user: null,
      metadata: { customer: 'Acme Corp', env: 'prod' },
      cache: null,
      cost_saved_usd: null,
      guardrails: null,
    } satisfies RequestSummary);
  });

  it('gives the detail: attempts, phases, trace id, bodies (parsed, or the cut text), and hides other teams', async () => {
    await requestLogStore(database.storage).write([
      rec('req_d1', T0 + 3 * MIN, {
        attempts: 2,
        attemptLog: [
          { provider: 'sim', model: 'sim-small', reason: 'first', outcome: 'error', errorCode: 'upstream_error', upstreamStatus: 500, startMs: 1, ms: 20 },
          { provider: 'sim', model: 'sim-small', reason: 'retry', outcome: 'ok', startMs: 25, ms: 30 },
        ],
        phases: { authenticate: 0.1, dispatch: 55 },
        traceId: '0af7651916cd43dd8448eb211c80319c',
        requestBody: '{"model":"fast"}',
        responseBody: '{"id":"x"…[cut at 10 of 40 bytes]',
        routeReason: 'alias',
        finishReason: 'stop',
        usageEstimated: true,
      }),
    ]);
    const detail = await reader.detail('req_d1');
    expect(detail).toMatchObject({
      id: 'req_d1',
      attempts: 2,
      attempt_log: [
        { provider: 'sim', model: 'sim-small', reason: 'first', outcome: 'error', error_code: 'upstream_error', upstream_status: 500, start_ms: 1, ms: 20 },
        { provider: 'sim', model: 'sim-small', reason: 'retry', outcome: 'ok', start_ms: 25, ms: 30 },
      ],
      phases: { authenticate: 0.1, dispatch: 55 },
      trace_id: '0af7651916cd43dd8448eb211c80319c',
      request_body: { model: 'fast' },
      response_body: '{"id":"x"…[cut at 10 of 40 bytes]',
      route_reason: 'alias',
      finish_reason: 'stop',
      usage_estimated: true,
      gateway_ms: 1,
      provider_type: 'openai',
    });
    expect(await reader.detail('req_d1', 'team_a')).toBeDefined();
    expect(await reader.detail('req_d1', 'team_b')).toBeUndefined();
    expect(await reader.detail('req_absent')).toBeUndefined();
    // One clean attempt is implied by the row; the detail rebuilds it.
    expect((await reader.detail('req_a1'))?.attempt_log).toEqual([{ provider: 'sim', model: 'sim-small', reason: 'first', outcome: 'ok', ms: 119 }]);
    expect((await reader.detail('req_n7'))?.attempt_log).toEqual([]);
    expect((await reader.detail('req_a1'))?.request_body).toBeNull();
  });

  it('sums buckets, computes percentiles per bucket and overall, and zero-fills empty buckets', async () => {
    const o = await reader.overview({ from: T0, to: T0 + 4 * MIN, bucket: 'minute' });
    expect(o.buckets.map((b) => b.start)).toEqual([T0, T0 + MIN, T0 + 2 * MIN, T0 + 3 * MIN]);
    const [b0, b1, b2, b3] = o.buckets;
    expect(b0).toEqual({
      start: T0,
      requests: 4,
      errors: 1,
      input_tokens: 40,
      output_tokens: 20,
      cost_usd: 0.013,
      cache_hits: 0,
      saved_usd: 0,
      p50_ms: 100,
      p95_ms: 273,
      p50_ttft_ms: 30,
      p95_ttft_ms: 30,
    });
    expect(b1).toMatchObject({ requests: 1, errors: 1, p50_ms: 200, p95_ms: 200, p50_ttft_ms: 40 });
    expect(b2).toMatchObject({ requests: 2, errors: 1, input_tokens: 10, cost_usd: 0.002, p50_ms: 200.5, p95_ms: 380.05, p50_ttft_ms: 50 });
    expect(b3).toEqual({
      start: T0 + 3 * MIN,
      requests: 0,
      errors: 0,
      input_tokens: 0,
      output_tokens: 0,
      cost_usd: 0,
      cache_hits: 0,
      saved_usd: 0,
      p50_ms: null,
      p95_ms: null,
      p50_ttft_ms: null,
      p95_ttft_ms: null,
    });
    expect(o.totals).toEqual({
      requests: 7,
      errors: 3,
      input_tokens: 60,
      output_tokens: 30,
      cost_usd: 0.016,
      cache_hits: 0,
      saved_usd: 0,
      p50_ms: 120,
      p95_ms: 370,
      p50_ttft_ms: 40,
      p95_ttft_ms: 49,
    });
    expect(o.split).toBeUndefined();
    const teamB = await reader.overview({ from: T0, to: T0 + 4 * MIN, bucket: 'hour', team: 'team_b' });
    expect(teamB.buckets).toHaveLength(1);
    expect(teamB.totals).toMatchObject({ requests: 2, cost_usd: 0.011 });
  });

  it('splits by team, model or provider: the biggest spenders first, the rest as "other"', async () => {
    const byTeam = await reader.overview({ from: T0, to: T0 + 3 * MIN, bucket: 'minute', by: 'team' });
    expect(byTeam.split?.map((s) => [s.key, s.requests, s.cost_usd])).toEqual([
      ['team_b', 2, 0.011],
      ['team_a', 4, 0.005],
      ['(none)', 1, 0],
    ]);
    expect(byTeam.split?.[0]?.buckets).toEqual([
      { start: T0, requests: 2, cost_usd: 0.011 },
      { start: T0 + MIN, requests: 0, cost_usd: 0 },
      { start: T0 + 2 * MIN, requests: 0, cost_usd: 0 },
    ]);
    const byModel = await reader.overview({ from: T0, to: T0 + 3 * MIN, bucket: 'minute', by: 'model' });
    expect(byModel.split?.map((s) => s.key)).toEqual(['sim-small', 'big-1', 'sim-large', 'fast']);
    const many = Array.from({ length: 12 }, (_, i) =>
      rec(`req_m${String(i).padStart(2, '0')}`, T0 + 10 * MIN, { provider: `p${String(i).padStart(2, '0')}`, costUsd: i }),
    );
    await requestLogStore(database.storage).write(many);
    const byProvider = await reader.overview({ from: T0 + 10 * MIN, to: T0 + 11 * MIN, bucket: 'minute', by: 'provider' });
    expect(byProvider.split?.map((s) => s.key)).toEqual(['p11', 'p10', 'p09', 'p08', 'p07', 'p06', 'p05', 'p04', 'other']);
    expect(byProvider.split?.at(-1)).toMatchObject({ key: 'other', requests: 4, cost_usd: 6, input_tokens: 40 });
  });

  it('sweeps rows older than the cutoff in chunks, keeps the rest and the daily spend rollups', async () => {
    const old = Array.from({ length: 11 }, (_, i) => rec(`req_old${String(i).padStart(2, '0')}`, T0 - 100 * 86_400_000 + i));
    await requestLogStore(database.storage).write(old);
    await database.storage.db
      .insertInto('spend_daily')
      .values({
        day: '2026-11-21',
        team_id: 'team_a',
        project_id: '',
        key_id: '',
        end_user: '',
        model: 'fast',
        usd: 1,
        input_tokens: 1,
        output_tokens: 1,
        requests: 1,
        estimated_requests: 0,
        saved_usd: 0,
        cache_hits: 0,
      })
      .execute();
    expect(await reader.sweep(T0 - 30 * 86_400_000, 4)).toBe(11);
    expect(await ids({})).toEqual(newestFirst(RECORDS));
    expect(await reader.sweep(T0 - 30 * 86_400_000, 4)).toBe(0);
    expect(await database.storage.db.selectFrom('spend_daily').selectAll().execute()).toHaveLength(1);
    await database.storage.db.deleteFrom('spend_daily').execute();
  });
});
