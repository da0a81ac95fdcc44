/**
 * The `direct_models` switch: bad values are config errors naming the file and path, a skipped
 * optional provider drops out of the list, and through a running gateway a closed provider
 * answers like an unknown model (404 model_not_found) in the caller's format, saying why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compilePlan } from '../../src/config/compile.js';
import { ConfigError } from '../../src/config/errors.js';
import { parseConfig } from '../../src/config/load.js';
import { PROVIDERS } from '../../src/providers/registry.js';
import { startStack, type TestStack } from '../../src/testing/stack.js';
import { expectAnthropicError, expectOpenAIError, postJson } from '../bad-input/http.js';

const FILE = '/etc/switchboard/test-config.yaml';
const yaml = (...lines: string[]) => `${lines.join('\n')}\n`;
const PROVIDER_LINES = ['providers:', '  - { id: a, type: openai, api_key: x }', '  - { id: b, type: ollama }'];

function configError(text: string, env: NodeJS.ProcessEnv = {}): ConfigError {
  try {
    compilePlan(parseConfig(text, FILE, env).config, FILE, PROVIDERS, env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message.startsWith(FILE)).toBe(true);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('direct_models config errors', () => {
  it('refuses a value that is not true, false or a list, with path and line', () => {
    for (const value of ['yes', '3', '{ a: true }', '[a, 3]']) {
      const error = configError(yaml(...PROVIDER_LINES, `direct_models: ${value}`));
      expect(error.path, value).toBe('direct_models');
      expect(error.line, value).toBe(4);
      expect(error.message, value).toMatch(/must be true, false or a list of provider ids/);
    }
    expect(configError(yaml(...PROVIDER_LINES, 'direct_models: [a, ""]')).path).toBe('direct_models[1]');
  });

  it('refuses a provider id that is not defined, listing the defined ids', () => {
    const error = configError(yaml(...PROVIDER_LINES, 'direct_models: [b, openai]'));
    expect(error.path).toBe('direct_models[1]');
    expect(error.message).toContain("no provider with id 'openai'. Defined ids: a, b.");
  });

  it('drops an optional provider skipped for an unset variable from the list', () => {
    const text = yaml(
      'providers:',
      '  - { id: maybe, type: openai, api_key: "${MAYBE_KEY}", optional: true }',
      '  - { id: b, type: ollama }',
      'direct_models: [maybe, b]',
    );
    const loaded = parseConfig(text, FILE, {});
    expect(loaded.config.direct_models).toEqual(['b']);
    expect([...compilePlan(loaded.config, FILE, PROVIDERS, {}).directProviders]).toEqual(['b']);
  });
});

describe('direct_models through a running gateway', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({
      providers: [
        { id: 'open', type: 'openai', api_key: 'sk', base_url: '${SIM}/v1' },
        { id: 'closed', type: 'openai', api_key: 'sk', base_url: '${SIM}/v1' },
      ],
      models: [{ name: 'small', targets: [{ provider: 'closed', model: 'sim-small' }] }],
      extra: { direct_models: ['open'] },
    });
  });
  afterAll(async () => stack?.close());

  const chat = (model: string) => postJson(`${stack.url}/v1/chat/completions`, { model, messages: [{ role: 'user', content: 'hi' }] });

  it('serves aliases and direct calls to listed providers', async () => {
    expect((await chat('small')).status).toBe(200);
    expect((await chat('open/sim-small')).status).toBe(200);
  });

  it('answers a direct call to an unlisted provider like an unknown model, saying how to enable it', async () => {
    const { error } = expectOpenAIError(await chat('closed/sim-small'), 404, 'model_not_found');
    expect(error.param).toBe('model');
    expect(error.message).toMatch(/direct calls to provider 'closed' are disabled.*direct_models/);
    const anthropic = await postJson(`${stack.url}/v1/messages`, { model: 'closed/sim-small', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] });
    expect(expectAnthropicError(anthropic, 404, 'model_not_found').error.type).toBe('not_found_error');
    const embeddings = await postJson(`${stack.url}/v1/embeddings`, { model: 'closed/sim-embed', input: 'hi' });
    expect(expectOpenAIError(embeddings, 404, 'model_not_found').error.message).toMatch(/direct calls to provider 'closed' are disabled/);
  });
});
