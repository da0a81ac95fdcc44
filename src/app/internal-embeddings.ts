/**
 * The cache's alias embedder calls an embeddings alias through the gateway's own embeddings plan,
 * as the caller of the request being looked up: a child request (`<id>-embed`, an id the admin API can look up) that is admitted
 * against the caller's limits and budgets, dispatched with the alias's routing, settled in the
 * ledger and written to the request log as its own row. It never re-checks credentials.
 */
import type { EmbedThroughGateway } from '../cache/alias-embedder.js';
import { GatewayError } from '../core/errors.js';
import type { EmbeddingsRequest, EmbeddingsResponse } from '../core/types.js';
import type { RequestContext } from '../pipeline/context.js';
import type { RoutePlan } from '../pipeline/route-plan.js';
import { childIds, runInternalCall } from './internal-call.js';

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
    const response = await runInternalCall<EmbeddingsRequest, EmbeddingsResponse>({
      plan: options.plan(),
      parent,
      operation: 'embeddings',
      childId: embedChildId,
      request: { model: alias, input: [...texts] },
      timeoutMs,
      timedOut: () => new GatewayError('deadline_exceeded', 504, `The cache's embedding call to '${alias}' did not finish within ${timeoutMs} ms.`),
      streamed: () => new Error(`the embeddings alias '${alias}' answered a stream`),
    });
    return response.embeddings;
  };
}

/**
 * `<parent id>-embed`, then `-embed2`, ...: a lookup whose embedding failed embeds again when its
 * answer is stored, and each call is its own row in the log.
 */
const embedChildId = childIds('-embed');
