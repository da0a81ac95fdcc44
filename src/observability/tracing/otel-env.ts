/**
 * Where traces go and which are kept: the config's `observability.otlp` and `observability.traces`
 * merged with the standard OTEL_* environment variables (the file wins where both speak).
 * Resolved once at start; a bad value is a ConfigError that names where it came from and the fix.
 */
import { ConfigError } from '../../config/errors.js';
import type { Config } from '../../config/schema.js';
import { OTLP_PROTOCOLS } from '../config-schema.js';

/** How requests are sampled (OTEL_TRACES_SAMPLER's vocabulary). */
export type SamplerKind = 'always_on' | 'always_off' | 'traceidratio' | 'parentbased_always_on' | 'parentbased_always_off' | 'parentbased_traceidratio';

/** The sampler: its kind, and the ratio of the traceidratio kinds. */
export interface SamplerSettings {
  kind: SamplerKind;
  /** 0..1; 1 for the kinds without a ratio. */
  ratio: number;
}

/** Everything the trace exporter and the observer need from config and environment. */
export interface TraceSettings {
  /** The full traces URL (…/v1/traces). */
  url: string;
  protocol: (typeof OTLP_PROTOCOLS)[number];
  /** Sent with every export; never logged. */
  headers: Record<string, string>;
  timeoutMs: number;
  serviceName: string;
  /** OTEL_RESOURCE_ATTRIBUTES (deployment.environment.name, a Phoenix project name...), service.name aside. */
  resourceAttributes: Record<string, string>;
  sampler: SamplerSettings;
}

const SAMPLERS: readonly SamplerKind[] = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
];
const ENV = 'environment';
const DEFAULT_TIMEOUT_MS = 10_000;

function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
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
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ConfigError(ENV, name, `only http:// and https:// endpoints are supported (OTLP over HTTP); got '${url.protocol}'.`);
  return value;
}

/** Base URL + the signal's path, as OTEL_EXPORTER_OTLP_ENDPOINT is specified (one slash between). */
function withTracesPath(base: string): string {
  return `${base.replace(/\/+$/, '')}/v1/traces`;
}

/** Where traces go: the file's base endpoint, else the traces-only env URL (used as is), else the env base URL. */
function resolveUrl(config: Config, env: NodeJS.ProcessEnv): string | undefined {
  const fromFile = config.observability.otlp.endpoint;
  if (fromFile !== undefined) {
    const protocol = new URL(fromFile).protocol;
    if (protocol !== 'http:' && protocol !== 'https:')
      throw new ConfigError('config', 'observability.otlp.endpoint', `only http:// and https:// endpoints are supported (OTLP over HTTP); got '${protocol}'.`);
    return withTracesPath(fromFile);
  }
  const tracesOnly = envUrl(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  if (tracesOnly !== undefined) return tracesOnly;
  const base = envUrl(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  return base === undefined ? undefined : withTracesPath(base);
}

function resolveProtocol(config: Config, env: NodeJS.ProcessEnv): TraceSettings['protocol'] {
  if (config.observability.otlp.protocol) return config.observability.otlp.protocol;
  for (const name of ['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', 'OTEL_EXPORTER_OTLP_PROTOCOL']) {
    const value = envValue(env, name);
    if (value === undefined) continue;
    if ((OTLP_PROTOCOLS as readonly string[]).includes(value)) return value as TraceSettings['protocol'];
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

function resolveHeaders(config: Config, env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of ['OTEL_EXPORTER_OTLP_HEADERS', 'OTEL_EXPORTER_OTLP_TRACES_HEADERS']) {
    const value = envValue(env, name);
    if (value !== undefined) Object.assign(out, parseOtlpHeaders(value, name));
  }
  return Object.assign(out, config.observability.otlp.headers ?? {});
}

function resolveTimeout(config: Config, env: NodeJS.ProcessEnv): number {
  if (config.observability.otlp.timeout_ms !== undefined) return config.observability.otlp.timeout_ms;
  for (const name of ['OTEL_EXPORTER_OTLP_TRACES_TIMEOUT', 'OTEL_EXPORTER_OTLP_TIMEOUT']) {
    const value = envValue(env, name);
    if (value === undefined) continue;
    const ms = Number(value);
    if (!Number.isInteger(ms) || ms <= 0 || ms > 120_000)
      throw new ConfigError(ENV, name, `'${value}' is not a timeout; give whole milliseconds between 1 and 120000.`);
    return ms;
  }
  return DEFAULT_TIMEOUT_MS;
}

function isRatioKind(kind: SamplerKind): boolean {
  return kind === 'traceidratio' || kind === 'parentbased_traceidratio';
}

/**
 * Share of new traces kept when neither the file nor the environment says: a span tree costs
 * about a fifth of a request's gateway CPU, so tracing every request by default would break the
 * +10% budget (issue 9); a client's sampled traceparent is still always followed.
 */
export const DEFAULT_SAMPLE_RATIO = 0.1;

/**
 * The sampler: OTEL_TRACES_SAMPLER, with its ratio from the file's `traces.sample_ratio`, else
 * OTEL_TRACES_SAMPLER_ARG. A ratio in the file turns a ratio-less sampler into
 * parentbased_traceidratio. Unset: parentbased_traceidratio at DEFAULT_SAMPLE_RATIO (the SDK
 * spec's default is parentbased_always_on; a gateway at full rate cannot afford it).
 */
export function resolveSampler(config: Config, env: NodeJS.ProcessEnv): SamplerSettings {
  const named = envValue(env, 'OTEL_TRACES_SAMPLER');
  if (named !== undefined && !(SAMPLERS as readonly string[]).includes(named))
    throw new ConfigError(ENV, 'OTEL_TRACES_SAMPLER', `'${named}' is not a supported sampler; use one of ${SAMPLERS.join(', ')}.`);
  const fileRatio = config.observability.traces.sample_ratio;
  let kind = (named as SamplerKind | undefined) ?? 'parentbased_traceidratio';
  if (fileRatio !== undefined) {
    if (!isRatioKind(kind)) kind = 'parentbased_traceidratio';
    return { kind, ratio: fileRatio };
  }
  if (!isRatioKind(kind)) return { kind, ratio: 1 };
  const arg = envValue(env, 'OTEL_TRACES_SAMPLER_ARG');
  if (arg === undefined) return { kind, ratio: named === undefined ? DEFAULT_SAMPLE_RATIO : 1 };
  const ratio = Number(arg);
  if (!Number.isFinite(ratio) || ratio < 0 || ratio > 1)
    throw new ConfigError(ENV, 'OTEL_TRACES_SAMPLER_ARG', `'${arg}' is not a ratio; give a number from 0 to 1 (or set observability.traces.sample_ratio).`);
  return { kind, ratio };
}

/**
 * The trace settings, or undefined when tracing is off: `traces.enabled: false`, OTEL_SDK_DISABLED,
 * OTEL_TRACES_EXPORTER=none, or no endpoint in the file nor the environment.
 */
export function resolveTraceSettings(config: Config, env: NodeJS.ProcessEnv): TraceSettings | undefined {
  if (!config.observability.traces.enabled) return undefined;
  if (envValue(env, 'OTEL_SDK_DISABLED')?.toLowerCase() === 'true') return undefined;
  const exporter = envValue(env, 'OTEL_TRACES_EXPORTER');
  if (exporter === 'none') return undefined;
  if (exporter !== undefined && exporter !== 'otlp')
    throw new ConfigError(ENV, 'OTEL_TRACES_EXPORTER', `'${exporter}' is not supported; Switchboard exports traces over OTLP (otlp) or not at all (none).`);
  const url = resolveUrl(config, env);
  if (url === undefined) return undefined;
  const resourceValue = envValue(env, 'OTEL_RESOURCE_ATTRIBUTES');
  const resourceAttributes = resourceValue === undefined ? {} : parseOtlpHeaders(resourceValue, 'OTEL_RESOURCE_ATTRIBUTES');
  const serviceName = envValue(env, 'OTEL_SERVICE_NAME') ?? resourceAttributes['service.name'] ?? 'switchboard';
  delete resourceAttributes['service.name'];
  return {
    url,
    protocol: resolveProtocol(config, env),
    headers: resolveHeaders(config, env),
    timeoutMs: resolveTimeout(config, env),
    serviceName,
    resourceAttributes,
    sampler: resolveSampler(config, env),
  };
}
