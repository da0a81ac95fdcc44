/** compilePlan's direct_models switch and resolveTargets' answer for direct PROVIDER_ID/MODEL calls. */
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../core/errors.js';
import { PROVIDERS } from '../providers/registry.js';
import { compilePlan, resolveTargets } from './compile.js';
import { ConfigError } from './errors.js';
import { type Config, configSchema } from './schema.js';

const FILE = '/etc/switchboard/config.yaml';

function plan(extra: Record<string, unknown> = {}) {
  const config: Config = configSchema.parse({
    providers: [
      { id: 'oa', type: 'openai', api_key: 'k' },
      { id: 'local', type: 'ollama' },
    ],
    models: [{ name: 'fast', targets: [{ provider: 'oa', model: 'gpt-4o-mini' }] }],
    ...extra,
  });
  return compilePlan(config, FILE, PROVIDERS, {});
}

function refusal(p: ReturnType<typeof plan>, model: string): GatewayError {
  try {
    resolveTargets(p, model);
  } catch (err) {
    if (err instanceof GatewayError) return err;
    throw err;
  }
  throw new Error(`expected '${model}' to be refused`);
}

const direct = (p: ReturnType<typeof plan>, model: string) => resolveTargets(p, model)?.map((t) => [t.providerId, t.model]);

describe('direct_models defaults', () => {
  it('opens every provider without admin_key (loopback open mode)', () => {
    const p = plan();
    expect([...p.directProviders]).toEqual(['oa', 'local']);
    expect(direct(p, 'oa/gpt-4o')).toEqual([['oa', 'gpt-4o']]);
    expect(direct(p, 'local/llama3.2:3b')).toEqual([['local', 'llama3.2:3b']]);
  });

  it('closes every provider when admin_key is set', () => {
    const p = plan({ admin_key: 'secret' });
    expect(p.directProviders.size).toBe(0);
    expect(refusal(p, 'oa/gpt-4o')).toMatchObject({ code: 'model_not_found', status: 404, param: 'model' });
    // Aliases are not direct calls.
    expect(direct(p, 'fast')).toEqual([['oa', 'gpt-4o-mini']]);
  });
});

describe('direct_models set explicitly', () => {
  it('true opens every provider even with admin_key; false closes them without it', () => {
    expect(direct(plan({ admin_key: 'secret', direct_models: true }), 'local/x')).toEqual([['local', 'x']]);
    expect(refusal(plan({ direct_models: false }), 'local/x').code).toBe('model_not_found');
  });

  it('a list opens only the providers it names', () => {
    const p = plan({ admin_key: 'secret', direct_models: ['local'] });
    expect(direct(p, 'local/qwen2.5')).toEqual([['local', 'qwen2.5']]);
    const error = refusal(p, 'oa/gpt-4o');
    expect(error).toMatchObject({ code: 'model_not_found', status: 404, param: 'model' });
    expect(error.message).toBe(
      "The model 'oa/gpt-4o' does not exist: direct calls to provider 'oa' are disabled. Use a model alias (GET /v1/models lists them), or allow direct calls with the config field direct_models (true, or a list including 'oa').",
    );
    expect(plan({ direct_models: [] }).directProviders.size).toBe(0);
  });

  it('leaves unknown names unknown: no provider, no slash, or an alias that wins over a direct call', () => {
    const p = plan({ direct_models: false });
    expect(resolveTargets(p, 'nope/gpt-4o')).toBeUndefined();
    expect(resolveTargets(p, 'gpt-4o')).toBeUndefined();
    expect(resolveTargets(p, '/gpt-4o')).toBeUndefined();
    const aliased = plan({ direct_models: false, models: [{ name: 'oa/gpt-4o', targets: [{ provider: 'local', model: 'llama3.2' }] }] });
    expect(direct(aliased, 'oa/gpt-4o')).toEqual([['local', 'llama3.2']]);
  });

  it('refuses a list entry that names no provider, with the file and the path', () => {
    expect(() => plan({ direct_models: ['local', 'openai'] })).toThrow(ConfigError);
    try {
      plan({ direct_models: ['local', 'openai'] });
    } catch (err) {
      expect((err as ConfigError).path).toBe('direct_models[1]');
      expect((err as ConfigError).message).toBe(`${FILE}: at 'direct_models[1]': no provider with id 'openai'. Defined ids: oa, local.`);
    }
  });
});

describe('providers[].api', () => {
  const compileWith = (entry: Record<string, unknown>) =>
    compilePlan(configSchema.parse({ providers: [{ id: 'oa', type: 'openai', api_key: 'k' }, entry] }), FILE, PROVIDERS, {});
  const configError = (entry: Record<string, unknown>): ConfigError => {
    try {
      compileWith(entry);
    } catch (err) {
      if (err instanceof ConfigError) return err;
      throw err;
    }
    throw new Error('expected a ConfigError');
  };

  it('chooses the chat codec once, at compile time: Chat Completions by default, the Responses API under api: responses', () => {
    const p = compileWith({ id: 'resp', type: 'openai', api_key: 'k', api: 'responses' });
    const openai = PROVIDERS.get('openai')!;
    expect(p.providers.get('oa')!.chat).toBe(openai.chat);
    expect(p.providers.get('resp')!.chat).toBe(openai.responses);
    expect(compileWith({ id: 'c', type: 'openai', api_key: 'k', api: 'chat' }).providers.get('c')!.chat).toBe(openai.chat);
    const azure = compileWith({ id: 'az', type: 'azure-openai', api_key: 'k', base_url: 'https://r.openai.azure.com', api: 'responses' });
    expect(azure.providers.get('az')!.chat).toBe(PROVIDERS.get('azure-openai')!.responses);
    // Direct calls share the compiled provider, and with it the choice.
    expect(resolveTargets(p, 'resp/gpt-5')![0]!.compiled.chat).toBe(openai.responses);
  });

  it('refuses api on a type without a Responses API, naming the path and the types that have one', () => {
    const error = configError({ id: 'claude', type: 'anthropic', api_key: 'k', api: 'responses' });
    expect(error.path).toBe('providers[1].api');
    expect(error.message).toBe(
      `${FILE}: at 'providers[1].api': provider type 'anthropic' has only one API; 'api' chooses between Chat Completions and the Responses API for types azure-openai, openai. Remove it.`,
    );
    expect(configError({ id: 'g', type: 'groq', api_key: 'k', api: 'chat' }).path).toBe('providers[1].api');
  });

  it('refuses api: responses on an Azure api_version older than the Responses API', () => {
    const error = configError({
      id: 'az',
      type: 'azure-openai',
      api_key: 'k',
      base_url: 'https://r.openai.azure.com',
      api_version: '2024-10-21',
      api: 'responses',
    });
    expect(error.path).toBe('providers[1]');
    expect(error.message).toContain("api: responses needs an api_version with the Responses API ('v1', or '2025-03-01-preview' or later); got '2024-10-21'.");
    const preview = compileWith({
      id: 'az',
      type: 'azure-openai',
      api_key: 'k',
      base_url: 'https://r.openai.azure.com',
      api_version: '2025-04-01-preview',
      api: 'responses',
    });
    expect(preview.providers.get('az')!.settings.api).toBe('responses');
  });

  it('refuses a value other than chat or responses', () => {
    expect(configSchema.safeParse({ providers: [{ id: 'x', type: 'openai', api: 'completions' }] }).success).toBe(false);
  });
});
