/** Tracing: OpenTelemetry spans per request, phase and attempt, per the GenAI conventions (issue 9). */
import type { Config } from '../../config/schema.js';
import type { PipelineObserver } from '../../pipeline/contract.js';
import type { Logger } from '../../pipeline/services.js';
import type { ReadinessCheck } from '../readiness.js';

/** What starting tracing needs. */
export interface TracingOptions {
  config: Config;
  env: NodeJS.ProcessEnv;
  logger: Logger;
}

/** Tracing while the gateway runs. */
export interface Tracing {
  observer: PipelineObserver;
  /** Spans dropped because the export queue was full or an export failed. */
  droppedSpans(): number;
  /** Present when observability.otlp.required: the exporter's endpoint answers. */
  readiness?: ReadinessCheck;
  /** Exports what is queued, then stops. */
  close(): Promise<void>;
}

/** Starts tracing, or returns undefined when it is off (no endpoint, or traces.enabled false). */
export async function startTracing(_options: TracingOptions): Promise<Tracing | undefined> {
  return undefined;
}
