import { describe, expect, it } from 'vitest';
import { lookupModel } from './catalog.js';
import { computeCost, effectivePrice } from './cost.js';
import type { ModelPrice } from './types.js';

function priceOf(providerType: string, model: string): ModelPrice {
  const found = lookupModel(providerType, model);
  if (!found?.price) throw new Error(`test setup: no price for ${providerType}/${model}`);
  return found.price;
}

describe('computeCost', () => {
  it('prices cached input at the cached rate (gpt-4o: $2.50 in, $1.25 cached, $10 out)', () => {
    // 6,000 uncached x 2.5 + 4,000 cached x 1.25 + 500 out x 10 = 25,000 per-million units = $0.025
    const cost = computeCost(priceOf('openai', 'gpt-4o'), { inputTokens: 10_000, cachedInputTokens: 4_000, outputTokens: 500 });
    expect(cost).toBe(0.025);
  });

  it('prices cache reads and cache writes separately (claude-sonnet-4-5: 3 / 0.30 / 3.75 / 15)', () => {
    // 2,000 x 3 + 8,000 x 0.3 + 2,000 x 3.75 + 1,000 x 15 = 6,000 + 2,400 + 7,500 + 15,000 = 30,900
    const usage = { inputTokens: 12_000, cachedInputTokens: 8_000, cacheWriteTokens: 2_000, outputTokens: 1_000, reasoningTokens: 400 };
    expect(computeCost(priceOf('anthropic', 'claude-sonnet-4-5'), usage)).toBe(0.0309);
  });

  it('prices reasoning tokens at a distinct reasoning rate and the rest at the output rate', () => {
    // gemini-2.5-flash-preview-04-17: input 0.15, cached 0.0375, output 0.6, reasoning 3.5
    // 1,000 x 0.15 + 100 x 0.6 + 200 x 3.5 = 150 + 60 + 700 = 910
    const price = priceOf('gemini', 'gemini-2.5-flash-preview-04-17');
    expect(price.reasoning).toBe(3.5);
    expect(computeCost(price, { inputTokens: 1_000, outputTokens: 300, reasoningTokens: 200 })).toBe(0.00091);
  });

  it('prices reasoning at the output rate when no distinct reasoning price exists', () => {
    const price: ModelPrice = { input: 1, output: 2 };
    expect(computeCost(price, { inputTokens: 1_000, outputTokens: 300, reasoningTokens: 200 })).toBe(0.0016);
  });

  it('falls back to the input price for cache reads and writes without their own price', () => {
    const price: ModelPrice = { input: 2, output: 8 };
    const usage = { inputTokens: 1_000, cachedInputTokens: 100, cacheWriteTokens: 100, outputTokens: 0 };
    expect(computeCost(price, usage)).toBe(0.002);
  });

  it('applies the long-context tier to the whole request only above the threshold', () => {
    const price = priceOf('anthropic', 'claude-sonnet-4-5');
    // at exactly 200k: base rates, 200,000 x 3 + 1,000 x 15 = 615,000
    expect(computeCost(price, { inputTokens: 200_000, outputTokens: 1_000 })).toBe(0.615);
    // above: 250,000 x 6 + 1,000 x 22.5 = 1,522,500
    expect(computeCost(price, { inputTokens: 250_000, outputTokens: 1_000 })).toBe(1.5225);
    // cached tokens in the tier: 50,000 x 6 + 200,001 x 0.6 = 300,000 + 120,000.6
    expect(computeCost(price, { inputTokens: 250_001, cachedInputTokens: 200_001, outputTokens: 0 })).toBe(0.4200006);
  });

  it('effectivePrice returns the tier rates without the threshold', () => {
    const price: ModelPrice = { input: 1, output: 2, longContext: { aboveInputTokens: 10, input: 3, output: 4 } };
    expect(effectivePrice(price, 10)).toBe(price);
    expect(effectivePrice(price, 11)).toEqual({ input: 3, output: 4 });
  });

  it('returns undefined, not 0, when the price is unknown', () => {
    expect(computeCost(undefined, { inputTokens: 10, outputTokens: 10 })).toBeUndefined();
  });

  it('returns 0 for a model that is known to be free', () => {
    expect(computeCost(priceOf('ollama', 'llama3'), { inputTokens: 1_000, outputTokens: 1_000 })).toBe(0);
  });

  it('costs embeddings from input tokens alone', () => {
    // text-embedding-3-small: $0.02 per million
    expect(computeCost(priceOf('openai', 'text-embedding-3-small'), { inputTokens: 1_000 })).toBe(0.00002);
  });

  it('clamps inconsistent counts instead of going negative', () => {
    const price: ModelPrice = { input: 10, output: 10, cachedInput: 1, reasoning: 100 };
    // cached > input: uncached clamps to 0, cached still charged; reasoning > output clamps to output
    const cost = computeCost(price, { inputTokens: 100, cachedInputTokens: 150, outputTokens: 10, reasoningTokens: 50 });
    expect(cost).toBe((150 * 1 + 10 * 100) / 1e6);
    expect(computeCost(price, { inputTokens: Number.NaN, outputTokens: -5 })).toBe(0);
  });

  it('rounds away float noise to 1e-10 USD', () => {
    const price: ModelPrice = { input: 0.1, output: 0.2 };
    expect(computeCost(price, { inputTokens: 1, outputTokens: 1 })).toBe(3e-7);
    expect(computeCost(price, { inputTokens: 3, outputTokens: 0 })).toBe(3e-7);
  });
});
