/**
 * The cache's alias embedder calls an embeddings alias through the gateway's own embeddings plan,
 * as the caller of the request being looked up: a child request (`<id>-embed`, an id the admin API can look up) that is admitted
 * against the caller's limits and budgets, dispatched with the alias's routing, settled in the
 * ledger and written to the request log as its own row. It never re-checks credentials.
 */
import type { EmbedThroughGateway } from '../cache/alias-embedder.js';
import { GatewayError } from '../core/errors.js';
import type { EmbeddingsRequest, EmbeddingsResponse } from '../core/types.js';
import { clientClosed, type RequestContext } from '../pipeline/context.js';
import { runInternal } from '../pipeline/internal-run.js';
import type { RoutePlan } from '../pipeline/route-plan.js';

/** How long a lookup waits for its embedding before it gives up and counts a miss. */
export const DEFAULT_EMBED_TIMEOUT_MS = 2_000;

/** What the internal embeddings call is built from. */
export interface InternalEmbeddingsOptions {
  /** The embeddings plan; a function, since the plans are built after the cache. */
  plan: () => RoutePlan<EmbeddingsRequest, EmbeddingsResponse> | undefined;
  /** The longest the call may take (the parent's own deadline and abort still apply). */
  timeoutMs?: number;
}

/** Builds the function the cache's alias embedders call. */
export function internalEmbeddings(options: InternalEmbeddingsOptions): EmbedThroughGateway {
  const timeoutMs = options.timeoutMs ?? DEFAULT_EMBED_TIMEOUT_MS;
  return async (parent: RequestContext, alias: string, texts: readonly string[]): Promise<number[][]> => {
    const plan = options.plan();
    if (!plan) throw new Error('the gateway is not serving yet: no embeddings plan');
    // The caller is gone or out of time: nothing to embed for, and nothing to bill.
    if (parent.abortReason) throw parent.abortReason;
    const ctx = parent.child<EmbeddingsRequest, EmbeddingsResponse>({
      requestId: childId(parent),
      startedAt: performance.now(),
      time: Date.now(),
      operation: 'embeddings',
      ingress: 'openai',
    });
    const followParent = () => ctx.abort(parent.abortReason ?? clientClosed());
    parent.signal.addEventListener('abort', followParent, { once: true });
    const timer = setTimeout(
      () => ctx.abort(new GatewayError('deadline_exceeded', 504, `The cache's embedding call to '${alias}' did not finish within ${timeoutMs} ms.`)),
      timeoutMs,
    );
    timer.unref();
    try {
      const request: EmbeddingsRequest = { model: alias, input: [...texts] };
      const result = await runInternal(plan, ctx, request);
      if (result.type === 'error') throw result.error;
      if (result.type !== 'response') throw new Error(`the embeddings alias '${alias}' answered a stream`);
      return result.response.embeddings;
    } finally {
      clearTimeout(timer);
      parent.signal.removeEventListener('abort', followParent);
    }
  };
}

/** Counts the embedding calls made for one parent request, so each has an id of its own. */
const callsOf = new WeakMap<RequestContext, number>();

/**
 * `<parent id>-embed`, then `-embed2`, ...: a lookup whose embedding failed embeds again when its
 * answer is stored, and each call is its own row in the log.
 */
function childId(parent: RequestContext): string {
  const calls = (callsOf.get(parent) ?? 0) + 1;
  callsOf.set(parent, calls);
  return calls === 1 ? `${parent.id}-embed` : `${parent.id}-embed${calls}`;
}
