/**
 * The `lookup` hook: finds a stored answer for the request, exactly (the canonical request's hash
 * within the caller's scope) or, in semantic mode, by meaning (the nearest stored question of the
 * same partition above the threshold that no near-miss guard rejects). A hit ends the request
 * with the answer replayed in the caller's format, streamed when it asked for a stream; a miss
 * lets it go on, with a recorder for the store phase when it streams. A store or embedder that
 * fails or times out is a miss: the cache only ever saves work, it never fails a request.
 */
import type { ChatRequest, ChatResponse } from '../core/types.js';
import type { RequestContext } from '../pipeline/context.js';
import type { Hook, HookOutcome } from '../pipeline/contract.js';
import { responsesTurn } from '../pipeline/operations/responses.js';
import type { Logger } from '../pipeline/services.js';
import { cacheControls } from './controls.js';
import type { Embedder } from './embedder.js';
import type { CacheEntry } from './entry.js';
import type { NearMissReason } from './near-miss.js';
import { replayBatches, replayEvents, replayResponse } from './replay.js';
import { requestKeys } from './request-key.js';
import { CACHE_STATE, type CacheRequestState } from './request-state.js';
import { ResponseRecorder } from './response-recorder.js';
import { scopeOf } from './scope.js';
import type { CompiledCacheSettings } from './settings.js';
import type { CacheStore } from './store-contract.js';

/** What the lookup hook needs. */
export interface LookupDeps {
  settings: CompiledCacheSettings;
  store: CacheStore;
  /** Embedders by config name (`builtin` or an alias). */
  embedders: ReadonlyMap<string, Embedder>;
  /** Rejects a candidate that answers a different question (near-miss.ts), naming why. */
  nearMiss(question: string, candidate: string): NearMissReason | undefined;
  /** Counts what happened (metrics); optional. */
  onLookup?(event: LookupEvent): void;
  logger: Logger;
  now?: () => number;
}

/** One lookup's outcome, for metrics. */
export type LookupEvent = { kind: 'hit' | 'semantic-hit' | 'miss' | 'bypass' | 'error' } | { kind: 'rejected'; reason: NearMissReason };

/** How many near neighbours a semantic lookup checks against the guards. */
const CANDIDATES = 4;

function hitOutcome(ctx: RequestContext<ChatRequest, ChatResponse>, entry: CacheEntry, now: number): HookOutcome<ChatResponse> {
  const id = `cached-${ctx.id}`;
  const created = Math.floor(now / 1000);
  ctx.costUsd = 0;
  ctx.costSavedUsd = entry.costUsd ?? 0;
  ctx.modelServed = entry.response.model;
  if (ctx.stream) return { type: 'stream', events: replayBatches(replayEvents(entry.response, id, created)) };
  const response = replayResponse(entry.response, id, created);
  ctx.usage = response.usage;
  ctx.finishReason = response.finishReason;
  return { type: 'response', response };
}

/** Creates the lookup hook. */
export function lookupHook(deps: LookupDeps): Hook<ChatRequest, ChatResponse> {
  const now = deps.now ?? Date.now;
  const note = (ctx: RequestContext, status: NonNullable<RequestContext['cacheStatus']>) => {
    ctx.cacheStatus = status;
    ctx.responseHeaders['x-switchboard-cache'] = status;
    deps.onLookup?.({ kind: status });
  };

  async function semanticMatch(
    ctx: RequestContext<ChatRequest, ChatResponse>,
    state: CacheRequestState,
  ): Promise<{ entry: CacheEntry; similarity: number } | undefined> {
    const { keys, settings, embedder } = state;
    if (!embedder || keys.partition === undefined || keys.question === undefined) return undefined;
    if (keys.question.length > settings.semantic.maxQuestionChars) return undefined;
    const embedded = embedder.embed(keys.question, ctx as RequestContext);
    state.vector = embedded instanceof Promise ? await embedded : embedded;
    const found = deps.store.nearest(keys.partition, state.vector, settings.semantic.threshold, CANDIDATES);
    const neighbours = found instanceof Promise ? await found : found;
    for (const { key, similarity } of neighbours) {
      const got = deps.store.get(key);
      const entry = got instanceof Promise ? await got : got;
      if (!entry?.question || entry.scope !== state.scope) continue;
      const reason = settings.semantic.guards ? deps.nearMiss(keys.question, entry.question) : undefined;
      if (reason) {
        deps.onLookup?.({ kind: 'rejected', reason });
        continue;
      }
      return { entry, similarity };
    }
    return undefined;
  }

  async function find(ctx: RequestContext<ChatRequest, ChatResponse>, state: CacheRequestState): Promise<HookOutcome<ChatResponse>> {
    try {
      const got = deps.store.get(state.keys.exact);
      const exact = got instanceof Promise ? await got : got;
      // The scope is hashed into the key already; comparing it again costs nothing and makes a collision harmless.
      if (exact && exact.scope === state.scope) {
        state.hit = true;
        note(ctx as RequestContext, 'hit');
        return hitOutcome(ctx, exact, now());
      }
      const semantic = state.settings.mode === 'semantic' ? await semanticMatch(ctx, state) : undefined;
      if (semantic) {
        state.hit = true;
        note(ctx as RequestContext, 'semantic-hit');
        ctx.responseHeaders['x-switchboard-cache-similarity'] = semantic.similarity.toFixed(4);
        return hitOutcome(ctx, semantic.entry, now());
      }
    } catch (err) {
      deps.onLookup?.({ kind: 'error' });
      deps.logger.warn({ requestId: ctx.id, err }, 'cache lookup failed; serving from upstream');
    }
    missed(ctx, state);
    return undefined;
  }

  function missed(ctx: RequestContext<ChatRequest, ChatResponse>, state: CacheRequestState): void {
    note(ctx as RequestContext, 'miss');
    // Characters, not bytes: a rough bound is enough to stop recording an answer too big to keep.
    if (ctx.stream && !state.controls.noStore) state.recorder = new ResponseRecorder(state.settings.maxEntryBytes / 2);
  }

  return {
    name: 'cache-lookup',
    run(ctx) {
      const alias = ctx.route?.group.name ?? ctx.modelRequested;
      const settings = deps.settings.forAlias(alias);
      if (settings.mode === 'off') return undefined;
      const controls = cacheControls(ctx.requestHeaders);
      // Log-probabilities describe one sampling; a replay would give back another request's.
      if (controls.bypass || ctx.request.logprobs) {
        note(ctx as RequestContext, 'bypass');
        return undefined;
      }
      const embedder = settings.mode === 'semantic' ? deps.embedders.get(settings.semantic.embedder) : undefined;
      const scope = scopeOf(ctx.identity, settings, controls.namespace);
      const turn = ctx.get(responsesTurn);
      const extra = turn && Object.keys(turn.nativeFields).length > 0 ? turn.nativeFields : undefined;
      const keys = requestKeys(ctx.request, { scope, alias, extra, embedder: embedder?.id });
      const state: CacheRequestState = { settings, controls, scope, alias, keys, hit: false, ...(embedder ? { embedder } : {}) };
      ctx.set(CACHE_STATE, state);
      if (controls.refresh) {
        missed(ctx, state);
        return undefined;
      }
      return find(ctx, state);
    },
  };
}
