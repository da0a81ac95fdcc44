/**
 * Micro-measurement of the builtin embedder and the near-miss guards (about 10 s, one core; best of five rounds):
 * import time of the weights, time to embed a ~200-character text, time per guard check of a pair.
 *
 *   npx tsx scripts/measure-cache-embedder.ts
 */
import { defaultPawsxDir, loadPawsx } from './cache-data.js';

const importStart = performance.now();
const { embedText } = await import('../src/cache/builtin-embedder/index.js');
const importMs = performance.now() - importStart;
const { nearMissReason } = await import('../src/cache/near-miss.js');

const pairs = loadPawsx(defaultPawsxDir());
const texts = pairs.map((pair) => pair.text1).filter((text) => text.length >= 150 && text.length <= 250);

function perCallMicroseconds(calls: number, run: (i: number) => void): number {
  for (let i = 0; i < 2000; i++) run(i); // warm-up
  // Best of five rounds: on a shared machine the minimum is the figure least disturbed by others.
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 5; round++) {
    const start = performance.now();
    for (let i = 0; i < calls; i++) run(i);
    best = Math.min(best, ((performance.now() - start) * 1000) / calls);
  }
  return best;
}

const meanLength = texts.reduce((sum, text) => sum + text.length, 0) / texts.length;
const embedUs = perCallMicroseconds(20000, (i) => embedText(texts[i % texts.length]!));
const guardUs = perCallMicroseconds(20000, (i) => nearMissReason(pairs[i % pairs.length]!.text1, pairs[i % pairs.length]!.text2));
console.log(`import of embedder + weights: ${importMs.toFixed(1)} ms (includes tsx transpiling)`);
console.log(`embedText: ${embedUs.toFixed(1)} µs per text (mean ${meanLength.toFixed(0)} characters, ${texts.length} PAWS-X texts of 150-250 characters)`);
console.log(`nearMissReason: ${guardUs.toFixed(1)} µs per pair (PAWS-X pairs, all languages)`);
