/** An OpenAI-style moderation endpoint against a fake: the batch it sends, and which categories block under each rule. */
import { describe, expect, it } from 'vitest';
import { json } from '../../testing/fake-service.js';
import { checkOptions } from '../../testing/guard-check.js';
import { guardConfig, useFakeGuardService } from '../../testing/guard-service.js';
import type { GuardrailConfigOf } from '../config-schema.js';
import { RemoteGuardError } from './guard-http.js';
import { createModerationEngine, MODERATION_FLAGGED, moderationFindings } from './moderation.js';

const service = useFakeGuardService();

function config(extra: Record<string, unknown> = {}): GuardrailConfigOf<'openai_moderation'> {
  return guardConfig({ name: 'mod', type: 'openai_moderation', url: `${service.fake.url}/v1/moderations`, api_key: 'sk-mod', ...extra });
}

/** A result as the endpoint answers it: every category listed, marked and scored. */
function result(flagged: boolean, marked: Record<string, boolean>, scores: Record<string, number>) {
  const names = ['harassment', 'hate', 'violence', 'self-harm', 'sexual', 'illicit'];
  return {
    flagged,
    categories: Object.fromEntries(names.map((n) => [n, marked[n] ?? false])),
    category_scores: Object.fromEntries(names.map((n) => [n, scores[n] ?? 0.001])),
    category_applied_input_types: Object.fromEntries(names.map((n) => [n, ['text']])),
  };
}

const CALM = result(false, {}, { violence: 0.3 });
const VIOLENT = result(true, { violence: true, harassment: true }, { violence: 0.97, harassment: 0.6, hate: 0.4 });

describe('moderation endpoint', () => {
  it('POSTs the model and all texts as one input list, with the key as bearer', async () => {
    service.fake.answer = json({ id: 'modr-1', model: 'omni-moderation-latest', results: [CALM, CALM] });
    const engine = createModerationEngine(config(), service.http);
    expect(engine).toMatchObject({ kind: 'remote', spans: false });
    const findings = await engine.check(
      [
        { text: 'first', source: 'user' },
        { text: 'second', source: 'tool' },
      ],
      checkOptions(),
    );
    expect(findings).toEqual([[], []]);
    const seen = service.fake.received.at(-1)!;
    expect(seen.path).toBe('/v1/moderations');
    expect(seen.headers.authorization).toBe('Bearer sk-mod');
    expect(JSON.parse(seen.body)).toEqual({ model: 'omni-moderation-latest', input: ['first', 'second'] });
  });

  it('without rules, a flagged result blocks on each category it marks, per text in order', async () => {
    service.fake.answer = json({ results: [CALM, VIOLENT] });
    const findings = await createModerationEngine(config({ model: 'text-moderation-stable' }), service.http).check(
      [
        { text: 'nice', source: 'user' },
        { text: 'nasty', source: 'user' },
      ],
      checkOptions(),
    );
    expect(findings).toEqual([
      [],
      [
        { type: 'harassment', score: 0.6 },
        { type: 'violence', score: 0.97 },
      ],
    ]);
    expect(JSON.parse(service.fake.received.at(-1)!.body).model).toBe('text-moderation-stable');
  });

  it('with categories, only those block', () => {
    expect(moderationFindings({ results: [VIOLENT] }, 1, { categories: ['violence', 'sexual'] })).toEqual([[{ type: 'violence', score: 0.97 }]]);
    expect(moderationFindings({ results: [VIOLENT] }, 1, { categories: ['sexual'] })).toEqual([[]]);
    // A configured category marked on a result the endpoint did not flag still blocks.
    expect(moderationFindings({ results: [result(false, { hate: true }, { hate: 0.2 })] }, 1, { categories: ['hate'] })).toEqual([
      [{ type: 'hate', score: 0.2 }],
    ]);
  });

  it('with score_threshold, a score at or above it blocks even unflagged', () => {
    expect(moderationFindings({ results: [CALM] }, 1, { score_threshold: 0.3 })).toEqual([[{ type: 'violence', score: 0.3 }]]);
    expect(moderationFindings({ results: [CALM] }, 1, { score_threshold: 0.31 })).toEqual([[]]);
    expect(moderationFindings({ results: [VIOLENT] }, 1, { categories: ['hate'], score_threshold: 0.4 })).toEqual([[{ type: 'hate', score: 0.4 }]]);
  });

  it('a flagged result marking no category still blocks as "flagged"', () => {
    expect(moderationFindings({ results: [{ flagged: true, categories: {}, category_scores: {} }] }, 1, {})).toEqual([[{ type: MODERATION_FLAGGED }]]);
  });

  it('refuses answers of the wrong shape, or a result count that does not match the texts', () => {
    for (const answer of [
      {},
      { results: {} },
      { results: [CALM] },
      { results: [CALM, { categories: {} }] },
      { results: [CALM, { flagged: true, categories: { hate: 'yes' } }] },
      { results: [CALM, { flagged: true, category_scores: { hate: 'high' } }] },
    ]) {
      expect(() => moderationFindings(answer, 2, {}), JSON.stringify(answer)).toThrow(RemoteGuardError);
    }
  });
});
