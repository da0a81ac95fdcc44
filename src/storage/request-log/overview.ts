/**
 * The overview: requests, errors, tokens and cost per time bucket from SQL aggregates, and p50/p95
 * of total and first-token time computed in JS from the durations of the latest rows of the range
 * (at most PERCENTILE_ROWS: SQLite has no percentile function, and one code path on both dialects
 * gives the same numbers everywhere). Buckets older than those rows have null percentiles.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Overview, OverviewBucket } from '../../admin/requests-contract.js';
import type { StorageSchema } from '../schema.js';
import { type Dialect, filterCondition } from './filters.js';
import { percentile, sortNumbers } from './percentiles.js';
import { BUCKET_MS, type OverviewRequest } from './query.js';

/** Rows whose durations feed the percentiles, newest first: bounds the memory and time of one overview. */
export const PERCENTILE_ROWS = 50_000;
/** Keys of the split shown apiece; the rest are summed as "other". */
export const SPLIT_TOP = 8;
/** The split's key for rows without one (no team, no provider). */
export const NONE_KEY = '(none)';

type Counts = Omit<OverviewBucket, 'start' | 'p50_ms' | 'p95_ms' | 'p50_ttft_ms' | 'p95_ttft_ms'>;

/** Cost sums rounded to nano-dollars: the dialects add doubles in different orders. */
const usd = (n: unknown) => Math.round(Number(n ?? 0) * 1e9) / 1e9;

function splitKey(by: NonNullable<OverviewRequest['by']>): RawBuilder<string | null> {
  if (by === 'team') return sql`team_id`;
  if (by === 'provider') return sql`provider`;
  return sql`coalesce(model_served, model_requested)`;
}

const empty = (): Counts => ({ requests: 0, errors: 0, input_tokens: 0, output_tokens: 0, cost_usd: 0, cache_hits: 0, saved_usd: 0 });

/** The overview of a range. */
export async function computeOverview(db: Kysely<StorageSchema>, dialect: Dialect, q: OverviewRequest): Promise<Overview> {
  const width = BUCKET_MS[q.bucket];
  const start = sql<number>`(${sql.ref('time')} / ${sql.lit(width)}) * ${sql.lit(width)}`;
  const filter = { from: q.from, to: q.to, team: q.team };
  const counted = await db
    .selectFrom('request_log')
    .select([
      start.as('start'),
      sql<number>`count(*)`.as('requests'),
      sql<number>`sum(case when status >= 400 then 1 else 0 end)`.as('errors'),
      sql<number>`coalesce(sum(input_tokens), 0)`.as('input_tokens'),
      sql<number>`coalesce(sum(output_tokens), 0)`.as('output_tokens'),
      sql<number>`coalesce(sum(cost_usd), 0)`.as('cost_usd'),
      sql<number>`sum(case when cache in ('hit', 'semantic-hit') then 1 else 0 end)`.as('cache_hits'),
      sql<number>`coalesce(sum(cost_saved_usd), 0)`.as('saved_usd'),
    ])
    .where((eb) => filterCondition(eb, filter, dialect))
    .groupBy(start)
    .execute();
  const durations = await db
    .selectFrom('request_log')
    .select(['time', 'total_ms', 'ttft_ms'])
    .where((eb) => filterCondition(eb, filter, dialect))
    .orderBy('time', 'desc')
    .limit(PERCENTILE_ROWS)
    .execute();

  const first = Math.floor(q.from / width) * width;
  const byStart = new Map<number, OverviewBucket>();
  for (let t = first; t < q.to; t += width) byStart.set(t, { start: t, ...empty(), p50_ms: null, p95_ms: null, p50_ttft_ms: null, p95_ttft_ms: null });
  const totals: Counts = empty();
  for (const row of counted) {
    const bucket = byStart.get(Number(row.start));
    if (!bucket) continue;
    bucket.requests = Number(row.requests);
    bucket.errors = Number(row.errors);
    bucket.input_tokens = Number(row.input_tokens);
    bucket.output_tokens = Number(row.output_tokens);
    bucket.cost_usd = usd(row.cost_usd);
    bucket.cache_hits = Number(row.cache_hits);
    bucket.saved_usd = usd(row.saved_usd);
    totals.cache_hits += bucket.cache_hits;
    totals.saved_usd += bucket.saved_usd;
    totals.requests += bucket.requests;
    totals.errors += bucket.errors;
    totals.input_tokens += bucket.input_tokens;
    totals.output_tokens += bucket.output_tokens;
    totals.cost_usd += bucket.cost_usd;
  }
  totals.cost_usd = usd(totals.cost_usd);
  totals.saved_usd = usd(totals.saved_usd);

  const perBucket = new Map<number, { total: number[]; ttft: number[] }>();
  const allTotal: number[] = [];
  const allTtft: number[] = [];
  for (const row of durations) {
    const key = Math.floor(Number(row.time) / width) * width;
    let values = perBucket.get(key);
    if (!values) perBucket.set(key, (values = { total: [], ttft: [] }));
    values.total.push(row.total_ms);
    allTotal.push(row.total_ms);
    if (row.ttft_ms !== null) {
      values.ttft.push(row.ttft_ms);
      allTtft.push(row.ttft_ms);
    }
  }
  for (const [key, values] of perBucket) {
    const bucket = byStart.get(key);
    if (!bucket) continue;
    const total = sortNumbers(values.total);
    const ttft = sortNumbers(values.ttft);
    bucket.p50_ms = percentile(total, 0.5);
    bucket.p95_ms = percentile(total, 0.95);
    bucket.p50_ttft_ms = percentile(ttft, 0.5);
    bucket.p95_ttft_ms = percentile(ttft, 0.95);
  }
  sortNumbers(allTotal);
  sortNumbers(allTtft);
  const overview: Overview = {
    from: q.from,
    to: q.to,
    bucket: q.bucket,
    totals: {
      ...totals,
      p50_ms: percentile(allTotal, 0.5),
      p95_ms: percentile(allTotal, 0.95),
      p50_ttft_ms: percentile(allTtft, 0.5),
      p95_ttft_ms: percentile(allTtft, 0.95),
    },
    buckets: [...byStart.values()],
  };
  if (q.by) overview.split = await split(db, dialect, q, start, [...byStart.keys()]);
  return overview;
}

async function split(db: Kysely<StorageSchema>, dialect: Dialect, q: OverviewRequest, start: RawBuilder<number>, starts: number[]): Promise<Overview['split']> {
  const key = splitKey(q.by!);
  const rows = await db
    .selectFrom('request_log')
    .select([
      key.as('key'),
      start.as('start'),
      sql<number>`count(*)`.as('requests'),
      sql<number>`coalesce(sum(input_tokens), 0)`.as('input_tokens'),
      sql<number>`coalesce(sum(output_tokens), 0)`.as('output_tokens'),
      sql<number>`coalesce(sum(cost_usd), 0)`.as('cost_usd'),
    ])
    .where((eb) => filterCondition(eb, { from: q.from, to: q.to, team: q.team }, dialect))
    .groupBy([key, start])
    .execute();
  interface Entry {
    key: string;
    requests: number;
    cost_usd: number;
    input_tokens: number;
    output_tokens: number;
    perStart: Map<number, { requests: number; cost_usd: number }>;
  }
  const entries = new Map<string, Entry>();
  const entry = (name: string): Entry => {
    let e = entries.get(name);
    if (!e) entries.set(name, (e = { key: name, requests: 0, cost_usd: 0, input_tokens: 0, output_tokens: 0, perStart: new Map() }));
    return e;
  };
  for (const row of rows) {
    const e = entry(row.key ?? NONE_KEY);
    const requests = Number(row.requests);
    const cost = usd(row.cost_usd);
    e.requests += requests;
    e.cost_usd += cost;
    e.input_tokens += Number(row.input_tokens);
    e.output_tokens += Number(row.output_tokens);
    const s = Number(row.start);
    const b = e.perStart.get(s) ?? { requests: 0, cost_usd: 0 };
    b.requests += requests;
    b.cost_usd += cost;
    e.perStart.set(s, b);
  }
  // The biggest spenders first, then the busiest; names break ties so both dialects agree.
  const ranked = [...entries.values()].sort((a, b) => b.cost_usd - a.cost_usd || b.requests - a.requests || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const shown = ranked.slice(0, SPLIT_TOP);
  const rest = ranked.slice(SPLIT_TOP);
  if (rest.length > 0) {
    const other: Entry = { key: 'other', requests: 0, cost_usd: 0, input_tokens: 0, output_tokens: 0, perStart: new Map() };
    for (const e of rest) {
      other.requests += e.requests;
      other.cost_usd += e.cost_usd;
      other.input_tokens += e.input_tokens;
      other.output_tokens += e.output_tokens;
      for (const [s, b] of e.perStart) {
        const o = other.perStart.get(s) ?? { requests: 0, cost_usd: 0 };
        o.requests += b.requests;
        o.cost_usd += b.cost_usd;
        other.perStart.set(s, o);
      }
    }
    shown.push(other);
  }
  return shown.map((e) => ({
    key: e.key,
    requests: e.requests,
    cost_usd: usd(e.cost_usd),
    input_tokens: e.input_tokens,
    output_tokens: e.output_tokens,
    buckets: starts.map((s) => {
      const b = e.perStart.get(s);
      return { start: s, requests: b?.requests ?? 0, cost_usd: usd(b?.cost_usd ?? 0) };
    }),
  }));
}
