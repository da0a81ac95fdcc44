/**
 * Issue 10's semantic lookup figure inside the main bench: bench/cache-semantic.ts with the
 * builtin embedder over 100,000 entries of one partition, in a child process pinned to the
 * gateway's core (where a lookup would run), and its rows as ratios to the same run's figures.
 */
import { execFileSync } from 'node:child_process';
import { GOALS, type RunData } from './measurements.js';
import { quantiles } from './stats.js';
import type { Row } from './report.js';

/** What bench/cache-semantic.ts prints (the fields used here). */
export interface SemanticFigures {
  entries: number;
  lookupMs?: { p50: number; p99: number };
  searchMs: { p50: number; p99: number };
  recall: number;
  bytesPerEntry: number;
  heapBytesPerEntry: number;
}

const ROOT = new URL('../..', import.meta.url).pathname;

/** Runs the lookup bench pinned to `core` (when pinned), `repeats` times; throws when it fails. */
export function measureSemanticLookup(core: number | undefined, threshold: number, repeats = 3): SemanticFigures[] {
  const out: SemanticFigures[] = [];
  const args = ['--import', 'tsx', '--expose-gc', 'bench/cache-semantic.ts', '--entries', '100000', '--threshold', String(threshold)];
  args.push('--embedder', 'src/cache/builtin-embedder/index.ts#embedText');
  for (let i = 0; i < repeats; i++) {
    const [command, argv] = core === undefined ? [process.execPath, args] : ['taskset', ['-c', String(core), process.execPath, ...args]];
    const text = execFileSync(command, argv, { cwd: ROOT, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, timeout: 600_000 });
    out.push(JSON.parse(text.trim().split('\n').pop()!) as SemanticFigures);
  }
  return out;
}

/** The rows: lookup p50/p99 (embedding included), as ms and as a ratio to a miss's gateway overhead. */
export function semanticRows(figures: SemanticFigures[], runs: RunData[]): Row[] {
  if (figures.length === 0) return [];
  const lookup = (f: SemanticFigures) => f.lookupMs ?? f.searchMs;
  // The gateway's own time on a miss: gateway p50 − direct p50 at the fixed rate, per run; its median.
  const overheads = runs.map((run) => {
    const p50 = (route: 'gateway' | 'direct') => quantiles(run.fixedRate.plain[route]!.timings.map((t) => t.totalMs)).p50;
    return p50('gateway') - p50('direct');
  });
  const overhead = quantiles(overheads).p50;
  return [
    {
      metric: 'Semantic lookup with the builtin embedder over 100,000 entries in one scope, p50 (embedding + search, pinned to the gateway core)',
      unit: 'ms',
      gateway: figures.map((f) => lookup(f).p50),
      goal: { text: `≤ ${GOALS.semanticLookupP50Ms} ms`, met: (s) => s.gateway <= GOALS.semanticLookupP50Ms },
    },
    {
      metric: 'Semantic lookup over 100,000 entries, p99',
      unit: 'ms',
      gateway: figures.map((f) => lookup(f).p99),
      goal: { text: `≤ ${GOALS.semanticLookupP99Ms} ms`, met: (s) => s.gateway <= GOALS.semanticLookupP99Ms },
    },
    {
      metric: "Semantic lookup p50 ÷ the gateway's own overhead on a miss (gateway p50 − direct p50 at the fixed rate, non-streamed)",
      unit: '×',
      gateway: figures.map((f) => (overhead > 0 ? lookup(f).p50 / overhead : Number.NaN)),
    },
    { metric: 'Vector index bytes per entry at 100,000 entries (256 dimensions, int8)', unit: 'B', gateway: figures.map((f) => f.bytesPerEntry) },
    { metric: 'Vector index recall against a flat scan at the threshold', unit: '×', gateway: figures.map((f) => f.recall) },
  ];
}
