/**
 * The cache's `store` hook and its recording tap. The tap assembles a streamed miss as it goes
 * out; the store phase runs only once a stream ended cleanly (a cut or errored stream never gets
 * there) or a body was whole. Stored: 200 answers that no feature altered, that are not refusals,
 * content-filter stops or empty, within the size limit, for callers that did not ask for no storage.
 * The write goes on in the background: a miss never waits for the cache.
 */
import type { ChatRequest, ChatResponse } from '../core/types.js';
import type { RequestContext } from '../pipeline/context.js';
import type { Hook, StreamTap } from '../pipeline/contract.js';
import type { Logger } from '../pipeline/services.js';
import { type CacheEntry, entryBytes } from './entry.js';
import { CACHE_STATE, type CacheRequestState } from './request-state.js';
import type { CacheStore } from './store-contract.js';

/** Records streamed misses for the store hook. */
export const cacheRecordTap: StreamTap = {
  name: 'cache-record',
  onEvent(event, ctx) {
    ctx.get(CACHE_STATE)?.recorder?.add(event);
    return undefined;
  },
};

/** What the store hook needs. */
export interface StoreDeps {
  store: CacheStore;
  /** What the answer cost upstream (the pipeline's cost function on ctx.target and ctx.usage). */
  costOf(ctx: RequestContext): number | undefined;
  /** Counts stored entries and refusals to store (metrics); optional. */
  onStore?(outcome: 'stored' | 'skipped' | 'error'): void;
  logger: Logger;
  now?: () => number;
}

/** Why this answer must not be kept, if it must not. */
function refusal(ctx: RequestContext<ChatRequest, ChatResponse>, state: CacheRequestState, response: ChatResponse | undefined): string | undefined {
  if (state.hit || state.controls.noStore || state.controls.bypass) return 'not asked';
  if (ctx.error || ctx.status !== 200 || ctx.abortReason) return 'an error';
  if (ctx.answerAlteredBy) return `altered by ${ctx.answerAlteredBy}`;
  if (!response) return 'incomplete';
  if (response.finishReason === 'content_filter' || response.finishReason === 'error' || response.refusal) return 'a refusal';
  // Nothing to replay, and what a refusal streamed by an upstream whose refusal deltas are not decoded looks like.
  if (!response.text && !response.reasoning && response.toolCalls.length === 0) return 'empty';
  if (response.nativeItems?.length || response.encryptedReasoning || response.logprobs) return 'not replayable';
  return undefined;
}

/** The background writes still in flight (close waits for them). */
export class PendingWrites {
  private readonly pending = new Set<Promise<void>>();
  add(write: Promise<void>): void {
    this.pending.add(write);
    void write.finally(() => this.pending.delete(write));
  }
  /** Resolves once every write started so far has finished. */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}

/** Creates the store hook; `pending` tracks its background writes. */
export function storeHook(deps: StoreDeps, pending: PendingWrites): Hook<ChatRequest, ChatResponse> {
  const now = deps.now ?? Date.now;
  return {
    name: 'cache-store',
    run(ctx) {
      const state = ctx.get(CACHE_STATE);
      if (!state) return undefined;
      const response = ctx.stream ? state.recorder?.result() : ctx.response;
      state.recorder = undefined;
      if (refusal(ctx, state, response)) {
        if (!state.hit) deps.onStore?.('skipped');
        return undefined;
      }
      const created = now();
      const entry: CacheEntry = {
        response: response!,
        alias: state.alias,
        scope: state.scope,
        createdAt: created,
        expiresAt: created + state.settings.ttlMs,
        ...(state.keys.question !== undefined && state.embedder ? { question: state.keys.question } : {}),
      };
      const cost = deps.costOf(ctx as RequestContext);
      if (cost !== undefined) entry.costUsd = cost;
      if (entryBytes(entry) > state.settings.maxEntryBytes) {
        deps.onStore?.('skipped');
        return undefined;
      }
      pending.add(write(deps, ctx, state, entry));
      return undefined;
    },
  };
}

async function write(deps: StoreDeps, ctx: RequestContext, state: CacheRequestState, entry: CacheEntry): Promise<void> {
  try {
    let semantic: { partition: string; vector: Float32Array } | undefined;
    const { keys, embedder } = state;
    if (embedder && keys.partition !== undefined && keys.question !== undefined && keys.question.length <= state.settings.semantic.maxQuestionChars) {
      // A refresh skipped the lookup, so the question may not be embedded yet.
      const vector = state.vector ?? (await embedder.embed(keys.question, ctx));
      semantic = { partition: keys.partition, vector };
    }
    await deps.store.put(keys.exact, entry, semantic);
    deps.onStore?.('stored');
  } catch (err) {
    deps.onStore?.('error');
    deps.logger.warn({ requestId: ctx.id, err }, 'cache write failed');
  }
}
