import { describe, expect, it } from 'vitest';
import { createPriceBook, priceOverrideSchema, priceOverridesSchema } from './catalog.js';

const openai = { providerId: 'oai', providerType: 'openai', model: 'gpt-4o' };

describe('createPriceBook', () => {
  it('uses the catalog price when there is no override', () => {
    const book = createPriceBook();
    expect(book.resolve(openai)).toMatchObject({
      price: { input: 2.5, output: 10, cachedInput: 1.25 },
      source: 'catalog',
      catalogKey: 'openai/gpt-4o',
    });
    expect(book.cost(openai, { inputTokens: 1_000_000, outputTokens: 0 })).toBe(2.5);
  });

  it('lets an override win, keeping catalog fields it does not set', () => {
    const book = createPriceBook({ oai: { 'gpt-4o': { input: 2, output: 8 } } });
    expect(book.resolve(openai)).toMatchObject({
      price: { input: 2, output: 8, cachedInput: 1.25 },
      source: 'catalog+override',
    });
    // 1M uncached x 2 + 1M cached x 1.25 + 1M out x 8
    expect(book.cost(openai, { inputTokens: 2_000_000, cachedInputTokens: 1_000_000, outputTokens: 1_000_000 })).toBe(11.25);
  });

  it('applies overrides by provider id, not type', () => {
    const book = createPriceBook({ other: { 'gpt-4o': { input: 0, output: 0 } } });
    expect(book.resolve(openai)?.source).toBe('catalog');
  });

  it('supports "*" for every model of a provider, after exact model names', () => {
    const book = createPriceBook({ local: { '*': { input: 0, output: 0 }, special: { input: 1, output: 1 } } });
    const local = { providerId: 'local', providerType: 'vllm' };
    expect(book.cost({ ...local, model: 'my-finetune' }, { inputTokens: 100, outputTokens: 100 })).toBe(0);
    expect(book.cost({ ...local, model: 'special' }, { inputTokens: 1_000_000, outputTokens: 0 })).toBe(1);
  });

  it('prices a model the catalog lacks from a complete override', () => {
    const target = { providerId: 'az', providerType: 'azure-openai', model: 'prod-deployment' };
    expect(createPriceBook().cost(target, { inputTokens: 10, outputTokens: 10 })).toBeUndefined();
    const book = createPriceBook({ az: { 'prod-deployment': { input: 5, output: 15, cached_input: 2.5 } } });
    expect(book.resolve(target)).toEqual({ price: { input: 5, output: 15, cachedInput: 2.5 }, source: 'override' });
  });

  it('returns undefined when an override for an unknown model lacks input or output', () => {
    const book = createPriceBook({ az: { x: { input: 5 } } });
    expect(book.cost({ providerId: 'az', providerType: 'azure-openai', model: 'x' }, { inputTokens: 1, outputTokens: 1 })).toBeUndefined();
  });

  it('drops the list-price long-context tier when an override applies', () => {
    const target = { providerId: 'claude', providerType: 'anthropic', model: 'claude-sonnet-4-5' };
    const book = createPriceBook({ claude: { 'claude-sonnet-4-5': { input: 2 } } });
    const resolved = book.resolve(target);
    expect(resolved?.price.longContext).toBeUndefined();
    expect(book.cost(target, { inputTokens: 300_000, outputTokens: 0 })).toBe(0.6);
  });

  it('returns the same answer when asked again (memoised)', () => {
    const book = createPriceBook();
    expect(book.resolve(openai)).toBe(book.resolve(openai));
    expect(book.resolve({ ...openai, model: 'nope-nope' })).toBeUndefined();
  });
});

describe('priceOverrideSchema', () => {
  it('accepts the config shape and rejects mistakes', () => {
    expect(priceOverrideSchema.parse({ input: 1, output: 2, cached_input: 0.5, cache_write: 1.25, reasoning: 3 })).toEqual({
      input: 1,
      output: 2,
      cached_input: 0.5,
      cache_write: 1.25,
      reasoning: 3,
    });
    expect(priceOverrideSchema.safeParse({ input: -1 }).success).toBe(false);
    expect(priceOverrideSchema.safeParse({ input: 1, cachedInput: 1 }).success).toBe(false);
    expect(priceOverrideSchema.safeParse({}).success).toBe(false);
    expect(priceOverridesSchema.safeParse({ openai: { 'gpt-4o': { output: '1' } } }).success).toBe(false);
  });
});
