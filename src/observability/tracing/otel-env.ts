/**
 * What is tracing's own in the config and the OTEL_* environment: which traces are kept (the
 * sampler), the service name and resource attributes. Where they go is the shared OTLP target
 * (../otlp-target.ts). Resolved once at start; a bad value is a ConfigError that names where it
 * came from and the fix.
 */
import { ConfigError } from '../../config/errors.js';
import type { Config } from '../../config/schema.js';
import { envValue, type OtlpTarget, otelSdkDisabled, parseOtlpHeaders, resolveOtlpTarget } from '../otlp-target.js';

/** How requests are sampled (OTEL_TRACES_SAMPLER's vocabulary). */
export type SamplerKind = 'always_on' | 'always_off' | 'traceidratio' | 'parentbased_always_on' | 'parentbased_always_off' | 'parentbased_traceidratio';

/** The sampler: its kind, and the ratio of the traceidratio kinds. */
export interface SamplerSettings {
  kind: SamplerKind;
  /** 0..1; 1 for the kinds without a ratio. */
  ratio: number;
}

/** Everything the trace exporter and the observer need from config and environment. */
export interface TraceSettings extends OtlpTarget {
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
  if (!config.observability.traces.enabled || otelSdkDisabled(env)) return undefined;
  const exporter = envValue(env, 'OTEL_TRACES_EXPORTER');
  // Metrics may name other exporters (prometheus); traces leave the gateway over OTLP or not at all.
  if (exporter?.split(',').some((name) => name.trim() !== 'otlp' && name.trim() !== 'none'))
    throw new ConfigError(ENV, 'OTEL_TRACES_EXPORTER', `'${exporter}' is not supported; Switchboard exports traces over OTLP (otlp) or not at all (none).`);
  const target = resolveOtlpTarget(config.observability, env, 'traces');
  if (target === undefined) return undefined;
  const resourceValue = envValue(env, 'OTEL_RESOURCE_ATTRIBUTES');
  const resourceAttributes = resourceValue === undefined ? {} : parseOtlpHeaders(resourceValue, 'OTEL_RESOURCE_ATTRIBUTES');
  const serviceName = envValue(env, 'OTEL_SERVICE_NAME') ?? resourceAttributes['service.name'] ?? 'switchboard';
  delete resourceAttributes['service.name'];
  return { ...target, serviceName, resourceAttributes, sampler: resolveSampler(config, env) };
}
