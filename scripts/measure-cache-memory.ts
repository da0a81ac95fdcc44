/**
 * Memory per cache entry in the in-process store (docs/cache.md): fills a MemoryCacheStore with N
 * entries (an answer of ANSWER characters, a question of about 60) with and without semantic
 * vectors from the builtin embedder, and prints the heap growth per entry next to the store's own
 * byte estimate. Run: npx tsx --expose-gc scripts/measure-cache-memory.ts [--entries 50000] [--answer 400]
 */
import { parseArgs } from 'node:util';
import { BUILTIN_DIMENSIONS, embedText } from '../src/cache/builtin-embedder/index.js';
import type { CacheEntry } from '../src/cache/entry.js';
import { VectorIndex } from '../src/cache/vector-index.js';
import { MemoryCacheStore } from '../src/storage/memory/cache-store.js';

const { values } = parseArgs({ options: { entries: { type: 'string', default: '50000' }, answer: { type: 'string', default: '400' } } });
const entries = Number(values.entries);
const answerChars = Number(values.answer);

function heap(): number {
  globalThis.gc?.();
  globalThis.gc?.();
  // Typed arrays (the index's codes and tables) live outside the JS heap: count them too.
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

function entry(i: number, question: string): CacheEntry {
  const text = `Answer ${i}: ${'lorem ipsum dolor sit amet '.repeat(Math.ceil(answerChars / 27))}`.slice(0, answerChars);
  return {
    response: {
      id: `chatcmpl-${i}`,
      model: 'gpt-4o-mini-2024-07-18',
      created: 1_800_000_000,
      text,
      toolCalls: [],
      finishReason: 'stop',
      usage: { inputTokens: 30, outputTokens: 100 },
    },
    question,
    alias: 'gpt',
    scope: 'team:team_0123456789/key:key_0123456789',
    costUsd: 0.0001,
    createdAt: Date.now(),
    expiresAt: Date.now() + 86_400_000,
  };
}

function fill(semantic: boolean): { heapPerEntry: number; storeBytesPerEntry: number; indexBytesPerEntry: number } {
  const store = new MemoryCacheStore({
    maxBytes: 8 * 1024 ** 3,
    maxVectorsPerPartition: entries,
    createIndex: (dimensions, maxEntries) => new VectorIndex({ dimensions, maxEntries }),
  });
  const questions = Array.from({ length: entries }, (_, i) => `How do I configure feature number ${i} of the billing service for team ${i % 97}?`);
  const before = heap();
  for (let i = 0; i < entries; i++) {
    const key = `k${i.toString(36).padStart(42, '0')}`;
    // Embedded one at a time, as requests do: the float vector is garbage once the index took its codes.
    store.put(key, entry(i, questions[i]!), semantic ? { partition: 'p', vector: embedText(questions[i]!) } : undefined);
  }
  const after = heap();
  const stats = store.stats();
  const result = {
    heapPerEntry: Math.round((after - before) / entries),
    storeBytesPerEntry: Math.round(stats.bytes / entries),
    indexBytesPerEntry: Math.round(store.indexBytes() / entries),
  };
  void store.close();
  return result;
}

console.log(JSON.stringify({ entries, answerChars, dimensions: BUILTIN_DIMENSIONS, exact: fill(false), semantic: fill(true) }));
