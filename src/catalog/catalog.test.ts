import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOG_PATH, createCatalog, getCatalog, loadCatalogFile, lookupModel } from './catalog.js';
import type { CatalogFile } from './types.js';

describe('committed catalog.json', () => {
  it('validates, is reasonably small and covers every configured provider type', () => {
    const file = loadCatalogFile(CATALOG_PATH);
    expect(statSync(CATALOG_PATH).size).toBeLessThan(1.5 * 1024 * 1024);
    const types = new Set(Object.values(file.models).map((m) => m.provider));
    for (const t of ['openai', 'azure-openai', 'anthropic', 'gemini', 'vertex', 'bedrock', 'cohere', 'mistral', 'groq']) {
      expect(types).toContain(t);
    }
    expect(getCatalog().size).toBeGreaterThan(500);
    for (const [alias, key] of Object.entries(file.aliases)) expect(file.models[key], alias).toBeDefined();
  });
});

describe('lookupModel on the committed catalog', () => {
  it('finds gpt-4o with prices, limits and capabilities', () => {
    const m = lookupModel('openai', 'gpt-4o');
    expect(m).toMatchObject({
      key: 'openai/gpt-4o',
      match: 'exact',
      provider: 'openai',
      mode: 'chat',
      contextWindow: 128_000,
      maxOutputTokens: 16_384,
      price: { input: 2.5, output: 10, cachedInput: 1.25 },
      capabilities: { tools: true, vision: true, jsonSchema: true, promptCaching: true, reasoning: false },
    });
  });

  it('finds claude-sonnet-4-5 with cache-write price and a long-context tier', () => {
    const m = lookupModel('anthropic', 'claude-sonnet-4-5');
    expect(m?.price).toMatchObject({ input: 3, output: 15, cachedInput: 0.3, cacheWrite: 3.75 });
    expect(m?.price?.longContext).toMatchObject({ aboveInputTokens: 200_000, input: 6, output: 22.5 });
    expect(m?.capabilities.reasoning).toBe(true);
  });

  it('finds gemini-2.5-flash for both the Gemini API and Vertex', () => {
    expect(lookupModel('gemini', 'gemini-2.5-flash')).toMatchObject({ key: 'gemini/gemini-2.5-flash', contextWindow: 1_048_576 });
    expect(lookupModel('vertex', 'gemini-2.5-flash')?.key).toBe('vertex/gemini-2.5-flash');
    expect(lookupModel('gemini', 'models/gemini-2.5-flash')).toMatchObject({ key: 'gemini/gemini-2.5-flash', match: 'normalized' });
  });

  it('finds Bedrock models with inference-profile prefixes', () => {
    const eu = lookupModel('bedrock', 'eu.anthropic.claude-sonnet-4-5-20250929-v1:0');
    expect(eu).toMatchObject({ key: 'bedrock/eu.anthropic.claude-sonnet-4-5-20250929-v1:0', match: 'exact' });
    // A profile region the data doesn't list falls back to the base model id.
    const ca = lookupModel('bedrock', 'ca.anthropic.claude-sonnet-4-5-20250929-v1:0');
    expect(ca).toMatchObject({ key: 'bedrock/anthropic.claude-sonnet-4-5-20250929-v1:0', match: 'normalized' });
    const arn = lookupModel('bedrock', 'arn:aws:bedrock:us-east-1:1:inference-profile/us.anthropic.claude-3-5-haiku-20241022-v1:0');
    expect(arn?.key).toBe('bedrock/anthropic.claude-3-5-haiku-20241022-v1:0');
  });

  it('finds an embedding model', () => {
    expect(lookupModel('openai', 'text-embedding-3-small')).toMatchObject({
      mode: 'embedding',
      price: { input: 0.02, output: 0 },
    });
  });

  it('strips date suffixes and version tags it has no exact entry for', () => {
    expect(lookupModel('openai', 'gpt-4o-2099-01-01')).toMatchObject({ key: 'openai/gpt-4o', match: 'normalized' });
    expect(lookupModel('anthropic', 'claude-sonnet-4-5-20991231')).toMatchObject({
      key: 'anthropic/claude-sonnet-4-5',
      match: 'normalized',
    });
    expect(lookupModel('vertex', 'claude-sonnet-4-5@20991231')?.key).toBe('vertex/claude-sonnet-4-5');
  });

  it('falls back to the bare model name, and searches by name when no type is given', () => {
    expect(lookupModel('vllm', 'gpt-4o')).toMatchObject({ key: 'openai/gpt-4o', match: 'bare' });
    expect(lookupModel(undefined, 'claude-sonnet-4-5')?.key).toBe('anthropic/claude-sonnet-4-5');
    expect(lookupModel(undefined, 'openai/gpt-4o')).toMatchObject({ key: 'openai/gpt-4o', match: 'exact' });
  });

  it('returns undefined for unknown models', () => {
    expect(lookupModel('openai', 'no-such-model-xyz')).toBeUndefined();
    expect(lookupModel('azure-openai', 'my-custom-deployment')).toBeUndefined();
    expect(lookupModel(undefined, '')).toBeUndefined();
  });
});

describe('createCatalog fallback order', () => {
  const caps: CatalogFile['models'][string]['capabilities'] = [];
  const entry = (provider: string, model: string, input: number) => ({
    provider,
    model,
    mode: 'chat' as const,
    price: { input, output: input },
    capabilities: caps,
  });
  const file: CatalogFile = {
    format: 1,
    source: { file: 'test', sha256: 'x', entries: 5 },
    models: {
      'openai/m-1': entry('openai', 'm-1', 1),
      'openai/m-1-2024-01-01': entry('openai', 'm-1-2024-01-01', 2),
      'openai/m-1-2025-01-01': entry('openai', 'm-1-2025-01-01', 3),
      'acme/m-1': entry('acme', 'm-1', 4),
      'acme/n-2-2025-05-05': entry('acme', 'n-2-2025-05-05', 5),
    },
    aliases: { 'm-1': 'openai/m-1', 'm-1-2024-01-01': 'openai/m-1-2024-01-01', 'n-2-2025-05-05': 'acme/n-2-2025-05-05' },
  };
  const catalog = createCatalog(file);

  it('prefers the same provider type over the bare alias', () => {
    expect(catalog.lookup('acme', 'm-1')?.price?.input).toBe(4);
    expect(catalog.lookup('acme', 'm-1-2030-01-01')).toMatchObject({ key: 'acme/m-1', match: 'normalized' });
  });

  it('prefers the undated name among normalised matches', () => {
    expect(catalog.lookup('openai', 'm-1-2030-01-01')?.key).toBe('openai/m-1');
  });

  it('uses bare, then bare-normalised, then the part after the last slash', () => {
    expect(catalog.lookup('other', 'm-1-2024-01-01')).toMatchObject({ key: 'openai/m-1-2024-01-01', match: 'bare' });
    expect(catalog.lookup('other', 'n-2-2026-06-06')).toMatchObject({ key: 'acme/n-2-2025-05-05', match: 'bare-normalized' });
    expect(catalog.lookup('other', 'vendor/m-1')).toMatchObject({ key: 'openai/m-1', match: 'bare-normalized' });
    expect(catalog.lookup('other', 'zzz')).toBeUndefined();
  });
});
