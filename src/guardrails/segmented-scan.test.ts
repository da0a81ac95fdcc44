import { describe, expect, it } from 'vitest';
import { createDeniedTermsEngine } from './denied-terms.js';
import type { LocalEngine } from './engine.js';
import { SEGMENT_CHARS, scanSegmented } from './segmented-scan.js';

const terms = createDeniedTermsEngine({
  name: 'deny',
  type: 'denied_terms',
  on: ['input'],
  action: 'redact',
  fail: 'closed',
  terms: ['project nightingale'],
  patterns: [],
  case_sensitive: false,
  max_match_chars: 128,
});

describe('segmented scans of long texts', () => {
  it('find every value exactly once, including those cut by a segment edge', async () => {
    const filler = 'lorem ipsum dolor sit amet '.repeat(4000);
    const positions = [10, SEGMENT_CHARS - 5, SEGMENT_CHARS * 2 - 10, SEGMENT_CHARS * 3 + 7, filler.length - 30];
    let text = filler;
    for (const at of [...positions].reverse()) text = `${text.slice(0, at)} Project Nightingale ${text.slice(at)}`;
    const whole = terms.scan(text, 'user');
    const segmented = await scanSegmented(terms, text, 'user');
    expect(text.length).toBeGreaterThan(SEGMENT_CHARS * 5);
    expect(segmented).toHaveLength(positions.length);
    expect(segmented.map((f) => [f.start, f.end])).toEqual(whole.map((f) => [f.start, f.end]));
    for (const f of segmented) expect(text.slice(f.start, f.end).toLowerCase()).toBe('project nightingale');
  });

  it('keep one spanless finding per type, with the highest score', async () => {
    let calls = 0;
    const classifier: LocalEngine = {
      kind: 'local',
      spans: false,
      maxSpanChars: Number.POSITIVE_INFINITY,
      scan: () => [{ type: 'prompt_injection', score: 0.5 + 0.1 * calls++ }],
    };
    const findings = await scanSegmented(classifier, 'x'.repeat(SEGMENT_CHARS * 3), 'user');
    expect(calls).toBe(3);
    expect(findings).toEqual([{ type: 'prompt_injection', score: 0.7 }]);
  });
});
