/**
 * The embedder for `cache.semantic.embedder: <alias>`: embeds the question by calling an
 * embeddings alias through the gateway itself, as the caller, so the call is limited, billed and
 * logged like any of theirs. The call is a function handed in by the composition root (the cache
 * never reaches the pipeline's plans); a failed call throws, which the lookup counts as a miss.
 */
import { createHash } from 'node:crypto';
import type { RequestContext } from '../pipeline/context.js';
import type { Embedder } from './embedder.js';

/** Runs an embeddings request for `texts` through the gateway's embeddings plan on behalf of `ctx`'s caller; throws when it fails. */
export type EmbedThroughGateway = (ctx: RequestContext, alias: string, texts: readonly string[]) => Promise<number[][]>;

/** What an alias embedder is built from. */
export interface AliasEmbedderOptions {
  /** The embeddings alias in models[]. */
  alias: string;
  /** Its targets as `provider/model`, in order: the embedder's id changes when they do. */
  targets: readonly string[];
  embed: EmbedThroughGateway;
}

/**
 * The id: the alias and a short hash of its targets. Vectors from another model live in another
 * partition (the id is in the partition key), so changing the alias's model never compares
 * vectors of two models, and the old entries simply age out.
 */
export function aliasEmbedderId(alias: string, targets: readonly string[]): string {
  const hash = createHash('sha256').update(JSON.stringify(targets)).digest('hex').slice(0, 12);
  return `alias:${alias}@${hash}`;
}

/** The vector scaled to unit length, as the store's cosine (a dot product) expects; throws on an empty or all-zero vector. */
export function unitVector(values: readonly number[]): Float32Array {
  let sum = 0;
  for (const value of values) {
    if (!Number.isFinite(value)) throw new Error('the embedding holds a value that is not a finite number');
    sum += value * value;
  }
  if (values.length === 0 || sum === 0) throw new Error('the embedding is empty or all zeros: it cannot be compared');
  const norm = Math.sqrt(sum);
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i]! / norm;
  return out;
}

/** Creates the embedder of one embeddings alias. */
export function createAliasEmbedder(options: AliasEmbedderOptions): Embedder {
  const { alias, embed } = options;
  return {
    id: aliasEmbedderId(alias, options.targets),
    async embed(text: string, ctx: RequestContext): Promise<Float32Array> {
      const vectors = await embed(ctx, alias, [text]);
      const vector = vectors[0];
      if (vectors.length !== 1 || !vector) throw new Error(`the embeddings alias '${alias}' answered ${vectors.length} vectors for one question`);
      return unitVector(vector);
    },
  };
}
