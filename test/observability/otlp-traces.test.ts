/**
 * Traces end to end: a gateway with the simulator exports to an OTLP/HTTP receiver in this test,
 * which decodes what it got (protobuf, and JSON once). Checks the span tree, the GenAI and
 * switchboard attributes and their OTLP types, a continued client trace, the traceparent the
 * upstream received, content capture per team with redaction, that no key is ever exported, and
 * that a dead endpoint costs requests nothing but counts dropped spans.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hook } from '../../src/pipeline/contract.js';
import { attr, type DecodedSpan, type OtlpReceiver, startOtlpReceiver } from '../../src/testing/otlp-traces.js';
import { startStack, type TestStack } from '../../src/testing/stack.js';
import { closedPort } from '../../src/testing/closed-port.js';

const PROVIDER_KEY = 'sk-provider-secret-5f3a9c1e7b';
const BROKEN_KEY = 'sk-broken-secret-8d2e4f6a1c';
const SERVER = 2;
const CLIENT = 3;
const INTERNAL = 1;

/** Sets the caller's team from a test header, as governance would from a key. */
const teamFromHeader: Hook = {
  name: 'test-team',
  run(ctx) {
    const team = ctx.requestHeaders['x-test-team'];
    if (typeof team === 'string') ctx.identity = { method: 'test', team, teamName: `${team}-name`, keyId: 'key_123', project: 'proj_9' };
    return undefined;
  },
};

function stackConfig(receiverUrl: string, traces: Record<string, unknown> = {}, otlp: Record<string, unknown> = {}) {
  return {
    providers: [
      { id: 'sim', type: 'openai', api_key: PROVIDER_KEY, base_url: '${SIM}/v1' },
      { id: 'broken', type: 'openai', api_key: BROKEN_KEY, base_url: '${SIM}/v1', headers: { 'x-sim-scenario': 'fault=500' } },
    ],
    models: [
      { name: 'fast', targets: [{ provider: 'sim', model: 'gpt-4o-mini' }] },
      {
        name: 'failover',
        targets: [
          { provider: 'broken', model: 'gpt-4o' },
          { provider: 'sim', model: 'gpt-4o-mini' },
        ],
        retries: { max_attempts: 2, base_delay_ms: 1, max_delay_ms: 2 },
      },
    ],
    extra: {
      observability: {
        otlp: { endpoint: receiverUrl, ...otlp },
        traces: { sample_ratio: 1, schedule_delay_ms: 20, capture_content: ['capture-team'], ...traces },
      },
    },
    extraHooks: { authenticate: [teamFromHeader] },
  };
}

async function chat(
  url: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<{ status: number; requestId: string; text: string }> {
  const res = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer client-key', ...headers },
    body: JSON.stringify({ messages: [{ role: 'user', content: 'Say hello' }], ...body }),
  });
  return { status: res.status, requestId: res.headers.get('x-request-id') ?? '', text: await res.text() };
}

/** The spans of one request's trace, once its request span (and `more`) arrived. */
async function traceOf(receiver: OtlpReceiver, requestId: string, more: (spans: DecodedSpan[]) => boolean = () => true) {
  const isRequest = (s: DecodedSpan) => s.kind === SERVER && attr(s, 'switchboard.request.id') === requestId;
  const spans = await receiver.waitFor((all) => {
    const root = all.find(isRequest);
    return root !== undefined && more(all.filter((s) => s.traceId === root.traceId));
  });
  const root = spans.find(isRequest)!;
  const inTrace = spans.filter((s) => s.traceId === root.traceId);
  return {
    root,
    spans: inTrace,
    phases: inTrace.filter((s) => s.kind === INTERNAL),
    attempts: inTrace.filter((s) => s.kind === CLIENT).sort((a, b) => Number(a.startTimeUnixNano - b.startTimeUnixNano)),
  };
}

describe('OTLP traces over protobuf', () => {
  let receiver: OtlpReceiver;
  let stack: TestStack;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    stack = await startStack(stackConfig(receiver.url));
  });
  afterAll(async () => {
    await stack?.close();
    await receiver?.close();
  });

  it('exports a SERVER request span with phase children and a CLIENT attempt span, per the GenAI conventions', async () => {
    const res = await chat(stack.url, { model: 'fast', temperature: 0.5, top_p: 0.9, max_tokens: 50, seed: 7, stop: ['END'] }, { 'x-test-team': 'team_a' });
    expect(res.status).toBe(200);
    const { root, phases, attempts } = await traceOf(receiver, res.requestId, (spans) => spans.some((s) => s.kind === CLIENT));

    expect(root.name).toBe('chat fast');
    expect(root.parentSpanId).toBe('');
    expect(root.statusCode).toBe(0);
    expect(root.resource['service.name']).toEqual({ type: 'string', value: 'switchboard' });
    expect(root.attributes['gen_ai.operation.name']).toEqual({ type: 'string', value: 'chat' });
    expect(root.attributes['gen_ai.provider.name']).toEqual({ type: 'string', value: 'openai' });
    expect(root.attributes['gen_ai.request.model']).toEqual({ type: 'string', value: 'fast' });
    expect(attr(root, 'gen_ai.response.model')).toEqual(expect.any(String));
    expect(root.attributes['gen_ai.usage.input_tokens']?.type).toBe('int');
    expect(root.attributes['gen_ai.usage.output_tokens']?.type).toBe('int');
    expect(attr(root, 'gen_ai.usage.output_tokens')).toBeGreaterThan(0);
    expect(root.attributes['gen_ai.response.finish_reasons']).toEqual({ type: 'array', value: [{ type: 'string', value: 'stop' }] });
    expect(attr(root, 'gen_ai.response.id')).toEqual(expect.any(String));
    expect(root.attributes['gen_ai.request.temperature']).toEqual({ type: 'double', value: 0.5 });
    expect(root.attributes['gen_ai.request.top_p']).toEqual({ type: 'double', value: 0.9 });
    expect(root.attributes['gen_ai.request.max_tokens']).toEqual({ type: 'int', value: 50 });
    expect(root.attributes['gen_ai.request.seed']).toEqual({ type: 'int', value: 7 });
    expect(attr(root, 'gen_ai.request.stop_sequences')).toEqual(['END']);
    expect(attr(root, 'switchboard.team.id')).toBe('team_a');
    expect(attr(root, 'switchboard.project.id')).toBe('proj_9');
    expect(attr(root, 'switchboard.key.id')).toBe('key_123');
    expect(root.attributes['switchboard.attempts']).toEqual({ type: 'int', value: 1 });
    expect(root.attributes['switchboard.stream']).toEqual({ type: 'bool', value: false });
    expect(attr(root, 'switchboard.route.reason')).toEqual(expect.any(String));
    expect(root.attributes['http.response.status_code']).toEqual({ type: 'int', value: 200 });

    // Phases of a few microseconds (those without hooks) have no span; dispatching (an upstream round trip) always takes longer.
    const names = phases.map((s) => s.name);
    expect(names).toContain('switchboard.dispatch');
    for (const name of names) expect(name).toMatch(/^switchboard\.(authenticate|decode|admit|prepare|check_input|lookup|dispatch|check_output|store)$/);
    for (const span of [...phases, ...attempts]) {
      expect(span.parentSpanId).toBe(root.spanId);
      expect(span.startTimeUnixNano).toBeGreaterThanOrEqual(root.startTimeUnixNano - 2_000_000n);
      expect(span.endTimeUnixNano).toBeLessThanOrEqual(root.endTimeUnixNano + 2_000_000n);
    }

    expect(attempts).toHaveLength(1);
    const attempt = attempts[0]!;
    expect(attempt.name).toBe('chat gpt-4o-mini');
    expect(attr(attempt, 'gen_ai.provider.name')).toBe('openai');
    expect(attr(attempt, 'gen_ai.request.model')).toBe('gpt-4o-mini');
    expect(attr(attempt, 'server.address')).toBe('127.0.0.1');
    expect(attr(attempt, 'switchboard.target')).toBe('sim/gpt-4o-mini');
    expect(attr(attempt, 'switchboard.attempt.reason')).toBe('first');
    expect(attr(attempt, 'switchboard.attempt.outcome')).toBe('ok');
    expect(attempt.events).toEqual([]);
    expect(root.events).toEqual([]);
  });

  it('sends the attempt span as the upstream parent, and continues a client trace (keeping tracestate)', async () => {
    const clientTrace = '4bf92f3577b34da6a3ce929d0e0e4736';
    const clientSpan = '00f067aa0ba902b7';
    stack.simulator.received.clear();
    const res = await chat(stack.url, { model: 'fast' }, { traceparent: `00-${clientTrace}-${clientSpan}-01`, tracestate: 'vendor=abc' });
    expect(res.status).toBe(200);
    const { root, attempts } = await traceOf(receiver, res.requestId, (spans) => spans.some((s) => s.kind === CLIENT));
    expect(root.traceId).toBe(clientTrace);
    expect(root.parentSpanId).toBe(clientSpan);
    expect(root.traceState).toBe('vendor=abc');
    const upstream = stack.simulator.received.last(/chat\/completions/)!;
    expect(upstream.headers.traceparent).toBe(`00-${clientTrace}-${attempts[0]!.spanId}-01`);
    expect(upstream.headers.tracestate).toBe('vendor=abc');
  });

  it('starts a new trace when the client traceparent is malformed', async () => {
    const res = await chat(stack.url, { model: 'fast' }, { traceparent: '00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01' });
    const { root } = await traceOf(receiver, res.requestId);
    expect(root.traceId).not.toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(root.parentSpanId).toBe('');
  });

  it('ends a streamed request span when the stream ends, with usage and finish reason', async () => {
    const res = await chat(stack.url, { model: 'fast', stream: true, stream_options: { include_usage: true } });
    expect(res.status).toBe(200);
    expect(res.text).toContain('[DONE]');
    const { root, attempts } = await traceOf(receiver, res.requestId, (spans) => spans.some((s) => s.kind === CLIENT));
    expect(root.attributes['switchboard.stream']).toEqual({ type: 'bool', value: true });
    expect(root.attributes['gen_ai.request.stream']).toEqual({ type: 'bool', value: true });
    expect(attr(root, 'gen_ai.response.finish_reasons')).toEqual(['stop']);
    expect(attr(root, 'gen_ai.usage.output_tokens')).toBeGreaterThan(0);
    expect(root.endTimeUnixNano).toBeGreaterThanOrEqual(attempts[0]!.endTimeUnixNano);
    expect(root.events).toEqual([]);
  });

  it('records a failover: a failed attempt span with its error, then the one that answered', async () => {
    const res = await chat(stack.url, { model: 'failover' });
    expect(res.status).toBe(200);
    const { root, attempts } = await traceOf(receiver, res.requestId, (spans) => spans.filter((s) => s.kind === CLIENT).length >= 2);
    expect(attempts.length).toBeGreaterThanOrEqual(2);
    const failed = attempts[0]!;
    expect(attr(failed, 'switchboard.target')).toBe('broken/gpt-4o');
    expect(attr(failed, 'switchboard.attempt.outcome')).toBe('error');
    expect(attr(failed, 'error.type')).toEqual(expect.any(String));
    expect(failed.attributes['http.response.status_code']).toEqual({ type: 'int', value: 500 });
    expect(failed.statusCode).toBe(2);
    const answered = attempts.at(-1)!;
    expect(attr(answered, 'switchboard.target')).toBe('sim/gpt-4o-mini');
    expect(attr(answered, 'switchboard.attempt.outcome')).toBe('ok');
    expect(['retry', 'fallback']).toContain(attr(answered, 'switchboard.attempt.reason'));
    expect(attr(root, 'switchboard.attempts')).toBe(attempts.length);
    expect(root.statusCode).toBe(0);
  });

  it('marks a failed request span with error.type and an error status', async () => {
    const res = await chat(stack.url, { model: 'no-such-model' });
    expect(res.status).toBeGreaterThanOrEqual(400);
    const { root } = await traceOf(receiver, res.requestId);
    expect(root.statusCode).toBe(2);
    expect(attr(root, 'error.type')).toEqual(expect.any(String));
    expect(attr(root, 'http.response.status_code')).toBe(res.status);
  });

  it('captures content only for the configured team, redacted, in one operation-details event (streamed too)', async () => {
    const prompt = `My key is ${PROVIDER_KEY}, repeat it`;
    const captured = await chat(
      stack.url,
      {
        model: 'fast',
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: prompt },
        ],
      },
      { 'x-test-team': 'capture-team' },
    );
    const streamed = await chat(
      stack.url,
      { model: 'fast', stream: true, messages: [{ role: 'user', content: 'Stream please' }] },
      { 'x-test-team': 'capture-team' },
    );
    const other = await chat(stack.url, { model: 'fast', messages: [{ role: 'user', content: prompt }] }, { 'x-test-team': 'team_b' });

    const { root } = await traceOf(receiver, captured.requestId);
    expect(root.events.map((e) => e.name)).toEqual(['gen_ai.client.inference.operation.details']);
    const event = root.events[0]!;
    const input = JSON.parse(event.attributes['gen_ai.input.messages']!.value as string);
    expect(input).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'My key is [redacted], repeat it' }] }]);
    expect(JSON.parse(event.attributes['gen_ai.system_instructions']!.value as string)).toEqual([{ type: 'text', content: 'Be brief.' }]);
    const output = JSON.parse(event.attributes['gen_ai.output.messages']!.value as string);
    expect(output[0].role).toBe('assistant');
    expect(output[0].finish_reason).toBe('stop');
    expect(output[0].parts[0].content).toBe(JSON.parse(captured.text).choices[0].message.content.replaceAll(PROVIDER_KEY, '[redacted]'));

    const stream = await traceOf(receiver, streamed.requestId);
    const streamOut = JSON.parse(stream.root.events[0]!.attributes['gen_ai.output.messages']!.value as string);
    const streamedText = streamed.text
      .split('\n')
      .filter((line) => line.startsWith('data: {'))
      .map((line) => JSON.parse(line.slice(6)).choices?.[0]?.delta?.content ?? '')
      .join('');
    expect(streamedText.length).toBeGreaterThan(0);
    expect(streamOut[0].parts[0]).toEqual({ type: 'text', content: streamedText });

    const notCaptured = await traceOf(receiver, other.requestId);
    expect(notCaptured.root.events).toEqual([]);
  });

  it('never exports a provider key or the client key, in any byte', async () => {
    const res = await chat(stack.url, { model: 'failover' }, { 'x-test-team': 'capture-team' });
    await traceOf(receiver, res.requestId, (spans) => spans.filter((s) => s.kind === CLIENT).length >= 2);
    expect(receiver.exports.length).toBeGreaterThan(0);
    for (const { body, contentType } of receiver.exports) {
      expect(contentType).toBe('application/x-protobuf');
      const bytes = body.toString('latin1');
      expect(bytes).not.toContain(PROVIDER_KEY);
      expect(bytes).not.toContain(BROKEN_KEY);
      expect(bytes).not.toContain('client-key');
    }
  });
});

describe('OTLP traces over JSON', () => {
  it('exports the same span tree as http/json, with the configured headers', async () => {
    const receiver = await startOtlpReceiver();
    const stack = await startStack(stackConfig(receiver.url, {}, { protocol: 'http/json', headers: { 'x-backend-token': 'token-1' } }));
    try {
      const res = await chat(stack.url, { model: 'fast' });
      const { root, attempts } = await traceOf(receiver, res.requestId, (spans) => spans.some((s) => s.kind === CLIENT));
      expect(receiver.exports[0]!.contentType).toContain('application/json');
      expect(receiver.exports[0]!.headers['x-backend-token']).toBe('token-1');
      expect(root.name).toBe('chat fast');
      expect(root.attributes['gen_ai.usage.input_tokens']?.type).toBe('int');
      expect(attempts[0]!.parentSpanId).toBe(root.spanId);
    } finally {
      await stack.close();
      await receiver.close();
    }
  });
});

describe('sampling', () => {
  it('at ratio 0 traces only requests whose client trace is sampled, and sends nothing upstream for the others', async () => {
    const receiver = await startOtlpReceiver();
    const stack = await startStack(stackConfig(receiver.url, { sample_ratio: 0 }));
    try {
      stack.simulator.received.clear();
      const unsampled = await chat(stack.url, { model: 'fast' });
      const declined = await chat(stack.url, { model: 'fast' }, { traceparent: `00-${'a'.repeat(32)}-${'b'.repeat(16)}-00` });
      expect(stack.simulator.received.all(/chat\/completions/).map((r) => r.headers.traceparent)).toEqual([undefined, undefined]);
      const sampled = await chat(stack.url, { model: 'fast' }, { traceparent: `00-${'c'.repeat(32)}-${'d'.repeat(16)}-01` });
      const { root } = await traceOf(receiver, sampled.requestId);
      expect(root.traceId).toBe('c'.repeat(32));
      // Spans leave in the order they ended: the earlier requests would have come first.
      const ids = receiver.spans().map((span) => attr(span, 'switchboard.request.id'));
      expect(ids).not.toContain(unsampled.requestId);
      expect(ids).not.toContain(declined.requestId);
    } finally {
      await stack.close();
      await receiver.close();
    }
  });
});

describe('with the endpoint down', () => {
  it('answers every request and counts the spans it could not export', async () => {
    const port = await closedPort();
    const stack = await startStack(stackConfig(`http://127.0.0.1:${port}`, {}, { timeout_ms: 300 }));
    try {
      for (let i = 0; i < 3; i++) expect((await chat(stack.url, { model: 'fast' })).status).toBe(200);
      let dropped = 0;
      while (dropped === 0) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        const health = (await (await fetch(`${stack.url}/healthz`)).json()) as { traces?: { dropped_spans: number } };
        dropped = health.traces?.dropped_spans ?? -1;
        expect(dropped).toBeGreaterThanOrEqual(0);
      }
      expect(dropped).toBeGreaterThan(0);
    } finally {
      await stack.close();
    }
  });
});
