/**
 * The metrics observer over a real MeterProvider read in memory: what each request and attempt
 * adds to the GenAI histograms and the gateway counters, with which labels, and the bounds on
 * label values (no request ids, no unknown model names, end users only when enabled).
 */
import type { Attributes } from '@opentelemetry/api';
import { type DataPoint, type Histogram, MeterProvider, MetricReader, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../core/errors.js';
import { type AttemptRecord, RequestContext } from '../../pipeline/context.js';
import type { PipelineObserver } from '../../pipeline/contract.js';
import { testTarget } from '../../testing/targets.js';
import { histogramProducer } from './histograms.js';
import { createGatewayCounters, createGenAiHistograms, DURATION_BUCKETS, METRIC, TOKEN_BUCKETS } from './instruments.js';
import { metricsObserver, OTHER } from './observer.js';

class MemoryReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

function setup(options: { endUserLabels?: boolean; maxLabelSets?: number } = {}) {
  const max = options.maxLabelSets ?? 100;
  const histograms = createGenAiHistograms(max);
  // Read as the gateway's readers read them: the SDK's instruments plus the histogram producer.
  const reader = new MemoryReader({ metricProducers: [histogramProducer(Object.values(histograms), 'test')] });
  const provider = new MeterProvider({ readers: [reader] });
  const meter = provider.getMeter('test');
  const observer = metricsObserver({
    histograms,
    counters: createGatewayCounters(meter, max),
    aliases: new Set(['fast']),
    endUserLabels: options.endUserLabels ?? false,
    maxLabelSets: max,
  });
  return { observer, collect: async () => (await reader.collect()).resourceMetrics };
}

function points(metrics: ResourceMetrics, name: string): DataPoint<number | Histogram>[] {
  for (const scope of metrics.scopeMetrics)
    for (const metric of scope.metrics) if (metric.descriptor.name === name) return metric.dataPoints as DataPoint<number | Histogram>[];
  return [];
}

function sum(metrics: ResourceMetrics, name: string, match: Attributes = {}): number {
  let total = 0;
  for (const point of points(metrics, name)) {
    if (!Object.entries(match).every(([k, v]) => point.attributes[k] === v)) continue;
    total += typeof point.value === 'number' ? point.value : (point.value as Histogram).count;
  }
  return total;
}

let counter = 0;
function context(model: string, fields: Partial<RequestContext> = {}): RequestContext {
  const ctx = new RequestContext({
    requestId: `req_${++counter}`,
    startedAt: performance.now() - 250,
    time: Date.now(),
    operation: 'chat',
    ingress: 'openai',
    requestHeaders: {},
  });
  ctx.modelRequested = model;
  Object.assign(ctx, fields);
  return ctx;
}

function attempt(providerId: string, model: string, fields: Partial<AttemptRecord> = {}): AttemptRecord {
  return { providerId, providerType: 'anthropic', model, durationMs: 10, startedAt: performance.now(), ...fields };
}

/** One request through the observer: its attempts, then its end. */
function run(observer: PipelineObserver, ctx: RequestContext, attempts: AttemptRecord[]): void {
  for (const a of attempts) {
    ctx.attempts.push(a);
    observer.onAttempt?.(ctx, a);
  }
  observer.onRequestEnd?.(ctx);
}

describe('metrics observer', () => {
  it('records the GenAI histograms with the conventions’ names, attributes and buckets', async () => {
    const { observer, collect } = setup();
    const plain = testTarget('claude', {}, 'claude-x');
    const target = { ...plain, compiled: { ...plain.compiled, settings: { ...plain.compiled.settings, type: 'anthropic' } } };
    const ctx = context('fast', {
      target,
      modelServed: 'claude-x-2026',
      usage: { inputTokens: 12, outputTokens: 31 },
      stream: true,
      ttftMs: 50,
      costUsd: 0.002,
    });
    ctx.identity = { method: 'virtual_key', team: 'team_a', keyId: 'key_1' };
    run(observer, ctx, [attempt('claude', 'claude-x', { target, firstTokenMs: 40 })]);
    const m = await collect();
    const base = {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.request.model': 'claude-x',
      'gen_ai.response.model': 'claude-x-2026',
    };
    const tokens = points(m, METRIC.tokenUsage);
    expect(tokens.map((p) => p.attributes).sort((a, b) => String(a['gen_ai.token.type']).localeCompare(String(b['gen_ai.token.type'])))).toEqual([
      { ...base, 'gen_ai.token.type': 'input' },
      { ...base, 'gen_ai.token.type': 'output' },
    ]);
    const output = tokens.find((p) => p.attributes['gen_ai.token.type'] === 'output')!.value as Histogram;
    expect(output.sum).toBe(31);
    expect(output.buckets.boundaries).toEqual(TOKEN_BUCKETS);
    const duration = points(m, METRIC.operationDuration);
    expect(duration).toHaveLength(1);
    expect(duration[0]!.attributes).toEqual(base);
    expect((duration[0]!.value as Histogram).buckets.boundaries).toEqual(DURATION_BUCKETS);
    // 250 ms since arrival, in seconds.
    expect((duration[0]!.value as Histogram).sum).toBeGreaterThanOrEqual(0.25);
    expect((duration[0]!.value as Histogram).sum).toBeLessThan(60);
    const ttft = points(m, METRIC.timeToFirstChunk);
    expect(ttft).toHaveLength(1);
    expect((ttft[0]!.value as Histogram).sum).toBeCloseTo(0.05, 6);
    // (total − ttft) over the 30 tokens after the first.
    const tpot = points(m, METRIC.timePerOutputToken);
    expect(tpot).toHaveLength(1);
    const tpotValue = (tpot[0]!.value as Histogram).sum!;
    expect(tpotValue).toBeGreaterThanOrEqual((0.25 - 0.05) / 30);
    for (const p of [...tokens, ...duration]) expect(JSON.stringify(p.attributes)).not.toContain('req_');
  });

  it('counts requests by status, error code, model, provider and team, and spend by team', async () => {
    const { observer, collect } = setup();
    const target = testTarget('sim', {}, 'gpt-x');
    for (let i = 0; i < 3; i++) {
      const ctx = context('fast', { target, usage: { inputTokens: 1, outputTokens: 2 }, costUsd: 0.5 });
      ctx.identity = { method: 'virtual_key', team: 'team_a' };
      run(observer, ctx, [attempt('sim', 'gpt-x', { providerType: 'openai' })]);
    }
    const failed = context('fast');
    failed.fail(new GatewayError('upstream_bad_request', 400, 'bad'));
    run(observer, failed, [
      attempt('sim', 'gpt-x', { providerType: 'openai', error: new GatewayError('upstream_bad_request', 400, 'bad', { upstreamStatus: 400 }) }),
    ]);
    const m = await collect();
    expect(sum(m, METRIC.requests)).toBe(4);
    expect(
      sum(m, METRIC.requests, {
        'http.response.status_code': 200,
        'switchboard.status_class': '2xx',
        'switchboard.team': 'team_a',
        'switchboard.model': 'fast',
        'switchboard.provider': 'sim',
      }),
    ).toBe(3);
    expect(sum(m, METRIC.requests, { 'error.type': 'upstream_bad_request', 'switchboard.status_class': '4xx' })).toBe(1);
    expect(sum(m, METRIC.spend, { 'switchboard.team': 'team_a', 'switchboard.model': 'fast', 'switchboard.provider': 'sim' })).toBeCloseTo(1.5, 9);
    expect(sum(m, METRIC.attempts, { 'switchboard.attempt.outcome': 'ok', 'switchboard.attempt.reason': 'first' })).toBe(3);
    expect(sum(m, METRIC.attempts, { 'switchboard.attempt.outcome': 'error', 'error.type': 'upstream_bad_request' })).toBe(1);
    // The failed call still has a GenAI duration, with its error type; tokens only where usage is known.
    expect(sum(m, METRIC.operationDuration, { 'error.type': 'upstream_bad_request' })).toBe(1);
    expect(sum(m, METRIC.tokenUsage)).toBe(6);
    // Three label sets at most for three requests of one kind: the request id is no label.
    expect(points(m, METRIC.requests)).toHaveLength(2);
  });

  it('counts cache lookups by result and the savings of hits by team, read from the context alone', async () => {
    const { observer, collect } = setup();
    const hit = (status: 'hit' | 'semantic-hit', team: string | undefined, saved: number) => {
      const ctx = context('fast', { cacheStatus: status, costSavedUsd: saved, costUsd: 0 });
      ctx.identity = { method: 'virtual_key', team };
      run(observer, ctx, []);
    };
    hit('hit', 'team_a', 0.25);
    hit('hit', 'team_a', 0.5);
    hit('semantic-hit', 'team_b', 1);
    hit('hit', undefined, 2);
    run(observer, context('fast', { cacheStatus: 'miss', target: testTarget('sim', {}, 'gpt-x'), costUsd: 0.1 }), [attempt('sim', 'gpt-x')]);
    run(observer, context('fast', { cacheStatus: 'bypass' }), []);
    run(observer, context('fast'), []);
    const m = await collect();
    expect(sum(m, METRIC.cacheLookups)).toBe(6);
    expect(sum(m, METRIC.cacheLookups, { 'switchboard.cache.result': 'hit' })).toBe(3);
    expect(sum(m, METRIC.cacheLookups, { 'switchboard.cache.result': 'semantic-hit' })).toBe(1);
    expect(sum(m, METRIC.cacheLookups, { 'switchboard.cache.result': 'miss' })).toBe(1);
    expect(sum(m, METRIC.cacheLookups, { 'switchboard.cache.result': 'bypass' })).toBe(1);
    expect(sum(m, METRIC.cacheSaved, { 'switchboard.team': 'team_a' })).toBeCloseTo(0.75, 9);
    expect(sum(m, METRIC.cacheSaved, { 'switchboard.team': 'team_b' })).toBe(1);
    expect(sum(m, METRIC.cacheSaved)).toBeCloseTo(3.75, 9);
    // A hit costs nothing upstream: no spend is counted for it.
    expect(sum(m, METRIC.spend)).toBeCloseTo(0.1, 9);
  });

  it('counts guardrail verdicts by guard, stage and outcome at request end, read from the context alone', async () => {
    const { observer, collect } = setup();
    run(observer, context('fast', { guardrailVerdicts: [{ guard: 'pii', stage: 'input', outcome: 'redacted', findings: { EMAIL: 2 } }] }), []);
    run(
      observer,
      context('fast', {
        guardrailVerdicts: [
          { guard: 'pii', stage: 'input', outcome: 'redacted', findings: { EMAIL: 1 } },
          { guard: 'pii', stage: 'output', outcome: 'pass' },
          { guard: 'injection', stage: 'input', outcome: 'blocked', score: 0.97 },
        ],
      }),
      [],
    );
    run(observer, context('fast', { guardrailVerdicts: [{ guard: 'remote', stage: 'input', outcome: 'error', error: 'timeout' }] }), []);
    run(observer, context('fast', { guardrailVerdicts: [] }), []);
    run(observer, context('fast'), []);
    const m = await collect();
    expect(sum(m, METRIC.guardrailVerdicts)).toBe(5);
    expect(sum(m, METRIC.guardrailVerdicts, { guard: 'pii', stage: 'input', outcome: 'redacted' })).toBe(2);
    expect(sum(m, METRIC.guardrailVerdicts, { guard: 'pii', stage: 'output', outcome: 'pass' })).toBe(1);
    expect(sum(m, METRIC.guardrailVerdicts, { guard: 'injection', outcome: 'blocked' })).toBe(1);
    expect(sum(m, METRIC.guardrailVerdicts, { guard: 'remote', outcome: 'error' })).toBe(1);
    // Only the three labels: never what a guard found, nor a request id.
    for (const point of points(m, METRIC.guardrailVerdicts)) expect(Object.keys(point.attributes).sort()).toEqual(['guard', 'outcome', 'stage']);
  });

  it('counts fallbacks and tells the gateway’s 429s from the providers’', async () => {
    const { observer, collect } = setup();
    const target = testTarget('b', {}, 'm2');
    const ctx = context('fast', { target });
    ctx.identity = { method: 'virtual_key', team: 'team_b' };
    run(observer, ctx, [
      attempt('a', 'm1', { error: new GatewayError('upstream_rate_limited', 429, 'slow down', { upstreamStatus: 429 }) }),
      attempt('b', 'm2', { reason: 'fallback' }),
    ]);
    const limited = context('fast');
    limited.identity = { method: 'virtual_key', team: 'team_b' };
    limited.fail(new GatewayError('rate_limited', 429, 'limit'));
    run(observer, limited, []);
    const m = await collect();
    expect(sum(m, METRIC.fallbacks, { 'switchboard.provider': 'b', 'switchboard.attempt.reason': 'fallback', 'switchboard.model': 'fast' })).toBe(1);
    expect(sum(m, METRIC.rateLimitRefusals, { 'switchboard.rate_limit.source': 'upstream', 'switchboard.provider': 'a', 'switchboard.team': 'team_b' })).toBe(
      1,
    );
    expect(sum(m, METRIC.rateLimitRefusals, { 'switchboard.rate_limit.source': 'gateway', 'switchboard.team': 'team_b' })).toBe(1);
    // A request refused before any attempt made no GenAI call.
    expect(sum(m, METRIC.operationDuration)).toBe(1);
    expect(sum(m, METRIC.requests, { 'http.response.status_code': 429, 'error.type': 'rate_limited' })).toBe(1);
  });

  it('keeps unknown model names out of the labels and end users out unless enabled', async () => {
    const { observer, collect } = setup();
    for (let i = 0; i < 5; i++) {
      const ctx = context(`sim/random-${i}`);
      ctx.identity = { method: 'open_mode', endUser: `user-${i}` };
      ctx.fail(new GatewayError('upstream_not_found', 404, 'no such model'));
      run(observer, ctx, [attempt('sim', `random-${i}`, { error: new GatewayError('upstream_not_found', 404, 'no') })]);
    }
    const m = await collect();
    const labels = JSON.stringify(
      [...points(m, METRIC.requests), ...points(m, METRIC.attempts), ...points(m, METRIC.operationDuration)].map((p) => p.attributes),
    );
    expect(labels).not.toContain('random-');
    expect(labels).not.toContain('user-');
    expect(sum(m, METRIC.requests, { 'switchboard.model': OTHER })).toBe(5);
    expect(sum(m, METRIC.attempts, { 'gen_ai.request.model': OTHER })).toBe(5);

    const withUsers = setup({ endUserLabels: true });
    const ctx = context('fast', { target: testTarget('sim', {}, 'gpt-x'), costUsd: 1 });
    ctx.identity = { method: 'open_mode', endUser: 'alice' };
    run(withUsers.observer, ctx, [attempt('sim', 'gpt-x')]);
    const m2 = await withUsers.collect();
    expect(sum(m2, METRIC.requests, { 'switchboard.end_user': 'alice' })).toBe(1);
    expect(sum(m2, METRIC.spend, { 'switchboard.end_user': 'alice' })).toBe(1);
  });

  it('holds a bounded number of label sets and counts the rest as overflow', async () => {
    const { observer, collect } = setup({ maxLabelSets: 3 });
    for (let i = 0; i < 10; i++) {
      const ctx = context('fast', { target: testTarget('sim', {}, 'gpt-x') });
      ctx.identity = { method: 'virtual_key', team: `team_${i}` };
      run(observer, ctx, [attempt('sim', 'gpt-x')]);
    }
    const m = await collect();
    expect(points(m, METRIC.requests)).toHaveLength(4);
    expect(sum(m, METRIC.requests)).toBe(10);
    expect(sum(m, METRIC.requests, { 'otel.metric.overflow': true })).toBe(7);
  });
});
