/** Tracing: OpenTelemetry spans per request, phase and attempt, per the GenAI conventions (issue 9). */
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import type { Config } from '../../config/schema.js';
import type { PipelineObserver } from '../../pipeline/contract.js';
import type { Logger } from '../../pipeline/services.js';
import type { ReadinessCheck } from '../readiness.js';
import { capturePolicy, type RedactContent } from './content-capture.js';
import { startExportPipeline } from './export-pipeline.js';
import { traceObserver } from './observer.js';
import { otlpReadiness } from './otlp-readiness.js';
import { resolveTraceSettings } from './otel-env.js';
import { createSampler } from './sampling.js';

/** What starting tracing needs. */
export interface TracingOptions {
  config: Config;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  /** Rewrites captured content before it leaves (PII redaction, filled by guardrails); identity by default. */
  redactContent?: RedactContent;
  /** Tests only: an exporter instead of OTLP/HTTP. */
  exporter?: SpanExporter;
}

/** Tracing while the gateway runs. */
export interface Tracing {
  observer: PipelineObserver;
  /** Spans dropped because the export queue was full or an export failed. */
  droppedSpans(): number;
  /** Present when observability.otlp.required: the exporter's endpoint answers. */
  readiness?: ReadinessCheck;
  /** Exports what is queued now (tests, and before a planned stop). */
  flush(): Promise<void>;
  /** Exports what is queued, then stops. */
  close(): Promise<void>;
}

/** Starts tracing, or returns undefined when it is off (no endpoint, or traces.enabled false). */
export async function startTracing(options: TracingOptions): Promise<Tracing | undefined> {
  const { config, env, logger } = options;
  const settings = resolveTraceSettings(config, env);
  if (!settings) return undefined;
  const traces = config.observability.traces;
  // One line per minute at most while exports fail: the count is on /healthz, the log says why.
  let warnedAt = Number.NEGATIVE_INFINITY;
  const onExportFailure = (error: Error | undefined) => {
    const now = Date.now();
    if (now - warnedAt < 60_000) return;
    warnedAt = now;
    logger.warn({ reason: error?.message ?? 'unknown', droppedSpans: pipeline.counts.dropped }, 'tracing: an export failed; its spans are dropped and counted');
  };
  const pipeline = startExportPipeline(settings, traces, options.exporter, onExportFailure);
  const observer = traceObserver({
    tracer: pipeline.tracer,
    sample: createSampler(settings.sampler),
    acceptTraceparent: traces.accept_traceparent,
    propagateUpstream: traces.propagate_upstream,
    captureFor: capturePolicy(traces.capture_content),
    redactContent: options.redactContent,
  });
  // The URL's host only: its path or query could carry a token.
  logger.info(
    { traces: { host: new URL(settings.url).host, protocol: settings.protocol, sampler: settings.sampler.kind, ratio: settings.sampler.ratio } },
    'tracing on',
  );
  return {
    observer,
    droppedSpans: () => pipeline.counts.dropped,
    readiness: config.observability.otlp.required ? otlpReadiness(settings.url) : undefined,
    flush: () => pipeline.flush(),
    async close() {
      try {
        await pipeline.shutdown();
      } catch (err) {
        logger.warn({ err: String(err) }, 'tracing: the last export failed');
      }
    },
  };
}
