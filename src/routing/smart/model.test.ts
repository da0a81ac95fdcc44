import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractFeatures } from './features.js';
import { difficulty, getRouterModel, loadRouterModel, ROUTER_MODEL_PATH, scorePrompt, thresholdForStrongShare } from './model.js';

const PROOF =
  'Prove that for every integer n >= 1 the sum 1^3 + 2^3 + ... + n^3 equals (n(n+1)/2)^2. Give a rigorous proof by induction: ' +
  'state the base case, derive the inductive step explicitly, and justify each algebraic step. Then explain why this shows the sum ' +
  'of the first n cubes is always a perfect square, compute it for n = 37, and verify the result against the formula.';

describe('the shipped router model', () => {
  it('loads and scores every kind of prompt within 0..1', () => {
    const model = getRouterModel();
    expect(model.weights.some((w) => w !== 0)).toBe(true);
    for (const text of ['', 'hi', PROOF, '日本語の質問です。', 'a'.repeat(200_000)]) {
      const score = scorePrompt({ text }, model);
      expect(score).toBeGreaterThan(0);
      expect(score).toBeLessThan(1);
    }
  });

  it('agrees with difficulty() over extracted features', () => {
    expect(scorePrompt({ text: PROOF, turns: 2 })).toBeCloseTo(difficulty(extractFeatures({ text: PROOF, turns: 2 })), 12);
  });

  // Behavioural sanity check: it can fail if training or the features go wrong.
  it('scores a long multi-step maths proof above trivial prompts', () => {
    const hard = scorePrompt({ text: PROOF });
    expect(hard).toBeGreaterThan(scorePrompt({ text: 'hi' }));
    expect(hard).toBeGreaterThan(scorePrompt({ text: 'what is 2+2' }));
    expect(hard).toBeGreaterThan(scorePrompt({ text: 'Hello! How are you today?' }));
  });

  it('maps a wanted share of strong calls to a threshold: more strong calls, lower threshold', () => {
    const shares = [0, 0.1, 0.3, 0.5, 0.7, 0.9, 1];
    const thresholds = shares.map((s) => thresholdForStrongShare(s));
    for (let i = 1; i < thresholds.length; i++) expect(thresholds[i]).toBeLessThanOrEqual(thresholds[i - 1]!);
    expect(thresholds[0]).toBe(1);
    expect(thresholds[thresholds.length - 1]).toBe(0);
  });

  it('refuses weights made for another feature extractor, naming the fix', () => {
    const file = JSON.parse(readFileSync(ROUTER_MODEL_PATH, 'utf8')) as Record<string, unknown>;
    const dir = mkdtempSync(join(tmpdir(), 'router-model-'));
    const stale = join(dir, 'stale.json');
    writeFileSync(stale, JSON.stringify({ ...file, featuresVersion: 999 }));
    expect(() => loadRouterModel(stale)).toThrow(/features version 999.*train-router/);
    const short = join(dir, 'short.json');
    writeFileSync(short, JSON.stringify({ ...file, weights: [1, 2, 3] }));
    expect(() => loadRouterModel(short)).toThrow(/3 hashed weights/);
    expect(() => loadRouterModel(join(dir, 'missing.json'))).toThrow(/cannot be read/);
  });
});
