/**
 * Micro-benchmark of the semantic cache's vector index (src/cache/vector-index.ts): builds one
 * partition of N entries, then times ≥ 2,000 searches (half near-duplicates of stored entries, half
 * new questions) and checks recall against an exact flat scan over the original float vectors.
 * Prints one JSON line: search p50/p95/p99 ms, recall, build time, bytes per entry (from bytes() and
 * from the heap delta; run with --expose-gc for a clean delta).
 *
 * Run: npx tsx --expose-gc bench/cache-semantic.ts [--entries 100000] [--dims 256] [--queries 2000]
 *      [--threshold 0.9] [--recall-queries 200] [--embedder path/to/module.ts#exportName]
 * Pin it on these 2-core machines: taskset -c 1 npx tsx ... ; a 100k run takes ~15 s.
 * With --embedder the entries and queries are generated question texts embedded by that function
 * (text → Float32Array, or a Promise of one), and embed+search latency is reported too.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { VectorIndex } from '../src/cache/vector-index.js';
import { ClusteredVectors, QuestionTexts } from './lib/semantic-workload.js';
import { percentile, sorted } from './lib/stats.js';

/** Turns a question text into a unit vector. */
export type Embed = (text: string) => Float32Array | Promise<Float32Array>;

/** What to run. */
export interface SemanticLookupBenchOptions {
  entries: number;
  dims: number;
  queries: number;
  threshold: number;
  /** How many of the queries are also checked against a flat scan (each costs a full scan). */
  recallQueries: number;
  embed?: Embed;
  /** Index tuning passed through (tables, bits, flips, flatLimit); defaults otherwise. */
  tuning?: { tables?: number; bits?: number; flips?: number; flatLimit?: number };
}

/** What it measured. */
export interface SemanticLookupFigures {
  entries: number;
  dims: number;
  queries: number;
  threshold: number;
  buildMs: number;
  searchMs: { p50: number; p95: number; p99: number };
  lookupMs?: { p50: number; p95: number; p99: number };
  recall: number;
  trueNeighbours: number;
  /** Misses whose exact similarity was within 0.005 of the threshold (quantisation rather than the index). */
  boundaryMisses: number;
  hitRate: number;
  bytesPerEntry: number;
  heapBytesPerEntry: number;
}

interface Workload {
  entries: Float32Array[];
  queries: Float32Array[];
  queryTexts?: string[];
}

async function vectorWorkload(options: SemanticLookupBenchOptions): Promise<Workload> {
  const { embed } = options;
  const entries: Float32Array[] = [];
  const queries: Float32Array[] = [];
  if (embed) {
    const texts = new QuestionTexts(7);
    const stored: string[] = [];
    for (let i = 0; i < options.entries; i++) {
      // One entry in ten is a rewording of an earlier question, as a cache fills with near-duplicates.
      const text = i > 0 && i % 10 === 0 ? texts.paraphrase(stored[(i * 7919) % (i - 1)]!) : texts.next();
      stored.push(text);
      entries.push(await embed(text));
    }
    const queryTexts: string[] = [];
    for (let i = 0; i < options.queries; i++) {
      queryTexts.push(i % 2 === 0 ? texts.paraphrase(stored[(i * 104729) % stored.length]!) : texts.next());
    }
    for (const text of queryTexts) queries.push(await embed(text));
    return { entries, queries, queryTexts };
  }
  const source = new ClusteredVectors(options.dims, Math.max(8, Math.round(options.entries / 250)), 11);
  for (let i = 0; i < options.entries; i++) {
    const base = i > 0 && i % 10 === 0 ? entries[Math.floor(source.uniform() * i)] : undefined;
    entries.push(base ? source.nearDuplicateOf(base, 0.9, 0.99) : source.next());
  }
  for (let i = 0; i < options.queries; i++) {
    const stored = entries[Math.floor(source.uniform() * entries.length)]!;
    // Near-duplicate queries span the useful threshold range, down to just under it.
    queries.push(i % 2 === 0 ? source.nearDuplicateOf(stored, 0.86, 0.99) : source.next());
  }
  return { entries, queries };
}

function flatMatches(entries: Float32Array[], query: Float32Array, threshold: number): Map<number, number> {
  const found = new Map<number, number>();
  const dims = query.length;
  for (let e = 0; e < entries.length; e++) {
    const v = entries[e]!;
    let dot = 0;
    for (let i = 0; i < dims; i++) dot += v[i]! * query[i]!;
    if (dot >= threshold) found.set(e, dot);
  }
  return found;
}

function heapNow(): number {
  (globalThis as { gc?: () => void }).gc?.();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

function summary(samples: number[]): { p50: number; p95: number; p99: number } {
  const s = sorted(samples);
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return { p50: round(percentile(s, 0.5)), p95: round(percentile(s, 0.95)), p99: round(percentile(s, 0.99)) };
}

/** Builds the index, times searches and checks recall; returns the figures. */
export async function runSemanticLookupBench(options: SemanticLookupBenchOptions): Promise<SemanticLookupFigures> {
  const workload = await vectorWorkload(options);
  const dims = workload.entries[0]!.length;
  const ids = workload.entries.map((_, i) => `entry-${i.toString(36)}`);

  const heapBefore = heapNow();
  const started = performance.now();
  const index = new VectorIndex({ ...options.tuning, dimensions: dims, maxEntries: options.entries });
  for (let i = 0; i < workload.entries.length; i++) index.add(ids[i]!, workload.entries[i]!);
  const buildMs = performance.now() - started;
  const heapAfter = heapNow();

  // Warm the JIT on a few queries before timing.
  for (let i = 0; i < 200; i++) index.search(workload.queries[i % workload.queries.length]!, options.threshold, 5);
  const searchSamples: number[] = [];
  let hits = 0;
  for (const query of workload.queries) {
    const t0 = performance.now();
    const found = index.search(query, options.threshold, 5);
    searchSamples.push(performance.now() - t0);
    if (found.length > 0) hits++;
  }

  let lookupMs: SemanticLookupFigures['lookupMs'];
  if (options.embed && workload.queryTexts) {
    const lookupSamples: number[] = [];
    for (const text of workload.queryTexts) {
      const t0 = performance.now();
      index.search(await options.embed(text), options.threshold, 5);
      lookupSamples.push(performance.now() - t0);
    }
    lookupMs = summary(lookupSamples);
  }

  let trueNeighbours = 0;
  let recovered = 0;
  let boundaryMisses = 0;
  const recallQueries = Math.min(options.recallQueries, workload.queries.length);
  for (let q = 0; q < recallQueries; q++) {
    const query = workload.queries[q]!;
    const truth = flatMatches(workload.entries, query, options.threshold);
    const found = new Set(index.search(query, options.threshold, Number.MAX_SAFE_INTEGER).map((m) => m.id));
    trueNeighbours += truth.size;
    for (const [e, similarity] of truth) {
      if (found.has(ids[e]!)) recovered++;
      // int8 codes move a similarity by ~1e-3, so a miss right at the threshold is quantisation, not the index.
      else if (similarity < options.threshold + 0.005) boundaryMisses++;
    }
  }

  return {
    entries: index.size,
    dims,
    queries: workload.queries.length,
    threshold: options.threshold,
    buildMs: Math.round(buildMs),
    searchMs: summary(searchSamples),
    ...(lookupMs ? { lookupMs } : {}),
    recall: trueNeighbours === 0 ? 1 : Math.round((recovered / trueNeighbours) * 10000) / 10000,
    trueNeighbours,
    boundaryMisses,
    hitRate: Math.round((hits / workload.queries.length) * 1000) / 1000,
    bytesPerEntry: Math.round(index.bytes() / index.size),
    heapBytesPerEntry: Math.round((heapAfter - heapBefore) / index.size),
  };
}

async function loadEmbedder(spec: string): Promise<Embed> {
  const [path, exportName = 'default'] = spec.split('#');
  const module = (await import(pathToFileURL(resolve(path!)).href)) as Record<string, unknown>;
  const embed = module[exportName];
  if (typeof embed !== 'function') throw new Error(`${spec}: no function exported as ${exportName}`);
  return embed as Embed;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values: args } = parseArgs({
    options: {
      entries: { type: 'string', default: '100000' },
      dims: { type: 'string', default: '256' },
      queries: { type: 'string', default: '2000' },
      threshold: { type: 'string', default: '0.9' },
      'recall-queries': { type: 'string', default: '200' },
      embedder: { type: 'string' },
      tables: { type: 'string' },
      bits: { type: 'string' },
      flips: { type: 'string' },
    },
  });
  const figures = await runSemanticLookupBench({
    entries: Number(args.entries),
    dims: Number(args.dims),
    queries: Number(args.queries),
    threshold: Number(args.threshold),
    recallQueries: Number(args['recall-queries']),
    ...(args.embedder ? { embed: await loadEmbedder(args.embedder) } : {}),
    tuning: {
      ...(args.tables ? { tables: Number(args.tables) } : {}),
      ...(args.bits ? { bits: Number(args.bits) } : {}),
      ...(args.flips ? { flips: Number(args.flips) } : {}),
    },
  });
  console.log(JSON.stringify(figures));
}
