import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCatalog, CatalogFormatError, serializeCatalog } from './build.js';
import { REPO_ROOT, refreshCatalog } from './build-file.js';
import { catalogFileSchema } from './types.js';

const source = { file: 'test.json', sha256: 'abc' };

/** A small file in LiteLLM's format covering each conversion rule. */
function sampleSource(): Record<string, unknown> {
  return {
    sample_spec: { litellm_provider: 'one of …', max_tokens: 'LEGACY parameter', mode: 'one of: chat, …' },
    'gpt-4o': {
      litellm_provider: 'openai',
      mode: 'chat',
      max_input_tokens: 128000,
      max_output_tokens: 16384,
      input_cost_per_token: 0.0000025,
      output_cost_per_token: 0.00001,
      cache_read_input_token_cost: 0.00000125,
      supports_function_calling: true,
      supports_vision: true,
      some_future_field: { anything: 1 },
    },
    'azure/gpt-4o': { litellm_provider: 'azure', mode: 'chat', input_cost_per_token: 0.000003, output_cost_per_token: 0.00001 },
    'azure/eu/gpt-4o': { litellm_provider: 'azure', mode: 'chat', input_cost_per_token: 0.0000033, output_cost_per_token: 0.000011 },
    'gemini/gemini-x': {
      litellm_provider: 'gemini',
      mode: 'chat',
      input_cost_per_token: 3e-7,
      output_cost_per_token: 0.0000025,
      output_cost_per_reasoning_token: 0.0000025,
      supports_reasoning: true,
    },
    'gemini/gemini-think': {
      litellm_provider: 'gemini',
      mode: 'chat',
      input_cost_per_token: 1.5e-7,
      output_cost_per_token: 6e-7,
      output_cost_per_reasoning_token: 0.0000035,
    },
    'gemini-pro-x': {
      litellm_provider: 'vertex_ai-language-models',
      mode: 'chat',
      input_cost_per_token: 0.00000125,
      output_cost_per_token: 0.00001,
      cache_read_input_token_cost: 1.25e-7,
      input_cost_per_token_above_200k_tokens: 0.0000025,
      output_cost_per_token_above_200k_tokens: 0.000015,
    },
    'vertex_ai/gemini-pro-x': { litellm_provider: 'vertex_ai', mode: 'chat' },
    'us.anthropic.claude-z-20250101-v1:0': {
      litellm_provider: 'bedrock_converse',
      mode: 'chat',
      input_cost_per_token: 0.000003,
      output_cost_per_token: 0.000015,
      cache_creation_input_token_cost: 0.00000375,
    },
    'bedrock/us-east-1/anthropic.claude-instant-v1': { litellm_provider: 'bedrock', mode: 'chat', input_cost_per_token: 1e-6 },
    'deepseek/deepseek-chat': {
      litellm_provider: 'deepseek',
      mode: 'chat',
      input_cost_per_token: 2.7e-7,
      output_cost_per_token: 0.0000011,
      input_cost_per_token_cache_hit: 7e-8,
    },
    'text-embedding-3-small': { litellm_provider: 'openai', mode: 'embedding', input_cost_per_token: 2e-8 },
    'mistral/mistral-medium': { litellm_provider: 'mistral', mode: 'chat', input_cost_per_token: 0.0000027 },
    'openrouter/openai/gpt-4o': { litellm_provider: 'openrouter', mode: 'chat', input_cost_per_token: 0.0000025, output_cost_per_token: 0.00001 },
    'dall-e-3': { litellm_provider: 'openai', mode: 'image_generation' },
    'some-host/model': { litellm_provider: 'nlp_cloud', mode: 'chat' },
    'together-ai-up-to-4b': { litellm_provider: 'together_ai', mode: 'chat', input_cost_per_token: 1e-7, output_cost_per_token: 1e-7 },
  };
}

describe('buildCatalog', () => {
  const { catalog, skipped, malformed, duplicates } = buildCatalog(sampleSource(), { source });

  it('converts prices to USD per million and keeps only the fields we use', () => {
    expect(catalog.models['openai/gpt-4o']).toEqual({
      provider: 'openai',
      model: 'gpt-4o',
      mode: 'chat',
      contextWindow: 128000,
      maxOutputTokens: 16384,
      price: { input: 2.5, output: 10, cachedInput: 1.25 },
      capabilities: ['tools', 'vision'],
    });
    expect(catalog.models['deepseek/deepseek-chat']?.price).toEqual({ input: 0.27, output: 1.1, cachedInput: 0.07 });
    expect(catalog.models['bedrock/us.anthropic.claude-z-20250101-v1:0']?.price).toEqual({ input: 3, output: 15, cacheWrite: 3.75 });
  });

  it('maps LiteLLM provider names to our provider types and strips routing prefixes', () => {
    expect(Object.keys(catalog.models).sort()).toEqual([
      'azure-openai/gpt-4o',
      'bedrock/us.anthropic.claude-z-20250101-v1:0',
      'deepseek/deepseek-chat',
      'gemini/gemini-think',
      'gemini/gemini-x',
      'mistral/mistral-medium',
      'openai/gpt-4o',
      'openai/text-embedding-3-small',
      'openrouter/openai/gpt-4o',
      'vertex/gemini-pro-x',
    ]);
    expect(skipped).toMatchObject({
      'azure data-zone price': 1,
      'bedrock region/commitment price': 1,
      'mode image_generation': 1,
      'provider not configured': 1,
      'pricing bucket': 1,
    });
    expect(malformed).toEqual([]);
  });

  it('keeps a reasoning price only when it differs from the output price', () => {
    expect(catalog.models['gemini/gemini-x']?.price).toEqual({ input: 0.3, output: 2.5 });
    expect(catalog.models['gemini/gemini-think']?.price).toEqual({ input: 0.15, output: 0.6, reasoning: 3.5 });
  });

  it('records long-context tiers, scaling a missing tier cache price by the tier multiplier', () => {
    expect(catalog.models['vertex/gemini-pro-x']?.price?.longContext).toEqual({
      aboveInputTokens: 200000,
      input: 2.5,
      output: 15,
      cachedInput: 0.25,
    });
  });

  it('keeps the priced copy of a duplicated model', () => {
    expect(duplicates).toBe(1);
    expect(catalog.models['vertex/gemini-pro-x']?.price?.input).toBe(1.25);
  });

  it('gives embeddings a 0 output price but leaves chat without an output price unpriced', () => {
    expect(catalog.models['openai/text-embedding-3-small']).toMatchObject({ mode: 'embedding', price: { input: 0.02, output: 0 } });
    expect(catalog.models['mistral/mistral-medium']?.price).toBeUndefined();
  });

  it('aliases bare names to the canonical entry', () => {
    expect(catalog.aliases['gpt-4o']).toBe('openai/gpt-4o');
    expect(catalog.aliases['gemini-x']).toBe('gemini/gemini-x');
    expect(catalog.aliases['openai/gpt-4o']).toBe('openrouter/openai/gpt-4o');
    expect(catalog.aliases['gemini-pro-x']).toBe('vertex/gemini-pro-x');
  });

  it('serialises to JSON that the loader schema accepts', () => {
    const parsed = catalogFileSchema.parse(JSON.parse(serializeCatalog(catalog)));
    expect(parsed).toEqual(catalog);
  });
});

describe('buildCatalog validation', () => {
  it('rejects a top level that is not an object', () => {
    expect(() => buildCatalog([{ litellm_provider: 'openai' }], { source })).toThrow(/top level must be a JSON object.*an array/);
  });

  it('names the malformed entry and field when the format is wrong', () => {
    const raw = sampleSource();
    raw['gpt-broken'] = { litellm_provider: 'openai', mode: 'chat', input_cost_per_token: '0.000001' };
    raw['no-provider'] = { mode: 'chat' };
    let error: unknown;
    try {
      buildCatalog({ 'gpt-4o': raw['gpt-4o'], 'gpt-broken': raw['gpt-broken'], 'no-provider': raw['no-provider'] }, { source });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(CatalogFormatError);
    const message = (error as Error).message;
    expect(message).toContain('2 of 3 entries are malformed');
    expect(message).toContain('"gpt-broken": field "input_cost_per_token"');
    expect(message).toContain('"no-provider": field "litellm_provider"');
  });

  it('skips a few malformed entries with a count, or fails on them in strict mode', () => {
    const raw = sampleSource();
    for (let i = 0; i < 30; i++) raw[`ok-${i}`] = { litellm_provider: 'openai', mode: 'chat', input_cost_per_token: 1e-6, output_cost_per_token: 1e-6 };
    raw['bad-one'] = { litellm_provider: 'openai', mode: 'chat', supports_vision: 'yes' };
    const result = buildCatalog(raw, { source });
    expect(result.malformed).toEqual([{ key: 'bad-one', problem: expect.stringContaining('field "supports_vision"') }]);
    expect(result.catalog.models['openai/ok-0']).toBeDefined();
    expect(() => buildCatalog(raw, { source, strict: true })).toThrow(/strict mode.*\n.*"bad-one"/);
  });

  it('fails when nothing usable is left', () => {
    expect(() => buildCatalog({}, { source })).toThrow(CatalogFormatError);
    expect(() => buildCatalog({ x: { litellm_provider: 'nlp_cloud', mode: 'chat' } }, { source })).toThrow(/none of its 1 entries/);
  });
});

describe('refreshCatalog and scripts/build-catalog.ts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-catalog-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a catalog file from a source file', () => {
    const from = join(dir, 'good.json');
    const out = join(dir, 'good-out.json');
    writeFileSync(from, JSON.stringify(sampleSource()));
    const result = refreshCatalog({ from, out });
    const written = catalogFileSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
    expect(written.source.file).toBe('good.json');
    expect(written.source.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.keys(written.models)).toHaveLength(10);
    expect(result.bytes).toBe(readFileSync(out).length);
  });

  it('reports invalid JSON clearly', () => {
    const from = join(dir, 'not-json.json');
    writeFileSync(from, '{"gpt-4o": ');
    expect(() => refreshCatalog({ from, out: join(dir, 'x.json') })).toThrow(/not-json\.json is not valid JSON/);
  });

  it('the script exits 1 naming the bad entry and writes nothing', async () => {
    const from = join(dir, 'bad.json');
    const out = join(dir, 'bad-out.json');
    writeFileSync(
      from,
      JSON.stringify({
        'gpt-4o': { litellm_provider: 'openai', mode: 'chat', max_input_tokens: 'lots' },
        'gpt-4o-mini': { litellm_provider: 'openai', mode: 'chat', input_cost_per_token: 1e-7, output_cost_per_token: 1e-7 },
      }),
    );
    const run = promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/build-catalog.ts', from, '--out', out], {
      cwd: REPO_ROOT,
    });
    await expect(run).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/build-catalog: .*1 of 2 entries are malformed[\s\S]*"gpt-4o": field "max_input_tokens"/),
    });
    expect(existsSync(out)).toBe(false);
  });

  it('the script builds a catalog from a good file', async () => {
    const from = join(dir, 'good2.json');
    const out = join(dir, 'good2-out.json');
    writeFileSync(from, JSON.stringify(sampleSource()));
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/build-catalog.ts', from, '--out', out], { cwd: REPO_ROOT });
    expect(stdout).toContain('10 models');
    expect(Object.keys(JSON.parse(readFileSync(out, 'utf8')).models)).toContain('openai/gpt-4o');
  });
});
