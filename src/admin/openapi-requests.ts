/**
 * The request log's part of the OpenAPI document: GET /admin/v1/requests, /requests/{id} and
 * /overview, their query parameters generated from the schemas they validate with, and the
 * answer shapes of requests-contract.ts described by hand.
 */
import { z } from 'zod';
import { overviewQuerySchema, requestSearchQuerySchema } from './requests-schemas.js';

type Json = Record<string, unknown>;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const nullable = (s: Json) => ({ anyOf: [s, { type: 'null' }] });
const str = { type: 'string' };
const int = { type: 'integer' };
const num = { type: 'number' };
const ms = { type: 'integer', description: 'ms since the epoch' };

function object(properties: Record<string, Json>, optional: string[] = []): Json {
  return { type: 'object', properties, required: Object.keys(properties).filter((k) => !optional.includes(k)) };
}

function queryParameters(schema: z.ZodType): Json[] {
  const { properties = {} } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, Json> };
  return Object.entries(properties).map(([name, s]) => ({ name, in: 'query', required: false, schema: s }));
}

function errors(...statuses: string[]): Json {
  return Object.fromEntries(['400', '401', '403', '500', ...statuses].sort().map((s) => [s, { $ref: `#/components/responses/E${s}` }]));
}

const ok = (schema: Json, description: string) => ({ '200': { description, content: { 'application/json': { schema } } } });

const summary = {
  id: str,
  time: ms,
  operation: { enum: ['chat', 'embeddings', 'responses'] },
  ingress: str,
  stream: { type: 'boolean' },
  model_requested: str,
  model_served: nullable(str),
  provider: nullable(str),
  status: int,
  error_code: nullable(str),
  input_tokens: nullable(int),
  output_tokens: nullable(int),
  cost_usd: nullable(num),
  total_ms: num,
  ttft_ms: nullable(num),
  gateway_ms: num,
  upstream_ttfb_ms: nullable(num),
  attempts: int,
  team_id: nullable(str),
  project_id: nullable(str),
  key_id: nullable(str),
  end_user: nullable(str),
  metadata: nullable({ type: 'object', additionalProperties: str }),
  cache: { ...nullable({ enum: ['hit', 'semantic-hit', 'miss', 'bypass'] }), description: 'What the response cache did; null when no cache applied.' },
  cost_saved_usd: { ...nullable(num), description: 'A cache hit: the upstream cost it saved (the hit itself costs 0).' },
  guardrails: {
    ...nullable({ type: 'array', items: ref('GuardrailVerdict') }),
    description: 'What each guardrail concluded, in order; null when no guard applied. Never the matched text.',
  },
};

const guardrailVerdict = {
  ...object(
    {
      guard: str,
      stage: { enum: ['input', 'output'] },
      outcome: { enum: ['pass', 'redacted', 'flagged', 'blocked', 'error'] },
      findings: { type: 'object', additionalProperties: int, description: 'Findings by entity type or category, e.g. {"EMAIL": 2}.' },
      score: { type: 'number', description: 'The highest classifier score seen.' },
      error: { type: 'string', description: 'A failed guard: what failed (a timeout, an HTTP status).' },
      ms: num,
    },
    ['findings', 'score', 'error', 'ms'],
  ),
  description: 'One guard on one stage of a request: its outcome and counts, never the text it matched.',
};

const bucketCounts = {
  requests: int,
  errors: { type: 'integer', description: 'Requests answered with status >= 400.' },
  input_tokens: int,
  output_tokens: int,
  cost_usd: num,
  cache_hits: { type: 'integer', description: 'Requests the response cache answered (exact and semantic hits).' },
  saved_usd: { type: 'number', description: 'Upstream cost those hits saved.' },
  p50_ms: nullable(num),
  p95_ms: nullable(num),
  p50_ttft_ms: nullable(num),
  p95_ttft_ms: nullable(num),
};

/** The answer shapes, for components.schemas. */
export function requestLogSchemas(): Record<string, Json> {
  return {
    GuardrailVerdict: guardrailVerdict,
    RequestSummary: object(summary),
    RequestSearchPage: object({
      data: { type: 'array', items: ref('RequestSummary') },
      next_cursor: { ...nullable(str), description: 'Pass as cursor for the next page; null on the last page.' },
    }),
    RequestAttempt: object(
      {
        provider: str,
        model: str,
        region: str,
        reason: str,
        outcome: { enum: ['ok', 'error', 'cancelled'] },
        error_code: str,
        upstream_status: int,
        start_ms: { type: 'number', description: "ms from the request's start to the attempt's start" },
        ms: num,
      },
      ['region', 'reason', 'error_code', 'upstream_status', 'start_ms'],
    ),
    RequestDetail: object(
      {
        ...summary,
        provider_type: nullable(str),
        finish_reason: nullable(str),
        cached_input_tokens: nullable(int),
        cache_write_tokens: nullable(int),
        reasoning_tokens: nullable(int),
        usage_estimated: { type: 'boolean' },
        region: nullable(str),
        route_reason: nullable(str),
        attempt_log: { type: 'array', items: ref('RequestAttempt') },
        phases: nullable({ type: 'object', additionalProperties: num, description: 'ms per phase, in the order they ran' }),
        trace_id: nullable(str),
        request_body: { description: 'The canonical request (request_log.bodies full), redacted; the cut text when longer than max_body_bytes; else null.' },
        response_body: { description: 'The answer (streamed ones assembled), as request_body.' },
        outcomes: { type: 'object' },
        feedback: {
          type: 'array',
          description: "POST /v1/feedback rows from the request's own team, oldest first.",
          items: object({ score: nullable(num), label: nullable(str), comment: nullable(str), created_at: ms }),
        },
      },
      ['outcomes', 'feedback'],
    ),
    OverviewBucket: object({ start: ms, ...bucketCounts }),
    Overview: object(
      {
        from: ms,
        to: ms,
        bucket: { enum: ['minute', 'hour', 'day'] },
        totals: object(bucketCounts),
        buckets: { type: 'array', items: ref('OverviewBucket') },
        split: {
          type: 'array',
          description: 'With by: the top 8 keys by spend, then "other"; "(none)" for rows without a team or provider.',
          items: object({
            key: str,
            requests: int,
            cost_usd: num,
            input_tokens: int,
            output_tokens: int,
            buckets: { type: 'array', items: object({ start: ms, requests: int, cost_usd: num }) },
          }),
        },
      },
      ['split'],
    ),
  };
}

/** The paths. */
export function requestLogPaths(): Record<string, Json> {
  return {
    '/admin/v1/requests': {
      get: {
        operationId: 'search_requests',
        summary:
          "Search the request log, newest first, with keyset pagination (team_admin and viewer keys: their team's rows only; naming another team is a 403)",
        parameters: queryParameters(requestSearchQuerySchema),
        responses: { ...ok(ref('RequestSearchPage'), 'A page'), ...errors() },
      },
    },
    '/admin/v1/requests/{id}': {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' } }],
      get: {
        operationId: 'get_request',
        summary: 'Everything recorded about one request: attempts, phases, usage, cost, route, trace id, bodies when kept',
        responses: { ...ok(ref('RequestDetail'), 'The request'), ...errors('404') },
      },
    },
    '/admin/v1/overview': {
      get: {
        operationId: 'get_overview',
        summary: 'Requests, errors, tokens, spend and latency percentiles over time (default: the last 24 hours), optionally split by team, model or provider',
        parameters: queryParameters(overviewQuerySchema),
        responses: { ...ok(ref('Overview'), 'The overview'), ...errors() },
      },
    },
  };
}
