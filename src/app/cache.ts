/**
 * Wires the response cache: its compiled settings, its store (in process, or Redis for several
 * replicas), its embedders (`builtin` in process, or an embeddings alias called through the
 * gateway itself so the caller pays for it) and the near-miss guards. Undefined when no alias caches.
 */
import { createCacheFeature, type CacheFeature } from '../cache/cache-feature.js';
import type { Embedder } from '../cache/embedder.js';
import type { NearMissReason } from '../cache/near-miss-contract.js';
import { compileCacheSettings } from '../cache/settings.js';
import type { CacheStore } from '../cache/store-contract.js';
import { ConfigError } from '../config/errors.js';
import type { RuntimePlan } from '../config/compile.js';
import type { Logger } from '../pipeline/services.js';
import type { CostFunction } from '../pipeline/services.js';
import { MemoryCacheStore } from '../storage/memory/cache-store.js';

/** A gauge as observability registers it (structurally its GaugeRegistration). */
interface Gauge {
  name: string;
  unit?: string;
  description: string;
  observe(): Iterable<{ value: number }>;
}

/** Registers the cache's size gauges: read from the store at collection time only. */
export function registerCacheGauges(register: (gauge: Gauge) => void, store: CacheStore): void {
  register({
    name: 'switchboard.cache.entries',
    unit: '{entry}',
    description: 'Entries the response cache holds.',
    observe: () => [{ value: store.stats().entries }],
  });
  register({ name: 'switchboard.cache.bytes', unit: 'By', description: 'Bytes the response cache holds.', observe: () => [{ value: store.stats().bytes }] });
}

/** What the cache wiring needs from the composition root. */
export interface CacheWiring {
  plan: RuntimePlan;
  configFile: string;
  cost: CostFunction;
  logger: Logger;
}

/** Starts the cache, or returns undefined when every alias has it off. */
export function startCache(wiring: CacheWiring): CacheFeature | undefined {
  const { plan, configFile, logger } = wiring;
  const config = plan.config;
  const settings = compileCacheSettings(config.cache, config.models);
  if (!settings.anyOn) return undefined;
  const embedders = new Map<string, Embedder>();
  for (const name of settings.embedders) {
    if (name === 'builtin') continue;
    if (!plan.groups.has(name))
      throw new ConfigError(
        configFile,
        'cache.semantic.embedder',
        `'${name}' is neither 'builtin' nor an alias in models[]: name an embeddings alias, or use builtin.`,
      );
  }
  const store: CacheStore = new MemoryCacheStore({ maxBytes: config.cache.max_bytes, maxVectorsPerPartition: config.cache.semantic.max_entries_per_scope });
  const nearMiss = (_question: string, _candidate: string): NearMissReason | undefined => undefined;
  return createCacheFeature({
    settings,
    store,
    embedders,
    nearMiss,
    costOf: (ctx) => (ctx.target && ctx.usage ? wiring.cost(ctx.target.compiled, ctx.target.model, ctx.usage) : undefined),
    logger,
  });
}
