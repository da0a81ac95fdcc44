/** Metrics: the GenAI and gateway instruments, on GET /metrics and over OTLP (issue 9). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '../../config/schema.js';
import type { PipelineObserver } from '../../pipeline/contract.js';
import type { Logger } from '../../pipeline/services.js';

/** What starting metrics needs: the config and the gauges other parts expose. */
export interface MetricsOptions {
  config: Config;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  /** Read at collection time: the request log's queue depth and drops, spans dropped. */
  gauges: { requestLogQueued(): number; requestLogDropped(): number; droppedSpans(): number };
}

/** Metrics while the gateway runs. */
export interface Metrics {
  observer: PipelineObserver;
  /** Serves GET /metrics (Prometheus text), when metrics.prometheus is on. */
  scrape?: (req: IncomingMessage, res: ServerResponse) => void;
  close(): Promise<void>;
}

/** Starts metrics, or returns undefined when neither Prometheus nor OTLP export is on. */
export function startMetrics(_options: MetricsOptions): Metrics | undefined {
  return undefined;
}
