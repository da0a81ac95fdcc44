/** Which cache store the config picks, the error when Redis is asked for without a URL, and a start with Redis down. */
import { afterEach, describe, expect, it } from 'vitest';
import type { CacheFeature } from '../cache/cache-feature.js';
import { compilePlan } from '../config/compile.js';
import { parseConfig } from '../config/load.js';
import { PROVIDERS } from '../providers/registry.js';
import { MemoryCacheStore } from '../storage/memory/cache-store.js';
import { RedisCacheStore } from '../storage/redis/cache-store.js';
import { closedPort } from '../testing/closed-port.js';
import { thrownConfigError } from '../testing/config-error.js';
import { startCache } from './cache.js';

const FILE = '/etc/switchboard/cache.yaml';
const started: CacheFeature[] = [];
afterEach(async () => {
  for (const feature of started.splice(0)) await feature.close();
});

function start(lines: string[]): CacheFeature | undefined {
  const text = [
    'providers: [{ id: sim, type: openai, api_key: sk-x, base_url: "http://127.0.0.1:9/v1" }]',
    'models: [{ name: gpt, targets: [{ provider: sim, model: gpt-4o-mini }] }]',
    ...lines,
  ].join('\n');
  const loaded = parseConfig(text, FILE, {});
  const plan = compilePlan(loaded.config, FILE, PROVIDERS, {});
  const logger = { warn: () => {}, error: () => {}, info: () => {} };
  const feature = startCache({ plan, configFile: FILE, cost: () => undefined, logger, embedThroughGateway: async () => [[1]] });
  if (feature) started.push(feature);
  return feature;
}

describe('cache store wiring', () => {
  it('refuses store: redis without a redis: URL, naming cache.store and the fix', () => {
    const error = thrownConfigError(() => start(['cache: { mode: exact, store: redis }']));
    expect(error.message).toContain('cache.store');
    expect(error.message).toContain('redis:');
  });

  it('picks Redis for auto when redis: is set, memory otherwise, and memory when told to', () => {
    expect(start(['cache: { mode: exact }'])!.store).toBeInstanceOf(MemoryCacheStore);
    expect(start(['redis: redis://127.0.0.1:6379', 'cache: { mode: exact }'])!.store).toBeInstanceOf(RedisCacheStore);
    expect(start(['redis: redis://127.0.0.1:6379', 'cache: { mode: exact, store: redis }'])!.store).toBeInstanceOf(RedisCacheStore);
    expect(start(['redis: redis://127.0.0.1:6379', 'cache: { mode: exact, store: memory }'])!.store).toBeInstanceOf(MemoryCacheStore);
  });

  it('starts with Redis down; the store then rejects, which the lookup turns into a miss', async () => {
    const port = await closedPort();
    const feature = start([`redis: redis://127.0.0.1:${port}`, 'cache: { mode: exact }']);
    await expect(Promise.resolve(feature!.store.get('k'))).rejects.toThrow();
  });
});
