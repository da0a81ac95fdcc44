/** `switchboard logs` against a temp SQLite file: every filter, --tail, --json, and --follow printing new rows once, oldest first. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestRecord } from '../observability/request-record.js';
import { openStorage, type Storage } from '../storage/open.js';
import { requestLogStore } from '../storage/request-log/store.js';
import { runLogs } from './logs-command.js';
import { type LogsFilterOptions, logsFilter, parseTimeOption } from './logs-filters.js';
import { testRequestRecord } from '../testing/request-record.js';

const dir = mkdtempSync(join(tmpdir(), 'switchboard-logs-'));
const url = `sqlite:${join(dir, 'log.db')}`;
const T0 = Date.UTC(2027, 4, 1, 12);
let storage: Storage;

function rec(id: string, time: number, over: Partial<RequestRecord> = {}): RequestRecord {
  return testRequestRecord(id, time, { gatewayMs: 0.5, totalMs: 20, teamId: 'team_a', projectId: 'proj_a', keyId: 'key_a', ...over });
}

beforeAll(async () => {
  storage = await openStorage(url);
  await requestLogStore(storage).write([
    rec('req_1', T0 + 1, { metadata: { ticket: 'ABC-1' }, endUser: 'alice', inputTokens: 3, outputTokens: 4, costUsd: 0.000012 }),
    rec('req_2', T0 + 2, {
      promptId: 'support',
      promptVersion: 2,
      teamId: 'team_b',
      projectId: 'proj_b',
      keyId: 'key_b',
      provider: 'other',
      modelServed: 'big',
    }),
    rec('req_3', T0 + 3, { promptId: 'support', promptVersion: 1, status: 429, errorCode: 'rate_limited', modelRequested: 'smart' }),
    rec('req_4', T0 + 4, { status: 502, errorCode: 'upstream_error', ttftMs: 5, upstreamTtfbMs: 4 }),
  ]);
});
afterAll(async () => {
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
});

async function lines(options: LogsFilterOptions, extra: { tail?: number; json?: boolean } = {}): Promise<string[]> {
  const out: string[] = [];
  await runLogs({ storage: url, filter: logsFilter(options, T0 + 10_000), tail: extra.tail ?? 20, json: extra.json, write: (l) => out.push(l) });
  return out;
}

const ids = async (options: LogsFilterOptions) => (await lines(options, { json: true })).map((l) => (JSON.parse(l) as { id: string }).id);

describe('switchboard logs filters', () => {
  it('prints the newest rows, oldest first, with --tail', async () => {
    expect(await ids({})).toEqual(['req_1', 'req_2', 'req_3', 'req_4']);
    const out = await lines({}, { tail: 2 });
    expect(out).toHaveLength(2);
    expect(out[0]).toMatch(/req_3 {2}openai {2}json {2}smart {2}sim:sim-small {2}429 {2}rate_limited {2}- {2}- {2}total=20\.0ms gw=0\.50ms {2}team=team_a$/);
    expect(out[1]).toMatch(/ttfb=4\.0ms ttft=5\.0ms/);
  });

  it('applies each filter', async () => {
    expect(await ids({ team: 'team_b' })).toEqual(['req_2']);
    expect(await ids({ project: 'proj_a' })).toEqual(['req_1', 'req_3', 'req_4']);
    expect(await ids({ key: 'key_b' })).toEqual(['req_2']);
    expect(await ids({ user: 'alice' })).toEqual(['req_1']);
    expect(await ids({ model: 'smart' })).toEqual(['req_3']);
    expect(await ids({ model: 'big' })).toEqual(['req_2']);
    expect(await ids({ provider: 'other' })).toEqual(['req_2']);
    expect(await ids({ status: '429' })).toEqual(['req_3']);
    expect(await ids({ status: '4xx' })).toEqual(['req_3']);
    expect(await ids({ status: '5xx', errorCode: 'upstream_error' })).toEqual(['req_4']);
    expect(await ids({ errorCode: 'rate_limited' })).toEqual(['req_3']);
    expect(await ids({ query: 'abc-1' })).toEqual(['req_1']);
    expect(await ids({ prompt: 'support' })).toEqual(['req_2', 'req_3']);
    expect(await ids({ prompt: 'support', promptVersion: '2' })).toEqual(['req_2']);
    expect(await ids({ from: String(T0 + 2), to: new Date(T0 + 4).toISOString() })).toEqual(['req_2', 'req_3']);
    expect(await ids({ from: '10s' })).toEqual(['req_1', 'req_2', 'req_3', 'req_4']);
    expect(await ids({ to: '10s' })).toEqual([]);
  });

  it('says so when nothing matches, and refuses bad values', async () => {
    expect(await lines({ team: 'nobody' })).toEqual(['no requests logged yet']);
    expect(() => logsFilter({ status: '6xx' })).toThrow(InvalidArgumentError);
    expect(() => logsFilter({ status: 'teapot' })).toThrow(/--status 'teapot'/);
    expect(() => logsFilter({ promptVersion: 'latest' })).toThrow(/--prompt-version 'latest'/);
    expect(() => logsFilter({ from: 'last tuesday' })).toThrow(/--from 'last tuesday' is not a time/);
    expect(() => logsFilter({ from: '2027-01-02', to: '2027-01-01' })).toThrow(/--to must be after --from/);
    expect(parseTimeOption('2h', 'from', 10_000_000)).toBe(10_000_000 - 7_200_000);
  });

  it('filters by guardrail and outcome, refuses bad ones, and shows what guards did', async () => {
    await requestLogStore(storage).write([
      rec('req_g1', T0 + 5, { teamId: 'team_g', guardrails: [{ guard: 'pii', stage: 'input', outcome: 'redacted', findings: { EMAIL: 1 } }] }),
      rec('req_g2', T0 + 6, {
        teamId: 'team_g',
        guardrails: [
          { guard: 'pii', stage: 'input', outcome: 'pass' },
          { guard: 'injection', stage: 'input', outcome: 'blocked', score: 0.97 },
        ],
      }),
    ]);
    expect(await ids({ team: 'team_g', guardrail: 'pii' })).toEqual(['req_g1']);
    expect(await ids({ team: 'team_g', guardrailOutcome: 'blocked' })).toEqual(['req_g2']);
    expect(await ids({ team: 'team_g', guardrail: 'pii', guardrailOutcome: 'blocked' })).toEqual([]);
    const out = await lines({ team: 'team_g' });
    expect(out[0]).toMatch(/team=team_g {2}guardrails=pii:redacted$/);
    expect(out[1]).toMatch(/team=team_g {2}guardrails=injection:blocked$/);
    expect(() => logsFilter({ guardrail: 'PII!' })).toThrow(/--guardrail 'PII!' is not a guard name/);
    expect(() => logsFilter({ guardrailOutcome: 'pass' })).toThrow(/--guardrail-outcome 'pass' is not one of blocked, redacted, flagged, error/);
  });
});

describe('switchboard logs --follow', () => {
  it('prints new matching rows once, oldest first, and stops when aborted', async () => {
    const out: string[] = [];
    const stop = new AbortController();
    const now = Date.now();
    const running = runLogs({ storage: url, filter: { team: 'team_f' }, tail: 5, follow: true, json: true, signal: stop.signal, write: (l) => out.push(l) });
    const wait = async (count: number) => {
      for (let i = 0; i < 300 && out.length < count; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    };
    await requestLogStore(storage).write([rec('req_f2', now + 2, { teamId: 'team_f' }), rec('req_f1', now + 1, { teamId: 'team_f' }), rec('req_g', now + 3)]);
    await wait(2);
    // A slow request written later, with an earlier start time than rows already shown.
    await requestLogStore(storage).write([rec('req_f0', now - 5_000, { teamId: 'team_f' })]);
    await wait(3);
    stop.abort();
    await running;
    expect(out.map((l) => (JSON.parse(l) as { id: string }).id)).toEqual(['req_f1', 'req_f2', 'req_f0']);
  });
});
