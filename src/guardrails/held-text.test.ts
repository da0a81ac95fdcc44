import { describe, expect, it } from 'vitest';
import { GatewayError } from '../core/errors.js';
import type { RequestContext } from '../pipeline/context.js';
import { RequestContext as Context } from '../pipeline/context.js';
import type { CompiledGuard } from './compiled-guard.js';
import { createDeniedTermsEngine } from './denied-terms.js';
import type { Finding, LocalEngine } from './engine.js';
import { HeldText } from './held-text.js';
import { requestGuards } from './request-guards.js';
import { createGuardState } from './request-state.js';
import { plainRewriter } from './rewrite.js';
import { jsonStringContent } from './token-vault.js';

/** A detector for the window's tests: emails by a plain pattern, and long `sk-` tokens still arriving. */
const emails: LocalEngine = {
  kind: 'local',
  spans: true,
  maxSpanChars: 40,
  scan(text) {
    const out: Finding[] = [];
    for (const m of text.matchAll(/(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+|sk-[A-Za-z0-9]{20,}/g))
      out.push({ type: m[0].startsWith('sk-') ? 'API_KEY' : 'EMAIL', start: m.index, end: m.index + m[0].length });
    return out;
  },
  pendingFrom(text) {
    const m = /\S+$/.exec(text);
    return m && m[0].length > 8 ? m.index : undefined;
  },
};

function guard(name: string, engine: LocalEngine, action: CompiledGuard['action'], on: ('input' | 'output')[] = ['output']): CompiledGuard {
  return {
    name,
    type: 'test',
    input: on.includes('input'),
    output: on.includes('output'),
    action,
    failOpen: false,
    sources: new Set(['user']),
    engine,
    timeoutMs: 0,
  };
}

function context(): RequestContext {
  return new Context({ requestId: 'req_1', startedAt: 0, time: 0, operation: 'chat', ingress: 'openai', requestHeaders: {} });
}

/** Streams `chunks` through one channel as the tap would: every push, then the end. */
function stream(
  guards: CompiledGuard[],
  chunks: string[],
  setup?: (state: ReturnType<typeof createGuardState>) => void,
  encodeValue?: (v: string) => string,
): string {
  const ctx = context();
  const state = createGuardState(ctx, requestGuards(guards)!, plainRewriter);
  setup?.(state);
  const channel = new HeldText(state.guards.filter, state, encodeValue);
  let out = '';
  for (const chunk of chunks) out += channel.push(chunk);
  return out + channel.end();
}

/** Every way to cut `text` into two chunks, and into three around each pair of points a few apart. */
function splits(text: string): string[][] {
  const out: string[][] = [[text]];
  for (let i = 1; i < text.length; i++) out.push([text.slice(0, i), text.slice(i)]);
  for (let i = 1; i < text.length - 3; i += 3) out.push([text.slice(0, i), text.slice(i, i + 3), text.slice(i + 3)]);
  out.push([...text]);
  return out;
}

const ANSWER =
  'Sure. Write to jane.doe+billing@example-mail.co.uk or to the team at ops@example.org; the key sk-abcdefghijklmnopqrstuvwx123 was revoked. ' +
  'Nothing else here is private, and this sentence is long enough to pass the window a few times over before it ends.';

describe('a held stream channel', () => {
  const redact = [guard('pii', emails, 'redact')];
  const expected = stream(redact, [ANSWER]);

  it('redacts values whole', () => {
    expect(expected).toContain('[EMAIL]');
    expect(expected).toContain('[API_KEY]');
    expect(expected).not.toContain('@example');
    expect(expected.startsWith('Sure. Write to [EMAIL] or to the team at [EMAIL];')).toBe(true);
  });

  it('gives the same text at every split point, never a value or a piece of one', () => {
    for (const chunks of splits(ANSWER)) {
      const out = stream(redact, chunks);
      expect(out, JSON.stringify(chunks.map((c) => c.length))).toBe(expected);
    }
  });

  it('sends text before the end once it is past the window', () => {
    const ctx = context();
    const state = createGuardState(ctx, requestGuards(redact)!, plainRewriter);
    const channel = new HeldText(state.guards.filter, state);
    let early = '';
    let firstAt = -1;
    for (const [i, ch] of [...ANSWER].entries()) {
      early += channel.push(ch);
      if (firstAt < 0 && early.length > 0) firstAt = i + 1;
    }
    // The first text goes once the window (40) and the first step (32) are full, or soon after
    // when a value held the cut back; at the end at most the window and the largest step are held.
    expect(firstAt).toBeGreaterThan(0);
    expect(firstAt).toBeLessThanOrEqual(40 + 32 + 40);
    expect(early.length).toBeGreaterThanOrEqual(ANSWER.length - 40 - 128);
    expect(early).not.toContain('@');
  });

  it('masks when told to', () => {
    const masked = stream([guard('pii', emails, 'mask')], [ANSWER]);
    expect(masked).toContain('team at o*************g;');
    expect(masked).not.toContain('@');
  });

  it('blocks mid-stream, before the value goes out', () => {
    const blocking = [guard('no-email', emails, 'block')];
    for (const chunks of splits(ANSWER)) {
      const ctx = context();
      const state = createGuardState(ctx, requestGuards(blocking)!, plainRewriter);
      const channel = new HeldText(state.guards.filter, state);
      let out = '';
      let error: unknown;
      try {
        for (const chunk of chunks) out += channel.push(chunk);
        out += channel.end();
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(GatewayError);
      expect((error as GatewayError).code).toBe('guardrail_blocked');
      expect(out).not.toContain('@');
      expect(ctx.responseHeaders['x-switchboard-guardrail']).toBe('no-email');
      expect(ctx.guardrailVerdicts?.[0]).toMatchObject({ guard: 'no-email', stage: 'output', outcome: 'blocked' });
      expect(ctx.guardrailVerdicts?.[0]?.findings?.EMAIL).toBeGreaterThan(0);
    }
  });

  it('denied terms are matched across every split, case-insensitively, on word boundaries', () => {
    const terms = createDeniedTermsEngine({
      name: 'deny',
      type: 'denied_terms',
      on: ['output'],
      action: 'redact',
      fail: 'closed',
      terms: ['Project Nightingale', 'acme'],
      patterns: [],
      case_sensitive: false,
      max_match_chars: 128,
    });
    const text = 'The PROJECT   nightingale plan is with ACME and acmeville, not acme-corp.';
    const want = 'The [DENIED_TERM] plan is with [DENIED_TERM] and acmeville, not [DENIED_TERM]-corp.';
    for (const chunks of splits(text)) expect(stream([guard('deny', terms, 'redact')], chunks)).toBe(want);
  });

  it('restores tokenized values cut between chunks', () => {
    const tokenize = [guard('pii', emails, 'tokenize', ['input'])];
    const answer = 'I will email [EMAIL_1] now, and cc [EMAIL_2]. Unknown [EMAIL_9] and [brackets] stay.';
    const setup = (state: ReturnType<typeof createGuardState>) => {
      state.vault!.placeholder('EMAIL', 'a@b.example');
      state.vault!.placeholder('EMAIL', 'c"d@e.example');
    };
    const want = 'I will email a@b.example now, and cc c"d@e.example. Unknown [EMAIL_9] and [brackets] stay.';
    for (const chunks of splits(answer)) expect(stream(tokenize, chunks, setup)).toBe(want);
    // In tool-call arguments the value is JSON-escaped.
    const args = '{"to":"[EMAIL_2]"}';
    for (const chunks of splits(args)) expect(stream(tokenize, chunks, setup, jsonStringContent)).toBe('{"to":"c\\"d@e.example"}');
  });

  it('blocks rather than send an open match held past its limit', () => {
    const open: LocalEngine = { ...emails, pendingFrom: (text) => (text.includes('BEGIN') ? text.indexOf('BEGIN') : undefined) };
    const ctx = context();
    const state = createGuardState(ctx, requestGuards([guard('pii', open, 'redact')])!, plainRewriter);
    const channel = new HeldText(state.guards.filter, state);
    let out = channel.push('header BEGIN ');
    expect(() => {
      for (let i = 0; i < 70; i++) out += channel.push('x'.repeat(1024));
    }).toThrow(GatewayError);
    expect(out).not.toContain('BEGIN');
  });
});
