/**
 * Wiring of observability: the request log's observer, tracing and metrics as pipeline
 * observers, the routes they serve (/metrics) and what /readyz asks of them. Each part lives in
 * its own folder under observability/; this file only starts them and hands them over.
 */
import type { Config } from '../config/schema.js';
import type { BatchingSink } from '../observability/batching-sink.js';
import type { BudgetUse, GaugeRegistration, OpenBreaker } from '../observability/metrics/gauges.js';
import { startMetrics } from '../observability/metrics/start.js';
import type { ReadinessCheck } from '../observability/readiness.js';
import { requestLogObserver } from '../observability/request-log-observer.js';
import { startTracing } from '../observability/tracing/start.js';
import type { PipelineObserver } from '../pipeline/contract.js';
import type { Logger } from '../pipeline/services.js';
import type { Handler } from '../server/route.js';
import { metricsRoute } from './metrics-route.js';

/** What observability needs from the composition root. */
export interface ObservabilityInputs {
  config: Config;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  requestLog: BatchingSink;
  /**
   * Read only at collection time, so they may be bound late: governance and routing start after
   * observability. Budget use (governance) and the breakers not closed (routing).
   */
  sources?: { budgets?(): Iterable<BudgetUse>; breakers?(): Iterable<OpenBreaker> };
  /** Rewrites the request and answer texts the request log and traces keep (the guardrails' PII redaction). */
  redact?: (text: string) => string;
}

/** Observability while the gateway runs. */
export interface Observability {
  /** In the order they see a request: tracing first (it starts the trace), the request log last (it reads the trace id). */
  observers: PipelineObserver[];
  /** Fixed routes it serves: GET /metrics. */
  routes: { method: string; path: string; handler: Handler }[];
  /** Dependencies /readyz waits for (a required OTLP endpoint). */
  readiness: ReadinessCheck[];
  /** Facts for /healthz. */
  health(): Record<string, unknown>;
  /** Lets a feature add a gauge to /metrics and the OTLP push (cache, guardrails); a no-op when metrics are off. */
  registerGauge(gauge: GaugeRegistration): void;
  close(): Promise<void>;
}

/** Starts tracing and metrics and gathers the observers, in the order they must run. */
export async function startObservability(inputs: ObservabilityInputs): Promise<Observability> {
  const { config, env, logger, requestLog } = inputs;
  const redact = inputs.redact;
  const tracing = await startTracing({ config, env, logger, redactContent: redact && ((text: string) => redact(text)) });
  const metrics = startMetrics({
    config,
    env,
    logger,
    gauges: {
      requestLogQueued: () => requestLog.queued(),
      requestLogDropped: () => requestLog.dropped(),
      droppedSpans: () => tracing?.droppedSpans() ?? 0,
      budgets: inputs.sources?.budgets,
      breakers: inputs.sources?.breakers,
    },
  });
  const observers: PipelineObserver[] = [];
  if (tracing) observers.push(tracing.observer);
  if (metrics) observers.push(metrics.observer);
  if (config.request_log.enabled) observers.push(requestLogObserver(requestLog, config.request_log, { redact: redact && ((text) => redact(text)) }));
  const routes: Observability['routes'] = [];
  const scrape = metrics?.scrape;
  if (scrape) routes.push({ method: 'GET', path: '/metrics', handler: metricsRoute(scrape, config, logger) });
  return {
    observers,
    routes,
    readiness: tracing?.readiness ? [tracing.readiness] : [],
    health: () => (tracing ? { traces: { dropped_spans: tracing.droppedSpans() } } : {}),
    registerGauge: (gauge) => metrics?.registerGauge(gauge),
    async close() {
      await metrics?.close();
      await tracing?.close();
    },
  };
}
