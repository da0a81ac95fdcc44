/** What the request log keeps of a request: levels per team, bodies cut and redacted, streamed answers assembled, phases, metadata, trace id. */
import { describe, expect, it } from 'vitest';
import type { ChatRequest, StreamEvent } from '../../core/types.js';
import { RequestContext } from '../../pipeline/context.js';
import { requestLogSchema } from '../config-schema.js';
import { requestLogObserver, requestLogTaps } from '../request-log-observer.js';
import type { RequestRecord } from '../request-record.js';
import { cutBody, keptBody } from './bodies.js';
import { anyFull, compileBodyLevels } from './levels.js';

function context(over: { team?: string; teamName?: string; stream?: boolean } = {}): RequestContext {
  const ctx = new RequestContext({
    requestId: 'req_x',
    startedAt: performance.now(),
    time: Date.now(),
    operation: 'chat',
    ingress: 'openai',
    requestHeaders: {},
  });
  ctx.identity = { method: 'virtual_key', team: over.team, teamName: over.teamName };
  ctx.stream = over.stream ?? false;
  ctx.request = { model: 'fast', messages: [{ role: 'user', content: 'hello' }], stream: ctx.stream, metadata: { ticket: 'T-1' } } as unknown as ChatRequest;
  return ctx;
}

function sinkOf(out: RequestRecord[]) {
  return { record: (r: RequestRecord) => void out.push(r), flush: async () => {}, close: async () => {} };
}

describe('body levels', () => {
  const config = requestLogSchema.parse({ bodies: 'metadata', teams: { team_full: { bodies: 'full' }, quiet: { bodies: 'none' } } });
  const levelOf = compileBodyLevels(config);

  it('resolves per team by id, then by name, else the default', () => {
    expect(levelOf({ method: 'k', team: 'team_full' })).toBe('full');
    expect(levelOf({ method: 'k', team: 'team_9', teamName: 'quiet' })).toBe('none');
    expect(levelOf({ method: 'k', team: 'team_full', teamName: 'quiet' })).toBe('full');
    expect(levelOf({ method: 'k', team: 'other' })).toBe('metadata');
    expect(levelOf(undefined)).toBe('metadata');
  });

  it('installs the stream tap only when some team keeps full bodies', () => {
    expect(anyFull(config)).toBe(true);
    expect(requestLogTaps(config)).toHaveLength(1);
    expect(requestLogTaps(requestLogSchema.parse({ teams: { t: { bodies: 'none' } } }))).toEqual([]);
    expect(requestLogTaps(requestLogSchema.parse({ bodies: 'full', enabled: false }))).toEqual([]);
  });
});

describe('bodies', () => {
  it('cuts at max bytes with a marker, never inside a character', () => {
    expect(cutBody('short', 100)).toBe('short');
    expect(cutBody('abcdefghij', 4)).toBe('abcd…[cut at max_body_bytes: 4 of 10 bytes kept]');
    expect(cutBody('ééé', 3)).toBe('é…[cut at max_body_bytes: 2 of 6 bytes kept]');
  });

  it('removes credentials minted for the request and applies the pluggable redactor', () => {
    const ctx = context();
    ctx.addRuntimeSecret('tok-secret-123456');
    const text = keptBody({ a: 'tok-secret-123456', b: 'mail me at a@b.example' }, ctx, 1000, (t) => t.replaceAll('a@b.example', '[email]'));
    expect(text).toBe('{"a":"[redacted]","b":"mail me at [email]"}');
  });
});

describe('request log observer', () => {
  const config = requestLogSchema.parse({ bodies: 'metadata', max_body_bytes: 200, teams: { team_full: { bodies: 'full' }, team_none: { bodies: 'none' } } });

  it('keeps phases in order, the trace id and the metadata at level metadata, and no bodies', () => {
    const out: RequestRecord[] = [];
    const observer = requestLogObserver(sinkOf(out), config);
    const ctx = context({ team: 'team_meta' });
    ctx.traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    observer.onPhase!(ctx, 'authenticate', 0.123);
    observer.onPhase!(ctx, 'dispatch', 12.5);
    observer.onPhase!(ctx, 'settle', 0.01);
    ctx.response = { text: 'hi' };
    observer.onRequestEnd!(ctx);
    expect(Object.entries(out[0]!.phases!)).toEqual([
      ['authenticate', 0.12],
      ['dispatch', 12.5],
      ['settle', 0.01],
    ]);
    expect(out[0]).toMatchObject({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', metadata: { ticket: 'T-1' } });
    expect(out[0]!.requestBody).toBeUndefined();
    expect(out[0]!.responseBody).toBeUndefined();
  });

  it('keeps the guardrail verdicts at every level, and none when no guard gave one', () => {
    const out: RequestRecord[] = [];
    const observer = requestLogObserver(sinkOf(out), config);
    const guarded = context({ team: 'team_none' });
    guarded.guardrailVerdicts = [{ guard: 'pii', stage: 'input', outcome: 'redacted', findings: { EMAIL: 1 } }];
    observer.onRequestEnd!(guarded);
    const empty = context();
    empty.guardrailVerdicts = [];
    observer.onRequestEnd!(empty);
    observer.onRequestEnd!(context());
    expect(out[0]!.guardrails).toEqual([{ guard: 'pii', stage: 'input', outcome: 'redacted', findings: { EMAIL: 1 } }]);
    expect('guardrails' in out[1]!).toBe(false);
    expect('guardrails' in out[2]!).toBe(false);
  });

  it('keeps nothing but numbers at level none, and both bodies at level full', () => {
    const out: RequestRecord[] = [];
    const observer = requestLogObserver(sinkOf(out), config);
    const none = context({ team: 'team_none' });
    observer.onRequestEnd!(none);
    expect(out[0]!.metadata).toBeUndefined();
    expect(out[0]!.traceId).toBeUndefined();
    const full = context({ team: 'team_full' });
    full.response = { id: 'c1', text: 'hello back' };
    observer.onRequestEnd!(full);
    expect(JSON.parse(out[1]!.requestBody!)).toMatchObject({ model: 'fast', messages: [{ role: 'user', content: 'hello' }] });
    expect(JSON.parse(out[1]!.responseBody!)).toEqual({ id: 'c1', text: 'hello back' });
  });

  it('assembles a streamed answer for a team at level full, and ignores the stream of other teams', () => {
    const [tap] = requestLogTaps(config);
    const events: StreamEvent[] = [
      { type: 'start', id: 'c2', model: 'sim-small', created: 1 },
      { type: 'text', text: 'Hel' },
      { type: 'text', text: 'lo' },
      { type: 'tool_call_start', index: 0, id: 'call_1', name: 'lookup' },
      { type: 'tool_call_delta', index: 0, arguments: '{"q":' },
      { type: 'tool_call_delta', index: 0, arguments: '"x"}' },
      { type: 'finish', reason: 'tool_calls' },
    ];
    const out: RequestRecord[] = [];
    const observer = requestLogObserver(sinkOf(out), config);
    for (const team of ['team_full', 'team_meta']) {
      const ctx = context({ team, stream: true });
      for (const event of events) expect(tap!.onEvent!(event, ctx)).toBeUndefined();
      observer.onRequestEnd!(ctx);
    }
    expect(JSON.parse(out[0]!.responseBody!)).toEqual({
      id: 'c2',
      model: 'sim-small',
      text: 'Hello',
      toolCalls: [{ id: 'call_1', name: 'lookup', arguments: '{"q":"x"}' }],
      finishReason: 'tool_calls',
    });
    expect(out[1]!.responseBody).toBeUndefined();
  });

  it('stops assembling past max_body_bytes and says so', () => {
    const [tap] = requestLogTaps(config);
    const ctx = context({ team: 'team_full', stream: true });
    for (let i = 0; i < 50; i++) tap!.onEvent!({ type: 'text', text: '0123456789' }, ctx);
    const out: RequestRecord[] = [];
    requestLogObserver(sinkOf(out), config).onRequestEnd!(ctx);
    const body = JSON.parse(out[0]!.responseBody!) as { text: string; truncated: boolean };
    expect(body.truncated).toBe(true);
    expect(body.text).toBe('0123456789'.repeat(15));
  });
});
