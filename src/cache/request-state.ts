/** The cache's per-request state, in its context slot: settings, controls, keys, the question's vector, the verdict. */
import { slotKey } from '../pipeline/context.js';
import type { CacheControls } from './controls.js';
import type { Embedder } from './embedder.js';
import type { RequestKeys } from './request-key.js';
import type { ResponseRecorder } from './response-recorder.js';
import type { CacheSettings } from './settings.js';

/** What the lookup found out, for the record tap and the store hook. */
export interface CacheRequestState {
  settings: CacheSettings;
  controls: CacheControls;
  scope: string;
  alias: string;
  keys: RequestKeys;
  /** The semantic embedder, when this request matches by meaning. */
  embedder?: Embedder;
  /** The question's vector, once embedded (the store reuses the lookup's). */
  vector?: Float32Array;
  /** Served from the cache: nothing to store. */
  hit: boolean;
  /** A streamed miss being recorded. */
  recorder?: ResponseRecorder;
}

/** The cache's slot on the request context. */
export const CACHE_STATE = slotKey<CacheRequestState>('cache.state');
