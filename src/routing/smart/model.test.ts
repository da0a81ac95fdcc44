import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractFeatures } from './features.js';
import { difficulty, extraCost, getRouterModel, loadRouterModel, ROUTER_MODEL_PATH, routingScore, scorePrompt, thresholdForStrongShare } from './model.js';

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

  it('agrees with routingScore() over extracted features, P per extra cost scaled by lambda', () => {
    const model = getRouterModel();
    const features = extractFeatures({ text: PROOF, turns: 2 });
    const score = routingScore(features, 300, model);
    expect(scorePrompt({ text: PROOF, turns: 2, inputTokens: 300 })).toBeCloseTo(score, 12);
    // Undo the squashing: r = score / (1 - score) * lambda must be P / extraCost^exponent for some predicted length.
    const r = (score / (1 - score)) * model.lambda;
    const cost = (difficulty(features, model) / r) ** (1 / model.costExponent);
    expect(cost).toBeGreaterThan(extraCost(300, 0, model));
    expect(cost).toBeLessThan(extraCost(300, 10, model));
  });

  it('estimates the extra cost at the training prices: input and predicted output tokens', () => {
    const prices = { extraInputPrice: 9.4, extraOutputPrice: 29.4 };
    expect(extraCost(1000, Math.log(100), prices)).toBeCloseTo(1000 * 9.4 + 100 * 29.4, 6);
    // Out-of-range predictions are clamped: an answer of at least one token and at most e^10.
    expect(extraCost(0, -5, prices)).toBeCloseTo(9.4 + 29.4, 6);
    expect(extraCost(1, 50, prices)).toBeCloseTo(9.4 + Math.exp(10) * 29.4, 3);
  });

  // Behavioural sanity checks: they can fail if training or the features go wrong.
  it('ranks a long multi-step maths proof above trivial prompts of the same input size', () => {
    expect(difficulty(extractFeatures({ text: PROOF }))).toBeGreaterThan(difficulty(extractFeatures({ text: 'hi' })));
    const hard = scorePrompt({ text: PROOF, inputTokens: 100 });
    expect(hard).toBeGreaterThan(scorePrompt({ text: 'hi', inputTokens: 100 }));
    expect(hard).toBeGreaterThan(scorePrompt({ text: 'what is 2+2', inputTokens: 100 }));
    expect(hard).toBeGreaterThan(scorePrompt({ text: 'Hello! How are you today?', inputTokens: 100 }));
  });

  it('scores the same prompt lower the more input the strong call would have to read', () => {
    const scores = [10, 1_000, 10_000, 100_000].map((inputTokens) => scorePrompt({ text: PROOF, inputTokens }));
    for (let i = 1; i < scores.length; i++) expect(scores[i]).toBeLessThan(scores[i - 1]!);
    // Without a count, four characters of the prompt make a token.
    expect(scorePrompt({ text: PROOF })).toBeCloseTo(scorePrompt({ text: PROOF, inputTokens: Math.ceil(PROOF.length / 4) }), 12);
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
    const shortOutput = join(dir, 'short-output.json');
    writeFileSync(shortOutput, JSON.stringify({ ...file, outputWeights: [1, 2] }));
    expect(() => loadRouterModel(shortOutput)).toThrow(/2 hashed output weights/);
    const old = join(dir, 'format-1.json');
    writeFileSync(old, JSON.stringify({ ...file, format: 1 }));
    expect(() => loadRouterModel(old)).toThrow(/is invalid/);
    expect(() => loadRouterModel(join(dir, 'missing.json'))).toThrow(/cannot be read/);
  });
});
