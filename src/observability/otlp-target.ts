/**
 * Where one signal (traces or metrics) is exported over OTLP/HTTP: the config's
 * `observability.otlp` first, then the standard OTEL_EXPORTER_OTLP_* variables as the
 * OpenTelemetry exporter specification reads them (the signal's own variable over the general
 * one). Shared by tracing and metrics so both read the environment alike. Resolved once at start;
 * a bad value is a ConfigError that names where it came from and the fix.
 */
import { ConfigError } from '../config/errors.js';
import { type ObservabilityConfig, OTLP_PROTOCOLS } from './config-schema.js';

/** The signals exported over OTLP. */
export type OtlpSignal = 'traces' | 'metrics';

/** One signal's resolved OTLP/HTTP target. */
export interface OtlpTarget {
  /** The full URL of the signal's endpoint (…/v1/traces, …/v1/metrics). */
  url: string;
  protocol: (typeof OTLP_PROTOCOLS)[number];
  /** Sent with every export (names lower-case); never logged. */
  headers: Record<string, string>;
  timeoutMs: number;
}

/** The variables one signal reads, signal-specific before general; spelled out once. */
interface SignalVariables {
  path: string;
  exporter: string;
  endpoint: string;
  protocol: readonly string[];
  headers: readonly string[];
  timeout: readonly string[];
}

const VARIABLES: Readonly<Record<OtlpSignal, SignalVariables>> = {
  traces: {
    path: '/v1/traces',
    exporter: 'OTEL_TRACES_EXPORTER',
    endpoint: 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
    protocol: ['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', 'OTEL_EXPORTER_OTLP_PROTOCOL'],
    headers: ['OTEL_EXPORTER_OTLP_TRACES_HEADERS', 'OTEL_EXPORTER_OTLP_HEADERS'],
    timeout: ['OTEL_EXPORTER_OTLP_TRACES_TIMEOUT', 'OTEL_EXPORTER_OTLP_TIMEOUT'],
  },
  metrics: {
    path: '/v1/metrics',
    exporter: 'OTEL_METRICS_EXPORTER',
    endpoint: 'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT',
    protocol: ['OTEL_EXPORTER_OTLP_METRICS_PROTOCOL', 'OTEL_EXPORTER_OTLP_PROTOCOL'],
    headers: ['OTEL_EXPORTER_OTLP_METRICS_HEADERS', 'OTEL_EXPORTER_OTLP_HEADERS'],
    timeout: ['OTEL_EXPORTER_OTLP_METRICS_TIMEOUT', 'OTEL_EXPORTER_OTLP_TIMEOUT'],
  },
};

const ENV = 'environment';
const DEFAULT_TIMEOUT_MS = 10_000;

/** An environment variable's value, trimmed; undefined when unset or blank. */
export function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/** Whether OTEL_SDK_DISABLED turns all telemetry off. */
export function otelSdkDisabled(env: NodeJS.ProcessEnv): boolean {
  return envValue(env, 'OTEL_SDK_DISABLED')?.toLowerCase() === 'true';
}

/** Whether the file's or an env var's URL is http(s), else a ConfigError naming where it came from. */
function checkHttp(url: URL, file: string, path: string): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ConfigError(file, path, `only http:// and https:// endpoints are supported (OTLP over HTTP); got '${url.protocol}'.`);
}

/** An http(s) URL from an env var, else a ConfigError naming the variable. */
function envUrl(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = envValue(env, name);
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(ENV, name, `'${value}' is not a URL; set it to the collector's base URL, e.g. http://127.0.0.1:4318.`);
  }
  checkHttp(url, ENV, name);
  return value;
}

/** Base URL + the signal's path, as OTEL_EXPORTER_OTLP_ENDPOINT is specified (one slash between). */
function withSignalPath(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}

/** The file's base endpoint, else the signal's own env URL (used as is), else the env base URL. */
function resolveUrl(otlp: ObservabilityConfig['otlp'], env: NodeJS.ProcessEnv, vars: SignalVariables): string | undefined {
  if (otlp.endpoint !== undefined) {
    checkHttp(new URL(otlp.endpoint), 'config', 'observability.otlp.endpoint');
    return withSignalPath(otlp.endpoint, vars.path);
  }
  const own = envUrl(env, vars.endpoint);
  if (own !== undefined) return own;
  const base = envUrl(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  return base === undefined ? undefined : withSignalPath(base, vars.path);
}

function resolveProtocol(otlp: ObservabilityConfig['otlp'], env: NodeJS.ProcessEnv, vars: SignalVariables): OtlpTarget['protocol'] {
  if (otlp.protocol) return otlp.protocol;
  for (const name of vars.protocol) {
    const value = envValue(env, name);
    if (value === undefined) continue;
    if ((OTLP_PROTOCOLS as readonly string[]).includes(value)) return value as OtlpTarget['protocol'];
    const hint = value === 'grpc' ? " gRPC is not supported: use http/protobuf and the collector's HTTP port (4318)." : '';
    throw new ConfigError(ENV, name, `'${value}' is not a supported protocol; use ${OTLP_PROTOCOLS.join(' or ')}.${hint}`);
  }
  return 'http/protobuf';
}

/** Parses `k=v,k2=v2` (values URL-encoded), as the OTEL spec defines OTEL_EXPORTER_OTLP_HEADERS and OTEL_RESOURCE_ATTRIBUTES. */
export function parseOtlpHeaders(value: string, name: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of value.split(',')) {
    if (pair.trim() === '') continue;
    const eq = pair.indexOf('=');
    const key = eq > 0 ? pair.slice(0, eq).trim() : '';
    // The value is never echoed: it is usually an API key.
    if (!key) throw new ConfigError(ENV, name, "an entry is not 'key=value'; write it as key1=value1,key2=value2 (values URL-encoded).");
    try {
      out[decodeURIComponent(key)] = decodeURIComponent(pair.slice(eq + 1).trim());
    } catch {
      throw new ConfigError(ENV, name, `the value of '${key}' is not valid URL encoding; encode '%' as %25.`);
    }
  }
  return out;
}

/** Adds headers under lower-case names, so a later source replaces an earlier one whatever its case. */
function addHeaders(out: Record<string, string>, headers: Record<string, string>): void {
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value;
}

/** General env headers, then the signal's, then the file's: the more specific source wins. */
function resolveHeaders(otlp: ObservabilityConfig['otlp'], env: NodeJS.ProcessEnv, vars: SignalVariables): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of [...vars.headers].reverse()) {
    const value = envValue(env, name);
    if (value !== undefined) addHeaders(out, parseOtlpHeaders(value, name));
  }
  addHeaders(out, otlp.headers ?? {});
  return out;
}

function resolveTimeout(otlp: ObservabilityConfig['otlp'], env: NodeJS.ProcessEnv, vars: SignalVariables): number {
  if (otlp.timeout_ms !== undefined) return otlp.timeout_ms;
  for (const name of vars.timeout) {
    const value = envValue(env, name);
    if (value === undefined) continue;
    const ms = Number(value);
    if (!Number.isInteger(ms) || ms <= 0 || ms > 120_000)
      throw new ConfigError(ENV, name, `'${value}' is not a timeout; give whole milliseconds between 1 and 120000.`);
    return ms;
  }
  return DEFAULT_TIMEOUT_MS;
}

/**
 * The signal's OTLP target, or undefined when it is not exported: OTEL_SDK_DISABLED=true,
 * OTEL_<SIGNAL>_EXPORTER naming none, or no endpoint in the file nor the environment.
 */
export function resolveOtlpTarget(config: ObservabilityConfig, env: NodeJS.ProcessEnv, signal: OtlpSignal): OtlpTarget | undefined {
  const vars = VARIABLES[signal];
  if (otelSdkDisabled(env)) return undefined;
  // A list per the spec (e.g. `otlp,console`); none anywhere turns the signal off.
  const exporters = (envValue(env, vars.exporter) ?? '').split(',').map((name) => name.trim());
  if (exporters.includes('none')) return undefined;
  const url = resolveUrl(config.otlp, env, vars);
  if (url === undefined) return undefined;
  return {
    url,
    protocol: resolveProtocol(config.otlp, env, vars),
    headers: resolveHeaders(config.otlp, env, vars),
    timeoutMs: resolveTimeout(config.otlp, env, vars),
  };
}
