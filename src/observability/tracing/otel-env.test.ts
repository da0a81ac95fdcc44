import { describe, expect, it } from 'vitest';
import { type Config, configSchema } from '../../config/schema.js';
import { resolveTraceSettings } from './otel-env.js';
import { thrownConfigError as configError } from '../../testing/config-error.js';

function config(observability: Record<string, unknown> = {}): Config {
  return configSchema.parse({ providers: [{ id: 'oa', type: 'openai', api_key: 'k' }], observability });
}

describe('resolveTraceSettings', () => {
  it('is off without an endpoint anywhere, and when disabled', () => {
    expect(resolveTraceSettings(config(), {})).toBeUndefined();
    expect(resolveTraceSettings(config({ otlp: { endpoint: 'http://127.0.0.1:4318' }, traces: { enabled: false } }), {})).toBeUndefined();
    expect(resolveTraceSettings(config(), { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SDK_DISABLED: 'true' })).toBeUndefined();
    expect(resolveTraceSettings(config(), { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_TRACES_EXPORTER: 'none' })).toBeUndefined();
  });

  it('reads the standard variables, with OTEL defaults', () => {
    const settings = resolveTraceSettings(config(), {
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=abc%3D%3D, x-team = ops',
      OTEL_SERVICE_NAME: 'gw-eu',
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.25',
    });
    expect(settings).toEqual({
      url: 'http://collector:4318/v1/traces',
      protocol: 'http/json',
      headers: { 'x-api-key': 'abc==', 'x-team': 'ops' },
      timeoutMs: 10_000,
      serviceName: 'gw-eu',
      resourceAttributes: {},
      sampler: { kind: 'parentbased_traceidratio', ratio: 0.25 },
    });
    const resource = resolveTraceSettings(config(), {
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c',
      OTEL_RESOURCE_ATTRIBUTES: 'service.name=from-resource,deployment.environment.name=prod,openinference.project.name=gw',
    });
    expect(resource?.serviceName).toBe('from-resource');
    expect(resource?.resourceAttributes).toEqual({ 'deployment.environment.name': 'prod', 'openinference.project.name': 'gw' });
    const defaults = resolveTraceSettings(config(), { OTEL_EXPORTER_OTLP_ENDPOINT: 'https://c' })!;
    expect(defaults.protocol).toBe('http/protobuf');
    expect(defaults.serviceName).toBe('switchboard');
    expect(defaults.sampler).toEqual({ kind: 'parentbased_traceidratio', ratio: 0.1 });
    expect(resolveTraceSettings(config(), { OTEL_EXPORTER_OTLP_ENDPOINT: 'https://c', OTEL_TRACES_SAMPLER_ARG: '0.5' })?.sampler.ratio).toBe(0.5);
    expect(resolveTraceSettings(config(), { OTEL_EXPORTER_OTLP_ENDPOINT: 'https://c', OTEL_TRACES_SAMPLER: 'parentbased_always_on' })?.sampler).toEqual({
      kind: 'parentbased_always_on',
      ratio: 1,
    });
  });

  it('uses the traces-only endpoint as it is', () => {
    const settings = resolveTraceSettings(config(), {
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b:9999/custom/traces',
    });
    expect(settings?.url).toBe('http://b:9999/custom/traces');
  });

  it('lets the config file win where both speak', () => {
    const settings = resolveTraceSettings(
      config({
        otlp: { endpoint: 'http://file:4318', protocol: 'http/protobuf', headers: { 'x-api-key': 'from-file' }, timeout_ms: 500 },
        traces: { sample_ratio: 0.1 },
      }),
      {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://env:4318',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=from-env,x-other=1',
        OTEL_EXPORTER_OTLP_TIMEOUT: '9000',
        OTEL_TRACES_SAMPLER: 'always_on',
        OTEL_TRACES_SAMPLER_ARG: '0.9',
      },
    );
    expect(settings).toMatchObject({
      url: 'http://file:4318/v1/traces',
      protocol: 'http/protobuf',
      headers: { 'x-api-key': 'from-file', 'x-other': '1' },
      timeoutMs: 500,
      sampler: { kind: 'parentbased_traceidratio', ratio: 0.1 },
    });
  });

  it('refuses bad values with the variable named and the fix, never echoing header values', () => {
    const endpoint = configError(() => resolveTraceSettings(config(), { OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }));
    expect(endpoint.path).toBe('OTEL_EXPORTER_OTLP_ENDPOINT');
    expect(configError(() => resolveTraceSettings(config(), { OTEL_EXPORTER_OTLP_ENDPOINT: 'ftp://c' })).message).toContain('http://');
    const grpc = configError(() => resolveTraceSettings(config(), { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4317', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }));
    expect(grpc.path).toBe('OTEL_EXPORTER_OTLP_PROTOCOL');
    expect(grpc.message).toContain('4318');
    const sampler = configError(() => resolveTraceSettings(config(), { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_TRACES_SAMPLER: 'jaeger_remote' }));
    expect(sampler.message).toContain('parentbased_always_on');
    const arg = configError(() =>
      resolveTraceSettings(config(), { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '1.5' }),
    );
    expect(arg.path).toBe('OTEL_TRACES_SAMPLER_ARG');
    const headers = configError(() =>
      resolveTraceSettings(config(), { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_EXPORTER_OTLP_HEADERS: 'secret-token-value' }),
    );
    expect(headers.path).toBe('OTEL_EXPORTER_OTLP_HEADERS');
    expect(headers.message).not.toContain('secret-token-value');
    expect(configError(() => resolveTraceSettings(config(), { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_EXPORTER_OTLP_TIMEOUT: 'soon' })).path).toBe(
      'OTEL_EXPORTER_OTLP_TIMEOUT',
    );
  });
});
