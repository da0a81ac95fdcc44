/**
 * Wires the response cache: its compiled settings, its store (in process, or Redis for several
 * replicas), its embedders (`builtin` in process, or an embeddings alias called through the
 * gateway itself so the caller pays for it) and the near-miss guards. Undefined when no alias caches.
 */
import { createAliasEmbedder, type EmbedThroughGateway } from '../cache/alias-embedder.js';
import { createCacheFeature, type CacheFeature } from '../cache/cache-feature.js';
import type { Embedder } from '../cache/embedder.js';
import { lookupModel } from '../catalog/catalog.js';
import { BUILTIN_EMBEDDER_VERSION, embedText } from '../cache/builtin-embedder/index.js';
import { nearMissReason } from '../cache/near-miss.js';
import { compileCacheSettings } from '../cache/settings.js';
import type { CacheStore } from '../cache/store-contract.js';
import { ConfigError } from '../config/errors.js';
import type { RuntimePlan, Target } from '../config/compile.js';
import type { Logger } from '../pipeline/services.js';
import type { CostFunction } from '../pipeline/services.js';
import { MemoryCacheStore } from '../storage/memory/cache-store.js';
import { RedisCacheStore } from '../storage/redis/cache-store.js';
import { connectRedis, describeRedisUrl } from '../storage/redis/connect.js';

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
  /** Runs an embeddings alias through the gateway as the caller (internal-embeddings.ts), for alias embedders. */
  embedThroughGateway: EmbedThroughGateway;
}

/**
 * Why a target cannot embed, when that is plain from config and the catalog: its provider has no
 * embeddings API, or the catalog knows the model by name as a chat model. Unknown models pass.
 */
function notAnEmbeddingModel(target: Target): string | undefined {
  if (!target.compiled.provider.embeddings) return `provider '${target.providerId}' has no embeddings API`;
  const known = lookupModel(target.compiled.settings.type, target.model);
  if (known && (known.match === 'exact' || known.match === 'normalized') && known.mode !== 'embedding')
    return `'${target.providerId}/${target.model}' is a ${known.mode} model`;
  return undefined;
}

/** Starts the cache, or returns undefined when every alias has it off. */
export function startCache(wiring: CacheWiring): CacheFeature | undefined {
  const { plan, configFile, logger } = wiring;
  const config = plan.config;
  const settings = compileCacheSettings(config.cache, config.models);
  if (!settings.anyOn) return undefined;
  const embedders = new Map<string, Embedder>();
  for (const name of settings.embedders) {
    if (name === 'builtin') {
      embedders.set(name, { id: `builtin@${BUILTIN_EMBEDDER_VERSION}`, embed: embedText });
      continue;
    }
    if (!plan.groups.has(name))
      throw new ConfigError(
        configFile,
        'cache.semantic.embedder',
        `'${name}' is neither 'builtin' nor an alias in models[]: name an embeddings alias, or use builtin.`,
      );
    const targets = plan.groups.get(name)!.targets;
    for (const target of targets) {
      const why = notAnEmbeddingModel(target);
      if (why)
        throw new ConfigError(
          configFile,
          'cache.semantic.embedder',
          `the alias '${name}' cannot embed questions: ${why}. Name an embeddings alias, or use builtin.`,
        );
    }
    embedders.set(name, createAliasEmbedder({ alias: name, targets: targets.map((target) => target.key), embed: wiring.embedThroughGateway }));
  }
  const store = openCacheStore(wiring);
  return createCacheFeature({
    settings,
    store,
    embedders,
    nearMiss: nearMissReason,
    costOf: (ctx) => (ctx.target && ctx.usage ? wiring.cost(ctx.target.compiled, ctx.target.model, ctx.usage) : undefined),
    logger,
  });
}

/**
 * The store `cache.store` names: Redis when it says so (or says auto and `redis:` is set), else in
 * process. Opening Redis never waits for it: while it is away every lookup is a miss, logged.
 */
function openCacheStore(wiring: CacheWiring): CacheStore {
  const config = wiring.plan.config;
  const { store, semantic } = config.cache;
  if (store === 'redis' && !config.redis)
    throw new ConfigError(
      wiring.configFile,
      'cache.store',
      "'redis' needs the top-level redis: URL (redis://HOST:PORT) shared by the replicas. Set redis:, or use store: memory (or auto).",
    );
  if (store === 'memory' || !config.redis)
    return new MemoryCacheStore({ maxBytes: config.cache.max_bytes, maxVectorsPerPartition: semantic.max_entries_per_scope });
  const target = describeRedisUrl(config.redis);
  const client = connectRedis(config.redis, {
    // Under governance's prefix but apart from its counters (which never start with `cache:`).
    keyPrefix: `${config.governance.redis_prefix}cache:`,
    commandTimeoutMs: config.cache.redis_timeout_ms,
    onError: (message) => wiring.logger.warn({ redis: target, message }, 'cache redis unreachable: lookups miss until it answers'),
  });
  // Without entries held here, max_bytes bounds the vectors this replica holds (about 4 bytes a dimension).
  return new RedisCacheStore(client, {
    maxVectorsPerPartition: semantic.max_entries_per_scope,
    maxVectorsInProcess: Math.max(1_000, Math.floor(config.cache.max_bytes / VECTOR_BYTES_ESTIMATE)),
    ownsClient: true,
    logger: wiring.logger,
  });
}

/** Rough in-process bytes of one 384-dimension vector with its key and index slots. */
const VECTOR_BYTES_ESTIMATE = 384 * 4 + 400;
