/**
 * Where metrics are pushed over OTLP/HTTP: the config's `observability.otlp` first, then the
 * standard OTEL_EXPORTER_OTLP_* variables (the metrics-specific ones before the general ones),
 * as the OpenTelemetry exporter specification reads them. The tracing side resolves its own
 * endpoint the same way; the two may later share one resolver.
 */
import type { ObservabilityConfig } from '../config-schema.js';

/** The resolved OTLP metrics target. */
export interface OtlpMetricsTarget {
  /** Full URL of the metrics endpoint (…/v1/metrics). */
  url: string;
  protocol: 'http/protobuf' | 'http/json';
  headers: Record<string, string>;
  timeoutMs: number;
}

/** What resolution found: a target, or nothing (no endpoint), with notes for the operator. */
export interface OtlpMetricsResolution {
  target?: OtlpMetricsTarget;
  /** Things the operator should know (an unsupported protocol was replaced). */
  warnings: string[];
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** Appends the signal path to a base endpoint (`http://host:4318` → `http://host:4318/v1/metrics`). */
function withSignalPath(base: string): string {
  return `${base.replace(/\/+$/, '')}/v1/metrics`;
}

/** Parses an OTEL_EXPORTER_OTLP_HEADERS value: `key=value,key2=value2`, values percent-encoded. */
export function parseOtlpHeaders(value: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (!value) return headers;
  for (const pair of value.split(',')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const name = pair.slice(0, eq).trim();
    let text = pair.slice(eq + 1).trim();
    try {
      text = decodeURIComponent(text);
    } catch {
      // Not percent-encoded after all: keep it as written.
    }
    if (name) headers[name.toLowerCase()] = text;
  }
  return headers;
}

function positiveInt(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/** Resolves the metrics endpoint; no target when neither the config nor the environment names one, or OTEL_METRICS_EXPORTER says none. */
export function resolveOtlpMetrics(config: ObservabilityConfig, env: NodeJS.ProcessEnv): OtlpMetricsResolution {
  const warnings: string[] = [];
  const exporters = (env.OTEL_METRICS_EXPORTER ?? '').split(',').map((s) => s.trim());
  if (exporters.includes('none') || env.OTEL_SDK_DISABLED === 'true') return { warnings };
  const otlp = config.otlp;
  let url: string | undefined;
  if (otlp.endpoint) url = withSignalPath(otlp.endpoint);
  else if (env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT) url = env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT;
  else if (env.OTEL_EXPORTER_OTLP_ENDPOINT) url = withSignalPath(env.OTEL_EXPORTER_OTLP_ENDPOINT);
  if (!url) return { warnings };

  let protocol: OtlpMetricsTarget['protocol'] = 'http/protobuf';
  const asked = otlp.protocol ?? env.OTEL_EXPORTER_OTLP_METRICS_PROTOCOL ?? env.OTEL_EXPORTER_OTLP_PROTOCOL;
  if (asked === 'http/json' || asked === 'http/protobuf') protocol = asked;
  else if (asked !== undefined && asked !== '')
    warnings.push(`OTLP protocol '${asked}' is not supported for metrics; using http/protobuf (set OTEL_EXPORTER_OTLP_PROTOCOL to http/protobuf or http/json)`);

  const headers = {
    ...parseOtlpHeaders(env.OTEL_EXPORTER_OTLP_HEADERS),
    ...parseOtlpHeaders(env.OTEL_EXPORTER_OTLP_METRICS_HEADERS),
    ...(otlp.headers ?? {}),
  };
  const timeoutMs = otlp.timeout_ms ?? positiveInt(env.OTEL_EXPORTER_OTLP_METRICS_TIMEOUT) ?? positiveInt(env.OTEL_EXPORTER_OTLP_TIMEOUT) ?? DEFAULT_TIMEOUT_MS;
  return { target: { url, protocol, headers, timeoutMs }, warnings };
}
