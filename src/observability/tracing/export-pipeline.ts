/**
 * The SDK's side: a tracer provider with a batch processor and an OTLP/HTTP exporter (protobuf or
 * JSON). Nothing global is registered (no context manager, no global provider, no patching): the
 * observer uses this provider's tracer directly, and parents spans explicitly.
 */
import { readFileSync } from 'node:fs';
import type { Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AlwaysOnSampler, BatchSpanProcessor, type SpanExporter, TracerProvider } from '@opentelemetry/sdk-trace';
import type { ObservabilityConfig } from '../config-schema.js';
import { CountingExporter, CountingProcessor, DropCounter } from './dropped-spans.js';
import type { TraceSettings } from './otel-env.js';

/** The running export side. */
export interface ExportPipeline {
  tracer: Tracer;
  counts: DropCounter;
  /** Exports what is queued now. */
  flush(): Promise<void>;
  /** Exports what is queued, then stops. */
  shutdown(): Promise<void>;
}

/** The gateway's version, read once (src/ and dist/ are both three levels below the package). */
function serviceVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The exporter for the settings' protocol, or the one a test hands in. */
function createExporter(settings: TraceSettings): SpanExporter {
  const options = { url: settings.url, headers: settings.headers, timeoutMillis: settings.timeoutMs };
  return settings.protocol === 'http/json' ? new JsonExporter(options) : new ProtobufExporter(options);
}

/** Starts the provider, processor and exporter. Sampling is decided by the observer, so the SDK samples everything it is given. */
export function startExportPipeline(
  settings: TraceSettings,
  traces: ObservabilityConfig['traces'],
  exporter?: SpanExporter,
  onExportFailure?: (error: Error | undefined) => void,
): ExportPipeline {
  const counts = new DropCounter();
  const maxQueueSize = traces.max_queue_size;
  const batch = new BatchSpanProcessor({
    exporter: new CountingExporter(exporter ?? createExporter(settings), counts, onExportFailure),
    maxQueueSize,
    maxExportBatchSize: Math.min(traces.max_export_batch_size, maxQueueSize),
    scheduledDelayMillis: traces.schedule_delay_ms,
    // A little over the exporter's own timeout, so the exporter's verdict (and our count) comes first.
    exportTimeoutMillis: settings.timeoutMs + 1000,
  });
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ ...settings.resourceAttributes, 'service.name': settings.serviceName, 'service.version': serviceVersion() }),
    sampler: new AlwaysOnSampler(),
    spanProcessors: [new CountingProcessor(batch, counts, maxQueueSize)],
  });
  return {
    tracer: provider.getTracer('switchboard'),
    counts,
    flush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}
