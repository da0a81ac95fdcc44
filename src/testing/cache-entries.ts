/** Cache entries and vectors for the cache store tests. */
import type { CacheEntry } from '../cache/entry.js';

/** A cache entry of a scope, created at `createdAt` and living an hour. */
export function cacheEntry(scope: string, text: string, createdAt: number, question?: string): CacheEntry {
  return {
    response: {
      id: `r-${text}`,
      model: 'gpt-4o-mini',
      created: Math.floor(createdAt / 1000),
      text,
      toolCalls: [],
      finishReason: 'stop',
      usage: { inputTokens: 3, outputTokens: 5 },
    },
    alias: 'gpt',
    scope,
    createdAt,
    expiresAt: createdAt + 3_600_000,
    costUsd: 0.001,
    ...(question !== undefined ? { question } : {}),
  };
}

/** A unit vector of 8 dimensions pointing mostly along axis `i` (tilted a little towards the next one by `tilt`). */
export function unitVector(i: number, tilt = 0): Float32Array {
  const v = new Float32Array(8);
  v[i % 8] = 1;
  v[(i + 1) % 8] = tilt;
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}
