/**
 * The response cache as the plan builder sees it: a `lookup` hook, a `store` hook and the tap that
 * records streamed misses, over one store and the configured embedders. Built once at start.
 */
import type { Hook, StreamTap } from '../pipeline/contract.js';
import type { RequestContext } from '../pipeline/context.js';
import type { Logger } from '../pipeline/services.js';
import type { Embedder } from './embedder.js';
import { type LookupEvent, lookupHook } from './lookup-hook.js';
import type { NearMissReason } from './near-miss.js';
import type { CompiledCacheSettings } from './settings.js';
import type { CacheStore } from './store-contract.js';
import { PendingWrites, cacheRecordTap, storeHook } from './store-hook.js';

/** What the cache is built from. */
export interface CacheFeatureDeps {
  settings: CompiledCacheSettings;
  store: CacheStore;
  embedders: ReadonlyMap<string, Embedder>;
  nearMiss(question: string, candidate: string): NearMissReason | undefined;
  costOf(ctx: RequestContext): number | undefined;
  logger: Logger;
  onLookup?(event: LookupEvent): void;
  onStore?(outcome: 'stored' | 'skipped' | 'error'): void;
  now?: () => number;
}

/** The cache's hooks and tap, and what tests and shutdown need. */
export interface CacheFeature {
  hooks: { lookup: Hook; store: Hook };
  taps: readonly StreamTap[];
  store: CacheStore;
  /** Resolves once every background write started so far has landed. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** Builds the cache feature. */
export function createCacheFeature(deps: CacheFeatureDeps): CacheFeature {
  const pending = new PendingWrites();
  return {
    hooks: { lookup: lookupHook(deps) as Hook, store: storeHook(deps, pending) as Hook },
    taps: [cacheRecordTap],
    store: deps.store,
    flush: () => pending.flush(),
    async close() {
      await pending.flush();
      await deps.store.close();
    },
  };
}
