/** How the semantic cache turns a question into a vector. */
import type { RequestContext } from '../pipeline/context.js';

/** Embeds questions into unit vectors; `id` changes whenever the vectors would (model or weights). */
export interface Embedder {
  /** Name and version, e.g. `builtin@3` or `alias:text-embed`: partitions are keyed by it. */
  readonly id: string;
  /** Embeds one question for the request (an alias embedder is billed to the request's caller). */
  embed(text: string, ctx: RequestContext): Float32Array | Promise<Float32Array>;
}
