/** startCache's embedder wiring: an embeddings alias becomes an alias embedder; an alias that clearly cannot embed stops the start. */
import { describe, expect, it } from 'vitest';
import { compilePlan } from '../config/compile.js';
import { ConfigError } from '../config/errors.js';
import { type Config, configSchema } from '../config/schema.js';
import { PROVIDERS } from '../providers/registry.js';
import { startCache } from './cache.js';

const FILE = '/etc/switchboard/config.yaml';
const noLog = { error() {}, warn() {}, info() {} };

function start(embedder: string) {
  const config: Config = configSchema.parse({
    providers: [
      { id: 'oa', type: 'openai', api_key: 'k' },
      { id: 'an', type: 'anthropic', api_key: 'k' },
    ],
    models: [
      { name: 'embed', targets: [{ provider: 'oa', model: 'text-embedding-3-small' }] },
      { name: 'custom', targets: [{ provider: 'oa', model: 'my-own-embedder' }] },
      { name: 'fast', targets: [{ provider: 'oa', model: 'gpt-4o-mini' }] },
      { name: 'claude', targets: [{ provider: 'an', model: 'claude-sonnet-4' }] },
    ],
    cache: { mode: 'semantic', semantic: { embedder } },
  });
  const plan = compilePlan(config, FILE, PROVIDERS, {});
  return startCache({ plan, configFile: FILE, cost: () => undefined, logger: noLog, embedThroughGateway: async () => [[1]] });
}

function configError(embedder: string): ConfigError {
  try {
    start(embedder);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error(`expected '${embedder}' to be refused`);
}

describe('cache embedder wiring', () => {
  it('accepts an embeddings alias, and a model the catalog does not know', async () => {
    const cache = start('embed');
    expect(cache).toBeDefined();
    await cache?.close();
    const custom = start('custom');
    expect(custom).toBeDefined();
    await custom?.close();
  });

  it('refuses an alias whose target the catalog knows as a chat model, or whose provider cannot embed', () => {
    expect(configError('fast').message).toMatch(/'fast' cannot embed questions: 'oa\/gpt-4o-mini' is a chat model/);
    expect(configError('claude').message).toMatch(/'claude' cannot embed questions: provider 'an' has no embeddings API/);
    expect(configError('nowhere').message).toMatch(/neither 'builtin' nor an alias/);
  });
});
