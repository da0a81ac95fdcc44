/**
 * The catalogue of instruments: names, units, descriptions and bucket boundaries. The GenAI ones
 * follow the OpenTelemetry GenAI metric conventions (semantic-conventions-genai,
 * docs/gen-ai/gen-ai-metrics.md); the gateway's own are under `switchboard.*`. Prometheus sees
 * dots as underscores and counters with `_total` (docs/observability.md lists every series).
 */
import type { Meter } from '@opentelemetry/api';
import { CounterCells } from './cells.js';
import { HistogramFamily } from './histograms.js';

/** The conventions' boundaries for token counts. */
export const TOKEN_BUCKETS = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];
/** The conventions' boundaries for operation duration and time to first chunk, in seconds. */
export const DURATION_BUCKETS = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];
/** The conventions' boundaries for time per output token, in seconds. */
export const TPOT_BUCKETS = [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5];

/** Metric names, as the OpenTelemetry SDK and OTLP see them. */
export const METRIC = {
  tokenUsage: 'gen_ai.client.token.usage',
  operationDuration: 'gen_ai.client.operation.duration',
  timeToFirstChunk: 'gen_ai.client.operation.time_to_first_chunk',
  timePerOutputToken: 'gen_ai.server.time_per_output_token',
  requests: 'switchboard.requests',
  attempts: 'switchboard.upstream.attempts',
  fallbacks: 'switchboard.fallbacks',
  spend: 'switchboard.spend.usd',
  rateLimitRefusals: 'switchboard.rate_limit.refusals',
  requestLogQueued: 'switchboard.request_log.queued',
  requestLogDropped: 'switchboard.request_log.dropped',
  droppedSpans: 'switchboard.traces.dropped_spans',
  budgetUse: 'switchboard.budget.use',
  breakersOpen: 'switchboard.breakers.open',
  cacheLookups: 'switchboard.cache.lookups',
  cacheSaved: 'switchboard.cache.saved.usd',
  cacheEntries: 'switchboard.cache.entries',
  cacheBytes: 'switchboard.cache.bytes',
  guardrailVerdicts: 'switchboard.guardrail.verdicts',
} as const;

/** The histograms the observer records into (gateway-kept cells, read through a MetricProducer: histograms.ts). */
export interface GenAiHistograms {
  tokenUsage: HistogramFamily;
  operationDuration: HistogramFamily;
  timeToFirstChunk: HistogramFamily;
  timePerOutputToken: HistogramFamily;
}

/** The gateway counters' running totals, reported through observable counters. */
export interface GatewayCounters {
  requests: CounterCells;
  attempts: CounterCells;
  fallbacks: CounterCells;
  spend: CounterCells;
  rateLimitRefusals: CounterCells;
  cacheLookups: CounterCells;
  cacheSaved: CounterCells;
  guardrailVerdicts: CounterCells;
}

/** Creates the GenAI histograms with the conventions' units and boundaries, each holding at most maxLabelSets label sets. */
export function createGenAiHistograms(maxLabelSets: number): GenAiHistograms {
  const family = (name: string, unit: string, description: string, boundaries: readonly number[]) =>
    new HistogramFamily({ name, unit, description, boundaries }, maxLabelSets);
  return {
    tokenUsage: family(METRIC.tokenUsage, '{token}', 'Number of input and output tokens used.', TOKEN_BUCKETS),
    operationDuration: family(
      METRIC.operationDuration,
      's',
      'GenAI operation duration: from the request reaching the gateway to its last byte.',
      DURATION_BUCKETS,
    ),
    timeToFirstChunk: family(
      METRIC.timeToFirstChunk,
      's',
      'Time to the first generated chunk of a streamed answer, from the request reaching the gateway.',
      DURATION_BUCKETS,
    ),
    timePerOutputToken: family(
      METRIC.timePerOutputToken,
      's',
      'Time per output token generated after the first token, for successful streamed answers.',
      TPOT_BUCKETS,
    ),
  };
}

/** Creates the gateway counters: cells on the request path, observable counters for the readers. */
export function createGatewayCounters(meter: Meter, maxLabelSets: number): GatewayCounters {
  const counters: GatewayCounters = {
    requests: new CounterCells(maxLabelSets),
    attempts: new CounterCells(maxLabelSets),
    fallbacks: new CounterCells(maxLabelSets),
    spend: new CounterCells(maxLabelSets),
    rateLimitRefusals: new CounterCells(maxLabelSets),
    cacheLookups: new CounterCells(maxLabelSets),
    cacheSaved: new CounterCells(maxLabelSets),
    guardrailVerdicts: new CounterCells(maxLabelSets),
  };
  const observable = (name: string, unit: string, description: string, cells: CounterCells) =>
    meter.createObservableCounter(name, { unit, description }).addCallback((result) => cells.observe(result));
  observable(METRIC.requests, '{request}', 'Requests answered, by operation, model alias, provider, team, status and error code.', counters.requests);
  observable(METRIC.attempts, '{attempt}', 'Upstream attempts, by provider, model, outcome, reason and error code.', counters.attempts);
  observable(
    METRIC.fallbacks,
    '{attempt}',
    'Attempts made on a fallback target (after a failure, or by cause: context window, content filter).',
    counters.fallbacks,
  );
  observable(METRIC.spend, 'USD', 'Spend in US dollars, by team, model alias and provider.', counters.spend);
  observable(
    METRIC.rateLimitRefusals,
    '{request}',
    "429 refusals: by the gateway's own limits (source gateway) or by a provider (source upstream).",
    counters.rateLimitRefusals,
  );
  observable(
    METRIC.cacheLookups,
    '{request}',
    'Requests the response cache applied to, by what it did: hit, semantic-hit, miss, bypass.',
    counters.cacheLookups,
  );
  observable(METRIC.cacheSaved, 'USD', 'Upstream cost that response-cache hits saved, by team.', counters.cacheSaved);
  observable(
    METRIC.guardrailVerdicts,
    '{verdict}',
    'Guardrail verdicts, by guard, stage (input, output) and outcome (pass, redacted, flagged, blocked, error).',
    counters.guardrailVerdicts,
  );
  return counters;
}
