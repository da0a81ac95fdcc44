import { hrTimeToNanoseconds } from '@opentelemetry/core';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../config/schema.js';
import { GatewayError } from '../../core/errors.js';
import { type AttemptRecord, RequestContext } from '../../pipeline/context.js';
import { startExportPipeline } from './export-pipeline.js';
import { traceObserver } from './observer.js';
import { requestTraceSlot } from './request-trace.js';
import { createSampler } from './sampling.js';

const traces = configSchema.parse({ providers: [{ id: 'oa', type: 'openai', api_key: 'k' }] }).observability.traces;
const settings = {
  url: 'http://127.0.0.1:1/v1/traces',
  protocol: 'http/protobuf' as const,
  headers: {},
  timeoutMs: 1000,
  serviceName: 't',
  resourceAttributes: {},
  sampler: { kind: 'always_on' as const, ratio: 1 },
};

function setup(options: { sampled?: boolean; propagate?: boolean } = {}) {
  const exporter = new InMemorySpanExporter();
  const pipeline = startExportPipeline(settings, traces, exporter);
  const observer = traceObserver({
    tracer: pipeline.tracer,
    sample: createSampler({ kind: options.sampled === false ? 'always_off' : 'always_on', ratio: 1 }),
    acceptTraceparent: true,
    propagateUpstream: options.propagate ?? true,
    captureFor: () => false,
  });
  const ctx = new RequestContext({ requestId: 'r1', startedAt: performance.now(), time: Date.now(), operation: 'chat', ingress: 'openai', requestHeaders: {} });
  const attempt = (over: Partial<AttemptRecord> = {}): AttemptRecord => {
    const record: AttemptRecord = { providerId: 'p', providerType: 'anthropic', model: 'claude', durationMs: 1, startedAt: performance.now(), ...over };
    ctx.attempts.push(record);
    return record;
  };
  const spans = async () => {
    await pipeline.flush();
    return exporter.getFinishedSpans();
  };
  return { observer, ctx, attempt, spans };
}

describe('traceObserver', () => {
  it('does nothing for an unsampled request: no slot, no trace id, no headers, no spans', async () => {
    const { observer, ctx, attempt, spans } = setup({ sampled: false });
    observer.onRequestStart!(ctx);
    observer.onPhase!(ctx, 'dispatch', 5);
    const a = attempt();
    expect(observer.onAttemptStart!(ctx, a)).toBeUndefined();
    observer.onAttempt!(ctx, a);
    observer.onRequestEnd!(ctx);
    expect(ctx.get(requestTraceSlot)).toBeUndefined();
    expect(ctx.traceId).toBeUndefined();
    expect(await spans()).toEqual([]);
  });

  it('marks the request span with what the cache did and what a hit saved, and leaves them off without a cache', async () => {
    const { observer, ctx, spans } = setup();
    observer.onRequestStart!(ctx);
    ctx.cacheStatus = 'semantic-hit';
    ctx.costSavedUsd = 0.0042;
    ctx.costUsd = 0;
    observer.onRequestEnd!(ctx);
    const plain = setup();
    plain.observer.onRequestStart!(plain.ctx);
    plain.observer.onRequestEnd!(plain.ctx);
    const [span] = await spans();
    expect(span!.attributes).toMatchObject({ 'switchboard.cache.status': 'semantic-hit', 'switchboard.cost_saved_usd': 0.0042, 'switchboard.cost_usd': 0 });
    const [other] = await plain.spans();
    expect(other!.attributes).not.toHaveProperty('switchboard.cache.status');
    expect(other!.attributes).not.toHaveProperty('switchboard.cost_saved_usd');
  });

  it('marks the request span with the stored prompt it called, and leaves it off for a plain request', async () => {
    const { observer, ctx, spans } = setup();
    observer.onRequestStart!(ctx);
    ctx.prompt = { id: 'support-reply', version: 3, label: 'production' };
    observer.onRequestEnd!(ctx);
    const plain = setup();
    plain.observer.onRequestStart!(plain.ctx);
    plain.observer.onRequestEnd!(plain.ctx);
    const [span] = await spans();
    expect(span!.attributes).toMatchObject({
      'switchboard.prompt.id': 'support-reply',
      'switchboard.prompt.version': 3,
      'switchboard.prompt.label': 'production',
    });
    const [other] = await plain.spans();
    expect(other!.attributes).not.toHaveProperty('switchboard.prompt.id');
  });

  it('adds one switchboard.guardrail event per verdict, names the guard that blocked, and adds nothing without verdicts', async () => {
    const { observer, ctx, spans } = setup();
    observer.onRequestStart!(ctx);
    ctx.guardrailVerdicts = [
      { guard: 'pii', stage: 'input', outcome: 'redacted', findings: { EMAIL: 2, PHONE: 1 }, ms: 0.3 },
      { guard: 'injection', stage: 'input', outcome: 'blocked', findings: { prompt_injection: 1 }, score: 0.97 },
      { guard: 'judge', stage: 'input', outcome: 'error', error: 'timeout' },
      { guard: 'terms', stage: 'input', outcome: 'blocked' },
    ];
    observer.onRequestEnd!(ctx);
    const plain = setup();
    plain.observer.onRequestStart!(plain.ctx);
    plain.ctx.guardrailVerdicts = [];
    plain.observer.onRequestEnd!(plain.ctx);
    const [span] = await spans();
    expect(span!.events.map((e) => [e.name, e.attributes])).toEqual([
      [
        'switchboard.guardrail',
        {
          'switchboard.guardrail.name': 'pii',
          'switchboard.guardrail.stage': 'input',
          'switchboard.guardrail.outcome': 'redacted',
          'switchboard.guardrail.findings': 'EMAIL=2,PHONE=1',
        },
      ],
      [
        'switchboard.guardrail',
        {
          'switchboard.guardrail.name': 'injection',
          'switchboard.guardrail.stage': 'input',
          'switchboard.guardrail.outcome': 'blocked',
          'switchboard.guardrail.findings': 'prompt_injection=1',
          'switchboard.guardrail.score': 0.97,
        },
      ],
      [
        'switchboard.guardrail',
        {
          'switchboard.guardrail.name': 'judge',
          'switchboard.guardrail.stage': 'input',
          'switchboard.guardrail.outcome': 'error',
          'switchboard.guardrail.findings': '',
          'switchboard.guardrail.error': 'timeout',
        },
      ],
      [
        'switchboard.guardrail',
        {
          'switchboard.guardrail.name': 'terms',
          'switchboard.guardrail.stage': 'input',
          'switchboard.guardrail.outcome': 'blocked',
          'switchboard.guardrail.findings': '',
        },
      ],
    ]);
    // Events fall inside the span.
    for (const event of span!.events) expect(hrTimeToNanoseconds(event.time)).toBeLessThanOrEqual(hrTimeToNanoseconds(span!.endTime));
    expect(span!.attributes['switchboard.guardrail.blocked']).toBe('injection');
    const [other] = await plain.spans();
    expect(other!.events.filter((e) => e.name === 'switchboard.guardrail')).toEqual([]);
    expect(other!.attributes).not.toHaveProperty('switchboard.guardrail.blocked');
  });

  it('names no blocking guard when the guards only redacted or flagged', async () => {
    const { observer, ctx, spans } = setup();
    observer.onRequestStart!(ctx);
    ctx.guardrailVerdicts = [{ guard: 'pii', stage: 'output', outcome: 'flagged', findings: { EMAIL: 1 } }];
    observer.onRequestEnd!(ctx);
    const [span] = await spans();
    expect(span!.events).toHaveLength(1);
    expect(span!.attributes).not.toHaveProperty('switchboard.guardrail.blocked');
  });

  it('sends no traceparent upstream when propagation is off, but still traces the attempt', async () => {
    const { observer, ctx, attempt, spans } = setup({ propagate: false });
    observer.onRequestStart!(ctx);
    const a = attempt();
    expect(observer.onAttemptStart!(ctx, a)).toBeUndefined();
    observer.onAttempt!(ctx, a);
    observer.onRequestEnd!(ctx);
    const names = (await spans()).map((s) => s.name);
    expect(names).toEqual(['chat claude', 'chat']);
    expect(ctx.traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('gives an attempt that failed while encoding (never started) its span, and marks a lost hedge cancelled, not failed', async () => {
    const { observer, ctx, attempt, spans } = setup();
    observer.onRequestStart!(ctx);
    const failed = attempt({ stage: 'encode', error: new GatewayError('invalid_request', 400, 'cannot encode') });
    observer.onAttempt!(ctx, failed);
    const hedge = attempt({ reason: 'hedge' });
    observer.onAttemptStart!(ctx, hedge);
    hedge.cancelled = true;
    hedge.error = new GatewayError('client_closed', 499, 'The attempt was cancelled.');
    observer.onAttempt!(ctx, hedge);
    observer.onRequestEnd!(ctx);
    const [encodeSpan, hedgeSpan] = await spans();
    expect(encodeSpan!.attributes).toMatchObject({
      'switchboard.attempt.outcome': 'error',
      'error.type': 'invalid_request',
      'switchboard.attempt.stage': 'encode',
      'gen_ai.provider.name': 'anthropic',
    });
    expect(encodeSpan!.status.code).toBe(2);
    expect(hedgeSpan!.attributes).toMatchObject({ 'switchboard.attempt.outcome': 'cancelled', 'switchboard.attempt.reason': 'hedge' });
    expect(hedgeSpan!.status.code).toBe(0);
  });

  it('skips spans for phases under 50 µs and keeps the others, parented to the request span', async () => {
    const { observer, ctx, spans } = setup();
    observer.onRequestStart!(ctx);
    observer.onPhase!(ctx, 'admit', 0.001);
    observer.onPhase!(ctx, 'dispatch', 3);
    observer.onRequestEnd!(ctx);
    const all = await spans();
    expect(all.map((s) => s.name)).toEqual(['switchboard.dispatch', 'chat']);
    expect(all[0]!.parentSpanContext?.spanId).toBe(all[1]!.spanContext().spanId);
  });
});
