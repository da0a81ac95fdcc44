/** Where a signal is exported: the config first, then the OTEL_EXPORTER_OTLP_* variables, signal-specific before general. */
import { describe, expect, it } from 'vitest';
import { observabilitySchema } from './config-schema.js';
import { parseOtlpHeaders, resolveOtlpTarget } from './otlp-target.js';
import { thrownConfigError as configError } from '../testing/config-error.js';

const config = (value: unknown = {}) => observabilitySchema.parse(value);

describe('resolveOtlpTarget', () => {
  it('has no target without an endpoint anywhere', () => {
    expect(resolveOtlpTarget(config(), {}, 'metrics')).toBeUndefined();
    expect(resolveOtlpTarget(config(), {}, 'traces')).toBeUndefined();
  });

  it("appends the signal's path to a base endpoint from the config or OTEL_EXPORTER_OTLP_ENDPOINT", () => {
    expect(resolveOtlpTarget(config({ otlp: { endpoint: 'http://127.0.0.1:4318/' } }), {}, 'metrics')?.url).toBe('http://127.0.0.1:4318/v1/metrics');
    expect(resolveOtlpTarget(config({ otlp: { endpoint: 'http://127.0.0.1:4318/' } }), {}, 'traces')?.url).toBe('http://127.0.0.1:4318/v1/traces');
    expect(resolveOtlpTarget(config(), { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, 'metrics')?.url).toBe('http://collector:4318/v1/metrics');
  });

  it("takes the signal's own endpoint as the full URL, and the config over both", () => {
    const env = {
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318',
      OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'http://b:4318/custom/metrics',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b:9999/custom/traces',
    };
    expect(resolveOtlpTarget(config(), env, 'metrics')?.url).toBe('http://b:4318/custom/metrics');
    expect(resolveOtlpTarget(config(), env, 'traces')?.url).toBe('http://b:9999/custom/traces');
    expect(resolveOtlpTarget(config({ otlp: { endpoint: 'http://c:4318' } }), env, 'metrics')?.url).toBe('http://c:4318/v1/metrics');
  });

  it('reads the protocol, headers and timeout, the signal over the general and the config winning', () => {
    const env = {
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_HEADERS: 'Authorization=Basic%20abc,x-team=one',
      OTEL_EXPORTER_OTLP_METRICS_HEADERS: 'x-team=two',
      OTEL_EXPORTER_OTLP_TIMEOUT: '2500',
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf',
      OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: '700',
    };
    expect(resolveOtlpTarget(config(), env, 'metrics')).toEqual({
      url: 'http://a:4318/v1/metrics',
      protocol: 'http/json',
      headers: { authorization: 'Basic abc', 'x-team': 'two' },
      timeoutMs: 2500,
    });
    expect(resolveOtlpTarget(config(), env, 'traces')).toEqual({
      url: 'http://a:4318/v1/traces',
      protocol: 'http/protobuf',
      headers: { authorization: 'Basic abc', 'x-team': 'one' },
      timeoutMs: 700,
    });
    const fromFile = resolveOtlpTarget(config({ otlp: { protocol: 'http/protobuf', headers: { 'X-Team': 'three' }, timeout_ms: 900 } }), env, 'metrics');
    expect(fromFile).toMatchObject({ protocol: 'http/protobuf', headers: { authorization: 'Basic abc', 'x-team': 'three' }, timeoutMs: 900 });
  });

  it("exports nothing with OTEL_SDK_DISABLED=true or the signal's exporter set to none, and only that signal", () => {
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318' };
    expect(resolveOtlpTarget(config(), { ...endpoint, OTEL_SDK_DISABLED: 'TRUE' }, 'metrics')).toBeUndefined();
    expect(resolveOtlpTarget(config(), { ...endpoint, OTEL_SDK_DISABLED: 'true' }, 'traces')).toBeUndefined();
    expect(resolveOtlpTarget(config(), { ...endpoint, OTEL_METRICS_EXPORTER: 'none' }, 'metrics')).toBeUndefined();
    expect(resolveOtlpTarget(config(), { ...endpoint, OTEL_METRICS_EXPORTER: 'prometheus, none' }, 'metrics')).toBeUndefined();
    expect(resolveOtlpTarget(config(), { ...endpoint, OTEL_METRICS_EXPORTER: 'none' }, 'traces')?.url).toBe('http://a:4318/v1/traces');
    expect(resolveOtlpTarget(config(), { ...endpoint, OTEL_TRACES_EXPORTER: 'none' }, 'traces')).toBeUndefined();
    expect(resolveOtlpTarget(config(), { ...endpoint, OTEL_TRACES_EXPORTER: 'none' }, 'metrics')?.url).toBe('http://a:4318/v1/metrics');
  });

  it('refuses bad values with the variable named and the fix, never echoing header values', () => {
    const endpoint = configError(() => resolveOtlpTarget(config(), { OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, 'metrics'));
    expect(endpoint.path).toBe('OTEL_EXPORTER_OTLP_ENDPOINT');
    expect(configError(() => resolveOtlpTarget(config(), { OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url' }, 'traces')).message).toContain('http://127.0.0.1:4318');
    expect(configError(() => resolveOtlpTarget(config(), { OTEL_EXPORTER_OTLP_ENDPOINT: 'ftp://c' }, 'traces')).message).toContain('http://');
    expect(configError(() => resolveOtlpTarget(config(), { OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'nope' }, 'metrics')).path).toBe(
      'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT',
    );
    expect(configError(() => resolveOtlpTarget(config({ otlp: { endpoint: 'ftp://c' } }), {}, 'traces')).path).toBe('observability.otlp.endpoint');
    for (const signal of ['traces', 'metrics'] as const) {
      const grpc = configError(() =>
        resolveOtlpTarget(config(), { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4317', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }, signal),
      );
      expect(grpc.path).toBe('OTEL_EXPORTER_OTLP_PROTOCOL');
      expect(grpc.message).toContain('4318');
    }
    const own = configError(() =>
      resolveOtlpTarget(config(), { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'thrift' }, 'metrics'),
    );
    expect(own.path).toBe('OTEL_EXPORTER_OTLP_METRICS_PROTOCOL');
    expect(own.message).toContain('http/protobuf or http/json');
    const headers = configError(() =>
      resolveOtlpTarget(config(), { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_EXPORTER_OTLP_METRICS_HEADERS: 'secret-token-value' }, 'metrics'),
    );
    expect(headers.path).toBe('OTEL_EXPORTER_OTLP_METRICS_HEADERS');
    expect(headers.message).not.toContain('secret-token-value');
    expect(configError(() => resolveOtlpTarget(config(), { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_EXPORTER_OTLP_TIMEOUT: 'soon' }, 'traces')).path).toBe(
      'OTEL_EXPORTER_OTLP_TIMEOUT',
    );
    expect(
      configError(() => resolveOtlpTarget(config(), { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_EXPORTER_OTLP_METRICS_TIMEOUT: '999999' }, 'metrics')).path,
    ).toBe('OTEL_EXPORTER_OTLP_METRICS_TIMEOUT');
  });
});

describe('parseOtlpHeaders', () => {
  it('splits pairs, trims, URL-decodes and skips empty entries', () => {
    expect(parseOtlpHeaders('a=1,,b=x%20y,c=k=v', 'X')).toEqual({ a: '1', b: 'x y', c: 'k=v' });
  });
  it('refuses an entry without a key and bad encoding, naming the key but not the value', () => {
    expect(configError(() => parseOtlpHeaders('a=1,=x', 'OTEL_EXPORTER_OTLP_HEADERS')).message).not.toContain('x');
    const encoding = configError(() => parseOtlpHeaders('a=%zz', 'OTEL_EXPORTER_OTLP_HEADERS'));
    expect(encoding.message).toContain("'a'");
    expect(encoding.message).not.toContain('%zz');
  });
});
