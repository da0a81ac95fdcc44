/**
 * Metrics: the GenAI and gateway instruments on one OpenTelemetry MeterProvider, read by the
 * Prometheus exporter on GET /metrics (pull; its own HTTP server is never started) and, when an
 * OTLP endpoint is set and metrics.otlp_interval_ms > 0, pushed over OTLP/HTTP on a timer.
 * Decision 0012 says why one SDK serves both.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Meter } from '@opentelemetry/api';
import { OTLPMetricExporter as OtlpJsonExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as OtlpProtoExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { type IMetricReader, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import type { Config } from '../../config/schema.js';
import type { PipelineObserver } from '../../pipeline/contract.js';
import type { Logger } from '../../pipeline/services.js';
import { resolveOtlpTarget } from '../otlp-target.js';
import { type GaugeRegistration, type GaugeSources, registerBuiltInGauges, registerGauge } from './gauges.js';
import { histogramProducer } from './histograms.js';
import { createGatewayCounters, createGenAiHistograms } from './instruments.js';
import { metricsObserver } from './observer.js';

/** Label sets kept per metric family; past it new ones share `otel_metric_overflow="true"`. */
const MAX_LABEL_SETS = 2000;
/** The Prometheus text exposition format, version 0.0.4. */
const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** What starting metrics needs: the config and the gauges other parts expose. */
export interface MetricsOptions {
  config: Config;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  /** Read at collection time: the request log's queue depth and drops, spans dropped, budgets, breakers. */
  gauges: GaugeSources;
}

/** Metrics while the gateway runs. */
export interface Metrics {
  observer: PipelineObserver;
  /** Serves GET /metrics (Prometheus text), when metrics.prometheus is on. Authorization is the caller's. */
  scrape?: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  /** Lets a feature add a gauge read at collection time (cache, guardrails): see gauges.ts. */
  registerGauge(gauge: GaugeRegistration): void;
  /** The meter the instruments live on (tests, and features adding their own instruments). */
  meter: Meter;
  /** Pushes what is pending (OTLP) and stops the readers. */
  close(): Promise<void>;
}

/** Starts metrics, or returns undefined when neither Prometheus nor OTLP export is on. */
export function startMetrics(options: MetricsOptions): Metrics | undefined {
  const { config, env, logger } = options;
  const settings = config.observability.metrics;
  // The histograms are kept by the gateway (histograms.ts) and read by every reader through this producer.
  const histograms = createGenAiHistograms(MAX_LABEL_SETS);
  const producer = histogramProducer(Object.values(histograms), 'switchboard');
  const readers: IMetricReader[] = [];
  let prometheus: PrometheusExporter | undefined;
  if (settings.prometheus) {
    // Pull reader only: /metrics is served by the gateway's own listener, behind its auth.
    prometheus = new PrometheusExporter({ preventServerStart: true, metricProducers: [producer] });
    readers.push(prometheus);
  }
  if (settings.otlp_interval_ms > 0) {
    const target = resolveOtlpTarget(config.observability, env, 'metrics');
    if (target) {
      const exporterOptions = { url: target.url, headers: target.headers, timeoutMillis: target.timeoutMs };
      const exporter = target.protocol === 'http/json' ? new OtlpJsonExporter(exporterOptions) : new OtlpProtoExporter(exporterOptions);
      readers.push(
        new PeriodicExportingMetricReader({
          exporter,
          metricProducers: [producer],
          exportIntervalMillis: settings.otlp_interval_ms,
          exportTimeoutMillis: Math.min(target.timeoutMs, settings.otlp_interval_ms),
        }),
      );
    }
  }
  if (readers.length === 0) return undefined;

  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME || 'switchboard' }),
    readers,
  });
  const meter = provider.getMeter('switchboard');
  const observer = metricsObserver({
    histograms,
    counters: createGatewayCounters(meter, MAX_LABEL_SETS),
    aliases: new Set(config.models.map((model) => model.name)),
    endUserLabels: settings.end_user_labels,
    maxLabelSets: MAX_LABEL_SETS,
  });
  registerBuiltInGauges(meter, options.gauges, { endUserLabels: settings.end_user_labels });

  let scrape: Metrics['scrape'];
  if (prometheus) {
    const reader = prometheus;
    // Without the otel_scope_name label on every series: there is one scope, the gateway.
    const serializer = new PrometheusSerializer(undefined, false, undefined, false, true);
    scrape = async (_req, res) => {
      const { resourceMetrics, errors } = await reader.collect();
      if (errors.length > 0) logger.warn({ errors: errors.map(String) }, 'metrics collection reported errors');
      const text = serializer.serialize(resourceMetrics);
      res.writeHead(200, { 'content-type': PROMETHEUS_CONTENT_TYPE, 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
      res.end(text);
    };
  }

  return {
    observer,
    scrape,
    meter,
    registerGauge: (gauge) => registerGauge(meter, gauge),
    async close() {
      await provider.shutdown().catch((err: unknown) => logger.warn({ err }, 'metrics shutdown failed'));
    },
  };
}
