/**
 * Experiment results in SQL, the same query on SQLite and PostgreSQL: per variant, the count, sum
 * and sum of squares of each metric over the request log's rows of the experiment, turned into
 * mean and sample variance here. Feedback is joined by request id, only within the request's team.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { ExperimentResultsSource, VariantSamples } from '../../prompts/experiments/results-contract.js';
import type { MetricName, MetricSummary } from '../../prompts/experiments/stats/types.js';
import type { StorageSchema } from '../schema.js';

/** The metrics' columns in the aggregate row: `${prefix}_n`, `_sum`, `_sq`. */
const METRICS: ReadonlyArray<[MetricName, string]> = [
  ['latency_ms', 'latency'],
  ['ttft_ms', 'ttft'],
  ['cost_usd', 'cost'],
  ['error_rate', 'failed'],
  ['feedback', 'feedback'],
];

/** A double on both dialects (PostgreSQL's `1.0` is numeric, which its driver hands back as text). */
const ONE = sql`cast(1 as double precision)`;
const ZERO = sql`cast(0 as double precision)`;

/**
 * The error rule (a 0/1 sample per row). A row is the variant's failure (1) when the status is
 * 5xx, the error code is an upstream one (`upstream_*`: the provider failed or refused what the
 * variant sent, a provider's 429 included) or `context_length_exceeded` (the variant's prompt was
 * too long). Rows whose failure is the caller's own standing are not samples at all: 401, 402,
 * 403 and 429 raised by the gateway (keys, budgets, permissions, rate limits) and 499 (the client
 * hung up). Every other row is 0.
 */
const FAILED = sql`case
  when r.status = 499 or (r.status in (401, 402, 403, 429) and substr(coalesce(r.error_code, ''), 1, 9) <> 'upstream_') then null
  when r.status >= 500 or substr(coalesce(r.error_code, ''), 1, 9) = 'upstream_' or r.error_code = 'context_length_exceeded' then ${ONE}
  else ${ZERO} end`;

/**
 * The request's feedback score: the latest feedback row with a score (ties by id), only when the
 * feedback's team is the request's team (both null counts as a match), so one team's feedback
 * never counts on another team's request.
 */
const FEEDBACK = sql`(select f.score from feedback f
  where f.request_id = r.id and f.score is not null
    and (f.team_id = r.team_id or (f.team_id is null and r.team_id is null))
  order by f.time desc, f.id desc limit 1)`;

function aggregates(column: string): RawBuilder<unknown> {
  const c = sql.ref(column);
  return sql`count(${c}) as ${sql.ref(`${column}_n`)}, sum(${c}) as ${sql.ref(`${column}_sum`)}, sum(${c} * ${c}) as ${sql.ref(`${column}_sq`)}`;
}

/** Mean and sample variance from count, sum and sum of squares (doubles; a tiny negative variance from rounding becomes 0). */
export function summarize(n: number, sum: number, sumOfSquares: number): MetricSummary {
  const mean = sum / n;
  if (n < 2) return { n, mean, variance: 0 };
  const variance = (sumOfSquares - sum * mean) / (n - 1);
  return { n, mean, variance: Math.max(variance, 0) };
}

const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));

/** ExperimentResultsSource over the request log and the feedback table. */
export class SqlExperimentResults implements ExperimentResultsSource {
  constructor(private readonly db: Kysely<StorageSchema>) {}

  /**
   * Latency counts successful rows only (status < 400: a fast failure must not make a variant look
   * faster); ttft streamed rows that reported one; cost rows that have one.
   */
  async samples(experiment: string, options: { since?: number } = {}): Promise<VariantSamples[]> {
    const since = options.since === undefined ? sql`` : sql`and r.time >= ${options.since}`;
    const query = sql<Record<string, unknown>>`
      with rows as (
        select r.variant as variant,
          case when r.status < 400 then r.total_ms end as latency,
          case when r.stream = 1 then r.ttft_ms end as ttft,
          r.cost_usd as cost,
          ${FAILED} as failed,
          ${FEEDBACK} as feedback
        from request_log r
        where r.experiment = ${experiment} and r.variant is not null ${since}
      )
      select variant, count(*) as requests, ${sql.join(METRICS.map(([, column]) => aggregates(column)))}
      from rows group by variant order by variant`;
    const { rows } = await query.execute(this.db);
    return rows.map((row) => {
      const metrics: VariantSamples['metrics'] = {};
      for (const [metric, column] of METRICS) {
        const n = num(row[`${column}_n`]);
        if (n > 0) metrics[metric] = summarize(n, num(row[`${column}_sum`]), num(row[`${column}_sq`]));
      }
      return { variant: String(row.variant), requests: num(row.requests), metrics };
    });
  }
}
