/**
 * Embedders scripts/eval-cache.ts can measure: the builtin one, or any OpenAI-compatible
 * /v1/embeddings endpoint (a provider, or a Switchboard gateway's embeddings alias).
 */
import { request } from 'undici';
import { embedText } from '../src/cache/builtin-embedder/index.js';

/** Embeds many texts, in input order, as unit-length vectors. */
export type BatchEmbedder = (texts: string[]) => Promise<Float32Array[]>;

const BATCH_SIZE = 256;

/** The builtin embedder as a batch embedder. */
export const builtinBatchEmbedder: BatchEmbedder = async (texts) => texts.map(embedText);

function unit(values: number[]): Float32Array {
  const vector = Float32Array.from(values);
  let norm = 0;
  for (const value of vector) norm += value * value;
  if (norm > 0) for (let i = 0; i < vector.length; i++) vector[i]! /= Math.sqrt(norm);
  return vector;
}

/** The embeddings URL of a base URL given with or without its /v1 suffix. */
export function embeddingsUrl(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, '');
  return trimmed.endsWith('/v1') ? `${trimmed}/embeddings` : `${trimmed}/v1/embeddings`;
}

/** A batch embedder over an OpenAI-compatible endpoint; sends BATCH_SIZE inputs per request. */
export function openaiCompatibleBatchEmbedder(baseUrl: string, model: string, apiKey?: string): BatchEmbedder {
  const url = embeddingsUrl(baseUrl);
  return async (texts) => {
    const vectors: Float32Array[] = [];
    for (let start = 0; start < texts.length; start += BATCH_SIZE) {
      const input = texts.slice(start, start + BATCH_SIZE);
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (apiKey) headers.authorization = `Bearer ${apiKey}`;
      const response = await request(url, { method: 'POST', headers, body: JSON.stringify({ model, input }) });
      const text = await response.body.text();
      // The key never reaches the message: only the status and the start of the body.
      if (response.statusCode !== 200) throw new Error(`${url} answered ${response.statusCode}: ${text.slice(0, 300)}`);
      const body = JSON.parse(text) as { data?: Array<{ index: number; embedding: number[] }> };
      if (!Array.isArray(body.data) || body.data.length !== input.length)
        throw new Error(`${url} returned ${body.data?.length ?? 0} embeddings for ${input.length} inputs`);
      const ordered = [...body.data].sort((a, b) => a.index - b.index);
      for (const item of ordered) vectors.push(unit(item.embedding));
    }
    return vectors;
  };
}
