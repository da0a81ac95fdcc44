/** Where metrics are pushed: the config first, then the OTEL_EXPORTER_OTLP_* variables, metrics-specific before general. */
import { describe, expect, it } from 'vitest';
import { observabilitySchema } from '../config-schema.js';
import { parseOtlpHeaders, resolveOtlpMetrics } from './otlp-endpoint.js';

const config = (value: unknown = {}) => observabilitySchema.parse(value);

describe('resolveOtlpMetrics', () => {
  it('has no target without an endpoint anywhere', () => {
    expect(resolveOtlpMetrics(config(), {}).target).toBeUndefined();
  });

  it('appends /v1/metrics to a base endpoint from the config or OTEL_EXPORTER_OTLP_ENDPOINT', () => {
    expect(resolveOtlpMetrics(config({ otlp: { endpoint: 'http://127.0.0.1:4318/' } }), {}).target?.url).toBe('http://127.0.0.1:4318/v1/metrics');
    expect(resolveOtlpMetrics(config(), { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).target?.url).toBe('http://collector:4318/v1/metrics');
  });

  it('takes OTEL_EXPORTER_OTLP_METRICS_ENDPOINT as the full URL, and the config over both', () => {
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'http://b:4318/custom/metrics' };
    expect(resolveOtlpMetrics(config(), env).target?.url).toBe('http://b:4318/custom/metrics');
    expect(resolveOtlpMetrics(config({ otlp: { endpoint: 'http://c:4318' } }), env).target?.url).toBe('http://c:4318/v1/metrics');
  });

  it('reads the protocol, headers and timeout, the config winning', () => {
    const env = {
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_HEADERS: 'Authorization=Basic%20abc,x-team=one',
      OTEL_EXPORTER_OTLP_METRICS_HEADERS: 'x-team=two',
      OTEL_EXPORTER_OTLP_TIMEOUT: '2500',
    };
    expect(resolveOtlpMetrics(config(), env).target).toEqual({
      url: 'http://a:4318/v1/metrics',
      protocol: 'http/json',
      headers: { authorization: 'Basic abc', 'x-team': 'two' },
      timeoutMs: 2500,
    });
    const fromFile = resolveOtlpMetrics(config({ otlp: { protocol: 'http/protobuf', headers: { 'x-team': 'three' }, timeout_ms: 900 } }), env).target;
    expect(fromFile).toMatchObject({ protocol: 'http/protobuf', headers: { authorization: 'Basic abc', 'x-team': 'three' }, timeoutMs: 900 });
  });

  it('warns and uses http/protobuf for gRPC, and exports nothing with OTEL_METRICS_EXPORTER=none', () => {
    const grpc = resolveOtlpMetrics(config(), { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4317', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' });
    expect(grpc.target?.protocol).toBe('http/protobuf');
    expect(grpc.warnings[0]).toContain("'grpc' is not supported");
    expect(resolveOtlpMetrics(config(), { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_METRICS_EXPORTER: 'none' }).target).toBeUndefined();
  });
});

describe('parseOtlpHeaders', () => {
  it('skips malformed pairs and keeps values that are not percent-encoded', () => {
    expect(parseOtlpHeaders('a=1,broken,=x, b = %zz ')).toEqual({ a: '1', b: '%zz' });
  });
});
