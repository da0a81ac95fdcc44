/**
 * Config errors name the file, the path inside it (and the line where one is known) and the
 * fix, for every way a config can be wrong; optional providers with unset variables are skipped.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startGateway } from '../../src/app/gateway.js';
import { compilePlan } from '../../src/config/compile.js';
import { ConfigError } from '../../src/config/errors.js';
import { loadConfigFile, parseConfig } from '../../src/config/load.js';
import { PROVIDERS } from '../../src/providers/registry.js';

const FILE = '/etc/switchboard/test-config.yaml';
const dir = mkdtempSync(join(tmpdir(), 'switchboard-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Parses and compiles; returns the ConfigError it must throw. */
function configError(text: string, env: NodeJS.ProcessEnv = {}): ConfigError {
  try {
    const loaded = parseConfig(text, FILE, env);
    compilePlan(loaded.config, FILE, PROVIDERS, env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    const error = err as ConfigError;
    expect(error.message.startsWith(FILE)).toBe(true);
    expect(error.message).not.toMatch(/\n\s+at /);
    return error;
  }
  throw new Error('expected a ConfigError');
}

const yaml = (...lines: string[]) => `${lines.join('\n')}\n`;

describe('config errors', () => {
  it('reports invalid YAML with its line number', () => {
    const error = configError(yaml('server:', '  port: 8080', ' providers: [', '  - id: a'));
    expect(error.line).toBe(3);
    expect(error.message).toContain(`${FILE}:3:`);
    expect(error.message).toMatch(/invalid YAML/);
    expect(error.message).toMatch(/indentation/);
  });

  it('reports invalid YAML deeper in the file with the right line', () => {
    const error = configError(yaml('providers:', '  - id: a', '    type: openai', '   api_key: x'));
    expect(error.line).toBe(4);
  });

  it('reports an unknown key with its path and line, and says to remove or fix it', () => {
    const error = configError(yaml('providers:', '  - id: a', '    type: openai', '    apikey: x'));
    expect(error.path).toBe('providers[0]');
    expect(error.message).toContain("'apikey'");
    expect(error.message).toMatch(/remove .* or check the spelling/);
    expect(error.line).toBeGreaterThanOrEqual(2);
    expect(configError(yaml('provders: []')).message).toContain("'provders'");
  });

  it('reports a wrong type with its path and line', () => {
    const error = configError(yaml('server:', '  host: 127.0.0.1', '  port: "abc"'));
    expect(error.path).toBe('server.port');
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/expected number/);
    expect(configError(yaml('providers:', '  - id: a', '    type: openai', '    api_key: 5')).path).toBe('providers[0].api_key');
    expect(configError(yaml('providers: hello')).path).toBe('providers');
  });

  it('refuses a file that is not a mapping', () => {
    expect(configError(yaml('- a', '- b')).message).toMatch(/mapping/);
  });

  it('reports an unknown provider type, listing the known ones', () => {
    const error = configError(yaml('providers:', '  - id: a', '    type: opnai', '    api_key: x'));
    expect(error.path).toBe('providers[0].type');
    expect(error.message).toContain("'opnai'");
    expect(error.message).toMatch(/Known types: .*openai/);
  });

  it('reports a missing required api_key, suggesting ${ENV_VAR}', () => {
    const error = configError(yaml('providers:', '  - id: a', '    type: openai'));
    expect(error.path).toBe('providers[0].api_key');
    expect(error.message).toMatch(/needs 'api_key'/);
    expect(error.message).toContain('${ENV_VAR}');
  });

  it('reports a model target naming an unknown provider id, listing the defined ids', () => {
    const error = configError(
      yaml('providers:', '  - id: a', '    type: openai', '    api_key: x', 'models:', '  - name: m', '    targets:', '      - { provider: b, model: x }'),
    );
    expect(error.path).toBe('models[0].targets[0].provider');
    expect(error.message).toContain("'b'");
    expect(error.message).toMatch(/Defined ids: a/);
  });

  it('reports duplicate provider ids and duplicate model names', () => {
    const providers = configError(yaml('providers:', '  - { id: a, type: openai, api_key: x }', '  - { id: a, type: openai, api_key: y }'));
    expect(providers.path).toBe('providers[1].id');
    expect(providers.message).toMatch(/duplicate provider id 'a'.*unique/);
    const models = configError(
      yaml(
        'providers:',
        '  - { id: a, type: openai, api_key: x }',
        'models:',
        '  - { name: m, targets: [{ provider: a, model: x }] }',
        '  - { name: m, targets: [{ provider: a, model: y }] }',
      ),
    );
    expect(models.path).toBe('models[1].name');
  });

  it('names a missing ${ENV} variable, its path and line, and the three fixes', () => {
    const error = configError(yaml('providers:', '  - id: a', '    type: openai', '    api_key: ${MY_OPENAI_KEY}'), { OTHER: 'x' });
    expect(error.path).toBe('providers[0].api_key');
    expect(error.line).toBe(4);
    expect(error.message).toContain('${MY_OPENAI_KEY} is not set');
    expect(error.message).toContain('${MY_OPENAI_KEY:-value}');
    expect(error.message).toContain('optional: true');
  });

  it('uses a set variable and a ${VAR:-default}', () => {
    const loaded = parseConfig(
      yaml('providers:', '  - id: a', '    type: openai', '    api_key: ${KEY}', '    base_url: ${URL:-http://127.0.0.1:9/v1}'),
      FILE,
      {
        KEY: 'k1',
      },
    );
    const plan = compilePlan(loaded.config, FILE, PROVIDERS, {});
    expect(plan.providers.get('a')?.settings.apiKey).toBe('k1');
    expect(plan.providers.get('a')?.settings.baseUrl).toBe('http://127.0.0.1:9/v1');
  });

  it('skips an optional provider whose variable is missing, and removes its models', () => {
    const loaded = parseConfig(
      yaml(
        'providers:',
        '  - { id: maybe, type: openai, api_key: "${MAYBE_KEY}", optional: true }',
        '  - { id: sure, type: openai, api_key: k }',
        'models:',
        '  - { name: only-maybe, targets: [{ provider: maybe, model: x }] }',
        '  - { name: both, targets: [{ provider: maybe, model: x }, { provider: sure, model: y }] }',
      ),
      FILE,
      {},
    );
    expect(loaded.notes).toEqual(["provider 'maybe' skipped: ${MAYBE_KEY} not set"]);
    const plan = compilePlan(loaded.config, FILE, PROVIDERS, {});
    expect([...plan.providers.keys()]).toEqual(['sure']);
    expect(plan.modelNames).toEqual(['both']);
    expect(plan.models.get('both')?.map((t) => t.providerId)).toEqual(['sure']);
  });

  it('keeps an optional provider whose variables are set', () => {
    const loaded = parseConfig(yaml('providers:', '  - { id: maybe, type: openai, api_key: "${MAYBE_KEY}", optional: true }'), FILE, { MAYBE_KEY: 'k' });
    expect(loaded.notes).toEqual([]);
    expect(compilePlan(loaded.config, FILE, PROVIDERS, {}).providers.has('maybe')).toBe(true);
  });

  it('reports a missing file with the fix', () => {
    const missing = join(dir, 'nope.yaml');
    expect(() => loadConfigFile(missing, {})).toThrow(ConfigError);
    expect(() => loadConfigFile(missing, {})).toThrow(/file not found. Pass --config/);
  });
});

describe('startGateway refusals', () => {
  it('refuses a non-loopback host without admin_key, before binding anything', async () => {
    const file = join(dir, 'open.yaml');
    writeFileSync(file, yaml('server: { host: 0.0.0.0, port: 0 }', `storage: sqlite:${join(dir, 'open.db')}`));
    const error = (await startGateway({ configFile: file, env: {} }).catch((err: unknown) => err)) as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.path).toBe('server.host');
    expect(error.message).toContain(file);
    expect(error.message).toMatch(/admin_key/);
    expect(error.message).toMatch(/--allow-public-open-mode/);
  });

  it('accepts loopback hosts in open mode', async () => {
    const file = join(dir, 'loopback.yaml');
    writeFileSync(file, yaml('server: { host: 127.0.0.1, port: 0 }', `storage: sqlite:${join(dir, 'loopback.db')}`));
    const gateway = await startGateway({ configFile: file, env: {} });
    expect(gateway.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await gateway.close();
  });
});
