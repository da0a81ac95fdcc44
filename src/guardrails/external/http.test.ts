/** The generic HTTP guard against a fake service: the request it sends, and how each answer becomes findings. */
import { describe, expect, it } from 'vitest';
import { json } from '../../testing/fake-service.js';
import { checkOptions } from '../../testing/guard-check.js';
import { guardConfig, useFakeGuardService } from '../../testing/guard-service.js';
import type { GuardrailConfigOf } from '../config-schema.js';
import type { GuardText } from '../engine.js';
import { RemoteGuardError } from './guard-http.js';
import { createHttpGuardEngine, httpGuardFindings } from './http.js';

const service = useFakeGuardService();

function config(extra: Record<string, unknown> = {}): GuardrailConfigOf<'http'> {
  return guardConfig({ name: 'corp', type: 'http', url: `${service.fake.url}/v1/check?tenant=a`, ...extra });
}

const TEXTS: GuardText[] = [
  { text: 'You are helpful.', source: 'system' },
  { text: 'Mail bob@example.com 😀 now', source: 'user' },
];

describe('generic HTTP guard', () => {
  it('POSTs the contract: version, stage, texts with sources, request id, model, team and project; key as bearer, extra headers', async () => {
    service.fake.answer = json({ action: 'allow' });
    const engine = createHttpGuardEngine(config({ api_key: 'sk-corp', headers: { 'X-Tenant': 'acme' } }), service.http);
    expect(engine).toMatchObject({ kind: 'remote', spans: true });
    expect(await engine.check(TEXTS, checkOptions('output'))).toEqual([[], []]);
    const seen = service.fake.received.at(-1)!;
    expect(seen.method).toBe('POST');
    expect(seen.path).toBe('/v1/check?tenant=a');
    expect(seen.headers['content-type']).toBe('application/json');
    expect(seen.headers.authorization).toBe('Bearer sk-corp');
    expect(seen.headers['x-tenant']).toBe('acme');
    expect(JSON.parse(seen.body)).toEqual({
      version: 1,
      stage: 'output',
      texts: [
        { text: 'You are helpful.', source: 'system' },
        { text: 'Mail bob@example.com 😀 now', source: 'user' },
      ],
      request_id: 'req_7',
      model: 'gpt-x',
      team: 'team_1',
      project: 'proj_1',
    });
  });

  it('sends no authorization without a key, and null team and project for a caller without them', async () => {
    service.fake.answer = json({ action: 'allow' });
    const options = checkOptions();
    options.ctx.identity = { method: 'open_mode' };
    await createHttpGuardEngine(config(), service.http).check(TEXTS, options);
    const seen = service.fake.received.at(-1)!;
    expect(seen.headers.authorization).toBeUndefined();
    expect(JSON.parse(seen.body)).toMatchObject({ team: null, project: null });
  });

  it('maps a block to one finding without a span per category, on the text it names or on text 0', async () => {
    service.fake.answer = json({ action: 'block', categories: ['jailbreak', 'toxicity', 'jailbreak'], text_index: 1 });
    const engine = createHttpGuardEngine(config(), service.http);
    expect(await engine.check(TEXTS, checkOptions())).toEqual([[], [{ type: 'jailbreak' }, { type: 'toxicity' }]]);
    service.fake.answer = json({ action: 'block', categories: ['policy'] });
    expect(await engine.check(TEXTS, checkOptions())).toEqual([[{ type: 'policy' }], []]);
    service.fake.answer = json({ action: 'block' });
    expect(await engine.check(TEXTS, checkOptions())).toEqual([[{ type: 'blocked' }], []]);
  });

  it('maps a redact to span findings, in UTF-16 offsets or converted from code points', async () => {
    const text = TEXTS[1]!.text;
    service.fake.answer = json({ action: 'redact', spans: [{ text_index: 1, start: 5, end: 20, type: 'EMAIL', score: 0.9 }] });
    const engine = createHttpGuardEngine(config(), service.http);
    const [system, user] = await engine.check(TEXTS, checkOptions());
    expect(system).toEqual([]);
    expect(user).toEqual([{ type: 'EMAIL', start: 5, end: 20, score: 0.9 }]);
    expect(text.slice(5, 20)).toBe('bob@example.com');
    // "now" after the emoji: code point 23..26 in Python, UTF-16 24..27 here.
    service.fake.answer = json({ action: 'redact', offsets: 'code_points', spans: [{ text_index: 1, start: 23, end: 26, type: 'WORD' }] });
    const converted = await engine.check(TEXTS, checkOptions());
    expect(converted[1]).toEqual([{ type: 'WORD', start: 24, end: 27 }]);
    expect(text.slice(24, 27)).toBe('now');
  });

  it('refuses answers outside the contract', () => {
    const bad: unknown[] = [
      [],
      { action: 'deny' },
      { action: 'block', categories: 'x' },
      { action: 'block', categories: ['x'], text_index: 2 },
      { action: 'redact' },
      { action: 'redact', spans: [{ text_index: 0, start: 3, end: 2, type: 'X' }] },
      { action: 'redact', spans: [{ text_index: 0, start: 0, end: 99, type: 'X' }] },
      { action: 'redact', spans: [{ text_index: 0, start: 0, end: 1 }] },
      { action: 'redact', spans: [{ text_index: 0, start: 0.5, end: 1, type: 'X' }] },
      { action: 'redact', spans: [{ text_index: 0, start: 0, end: 1, type: 'X', score: 3 }] },
      { action: 'redact', offsets: 'bytes', spans: [] },
    ];
    for (const answer of bad) {
      expect(() => httpGuardFindings(answer, TEXTS), JSON.stringify(answer)).toThrow(RemoteGuardError);
      expect(() => httpGuardFindings(answer, TEXTS)).toThrow(/^http guard: the answer has the wrong shape/);
    }
  });

  it('makes no call for no texts', async () => {
    const before = service.fake.received.length;
    expect(await createHttpGuardEngine(config(), service.http).check([], checkOptions())).toEqual([]);
    expect(service.fake.received.length).toBe(before);
  });
});
