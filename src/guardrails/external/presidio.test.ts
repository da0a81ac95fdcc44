/** The Presidio analyzer against a fake /analyze: a call per text, entity names mapped, code-point offsets converted. */
import { describe, expect, it } from 'vitest';
import { hang, json } from '../../testing/fake-service.js';
import { checkOptions } from '../../testing/guard-check.js';
import { guardConfig, useFakeGuardService } from '../../testing/guard-service.js';
import type { GuardrailConfigOf } from '../config-schema.js';
import type { GuardText } from '../engine.js';
import { RemoteGuardError } from './guard-http.js';
import { createPresidioEngine, presidioFindings } from './presidio.js';

const service = useFakeGuardService();

function config(extra: Record<string, unknown> = {}): GuardrailConfigOf<'presidio'> {
  return guardConfig({ name: 'presidio', type: 'presidio', url: `${service.fake.url}/presidio/`, ...extra });
}

/** Finds what a Python analyzer would: code-point offsets of a few fixed values. */
function pythonAnalyzer(text: string): Array<{ entity_type: string; start: number; end: number; score: number }> {
  const found = [];
  for (const [value, type] of [
    ['ana@example.org', 'EMAIL_ADDRESS'],
    ['Ana Lima', 'PERSON'],
    ['Lisbon', 'LOCATION'],
    ['0x52908400098527886E0F7030069857D2E4169EE7', 'CRYPTO'],
  ] as const) {
    const at = text.indexOf(value);
    if (at === -1) continue;
    // Python's index: the number of code points before the match.
    const start = [...text.slice(0, at)].length;
    found.push({ entity_type: type, start, end: start + [...value].length, score: 0.85 });
  }
  return found;
}

describe('Presidio analyzer', () => {
  it('POSTs each text to {url}/analyze with language, entities and score_threshold, in parallel', async () => {
    service.fake.answer = (request, res) => json(pythonAnalyzer(JSON.parse(request.body).text))(request, res);
    const engine = createPresidioEngine(config({ language: 'pt', entities: ['EMAIL_ADDRESS', 'PERSON'], score_threshold: 0.6, api_key: 'pk' }), service.http);
    expect(engine).toMatchObject({ kind: 'remote', spans: true });
    const texts: GuardText[] = [
      { text: 'I am Ana Lima', source: 'user' },
      { text: '', source: 'system' },
      { text: 'write to ana@example.org', source: 'user' },
    ];
    const before = service.fake.received.length;
    const findings = await engine.check(texts, checkOptions());
    expect(findings).toEqual([[{ type: 'PERSON', start: 5, end: 13, score: 0.85 }], [], [{ type: 'EMAIL', start: 9, end: 24, score: 0.85 }]]);
    // The empty text is not sent.
    const sent = service.fake.received.slice(before);
    expect(sent.map((r) => r.path)).toEqual(['/presidio/analyze', '/presidio/analyze']);
    expect(sent.every((r) => r.headers.authorization === 'Bearer pk')).toBe(true);
    expect(sent.map((r) => JSON.parse(r.body)).sort((a, b) => a.text.localeCompare(b.text))).toEqual([
      { text: 'I am Ana Lima', language: 'pt', entities: ['EMAIL_ADDRESS', 'PERSON'], score_threshold: 0.6 },
      { text: 'write to ana@example.org', language: 'pt', entities: ['EMAIL_ADDRESS', 'PERSON'], score_threshold: 0.6 },
    ]);
  });

  it('converts code-point offsets past emoji and other astral characters to UTF-16', async () => {
    service.fake.answer = (request, res) => json(pythonAnalyzer(JSON.parse(request.body).text))(request, res);
    const text = '👋🏽 hi 𝒜𝒷𝒸, I am Ana Lima 😀😀 from Lisbon, mail ana@example.org 🚀';
    const [findings] = await createPresidioEngine(config(), service.http).check([{ text, source: 'user' }], checkOptions());
    // Each span cuts exactly the value the analyzer found, though Python counted every emoji as 1.
    expect(findings!.map((f) => [f.type, text.slice(f.start, f.end)])).toEqual([
      ['EMAIL', 'ana@example.org'],
      ['PERSON', 'Ana Lima'],
      ['LOCATION', 'Lisbon'],
    ]);
    const sent = JSON.parse(service.fake.received.at(-1)!.body);
    expect(sent).toEqual({ text, language: 'en', score_threshold: 0.5 });
  });

  it('keeps entity types it does not map under their own names', () => {
    const text = 'pay 0x52908400098527886E0F7030069857D2E4169EE7';
    expect(presidioFindings(pythonAnalyzer(text), text)).toEqual([{ type: 'CRYPTO', start: 4, end: 46, score: 0.85 }]);
  });

  it('refuses results of the wrong shape or outside the text', () => {
    const text = 'a😀b';
    for (const answer of [
      {},
      [{ entity_type: 'PERSON', start: 0, end: 4, score: 0.5 }],
      [{ entity_type: 'PERSON', start: 2, end: 1, score: 0.5 }],
      [{ entity_type: 'PERSON', start: 1, end: 1, score: 0.5 }],
      [{ entity_type: '', start: 0, end: 1, score: 0.5 }],
      [{ entity_type: 'PERSON', start: 0, end: 1 }],
      [{ entity_type: 'PERSON', start: '0', end: 1, score: 0.5 }],
    ]) {
      expect(() => presidioFindings(answer, text), JSON.stringify(answer)).toThrow(RemoteGuardError);
    }
    // The last code point is index 2 (a, 😀, b): end 3 is the end of the text.
    expect(presidioFindings([{ entity_type: 'X', start: 1, end: 3, score: 1 }], text)).toEqual([{ type: 'X', start: 1, end: 4, score: 1 }]);
  });

  it('one failing call fails the check and cancels the others', async () => {
    let calls = 0;
    let slowArrived: () => void = () => {};
    const slowHere = new Promise<void>((resolve) => (slowArrived = resolve));
    let slowCallClosed: Promise<void> | undefined;
    service.fake.answer = (request, res) => {
      calls++;
      // The failure is answered once the slow call is in flight, so there is one to cancel.
      if (JSON.parse(request.body).text === 'fails') return void slowHere.then(() => json({ error: 'boom' }, 500)(request, res));
      slowCallClosed = new Promise((resolve) => res.on('close', () => resolve()));
      slowArrived();
      hang(request, res);
    };
    const engine = createPresidioEngine(config({ timeout_ms: 30_000 }), service.http);
    const pending = engine.check(
      [
        { text: 'slow one', source: 'user' },
        { text: 'fails', source: 'user' },
      ],
      checkOptions(),
    );
    await expect(pending).rejects.toMatchObject({ failure: 'status', status: 500 });
    expect(calls).toBe(2);
    // The slow call's connection is closed by the gateway, not left open for 30 s.
    await slowCallClosed;
  });
});
