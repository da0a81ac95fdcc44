/**
 * Paired CPU comparisons: short saturation windows of two proxies, alternated (A B, then B A, …),
 * each pair giving one ratio of CPU per request. Noise on a shared machine (other tenants, clock
 * changes) drifts over seconds, so two windows a moment apart see nearly the same machine; the
 * median of the pair ratios is the steadiest comparison these machines allow.
 */
import type { CpuWatch } from './cpu-watch.js';
import type { LoadTool } from './max-throughput.js';
import type { Target } from './workload.js';

/** How the pairs are run. */
export interface PairSettings {
  pairs: number;
  seconds: number;
  connections: number;
  loadCore: number | undefined;
}

/** CPU per request of each side, per pair, and their ratio b ÷ a. */
export interface PairedResult {
  aUs: number[];
  bUs: number[];
  ratios: number[];
}

async function cpuPerRequest(tool: LoadTool, watch: CpuWatch, target: Target, settings: PairSettings): Promise<number> {
  const { result, proxyCpuUs } = await watch.measure(target.route, () => tool.run(target, settings.connections, settings.seconds, settings.loadCore));
  return proxyCpuUs / Math.max(1, result.completed);
}

/** Measures b against a in alternating pairs; ratio > 1 means b costs more CPU per request. */
export async function pairedRatios(tool: LoadTool, watch: CpuWatch, a: Target, b: Target, settings: PairSettings): Promise<PairedResult> {
  const out: PairedResult = { aUs: [], bUs: [], ratios: [] };
  // Unmeasured first: the first window after a switch of route ran 2x off (a process that sat
  // idle had its code deoptimised or its caches cold), so each side is warmed once.
  await tool.run(a, settings.connections, 1, settings.loadCore);
  await tool.run(b, settings.connections, 1, settings.loadCore);
  for (let i = 0; i < settings.pairs; i++) {
    let aUs: number;
    let bUs: number;
    if (i % 2 === 0) {
      aUs = await cpuPerRequest(tool, watch, a, settings);
      bUs = await cpuPerRequest(tool, watch, b, settings);
    } else {
      bUs = await cpuPerRequest(tool, watch, b, settings);
      aUs = await cpuPerRequest(tool, watch, a, settings);
    }
    out.aUs.push(aUs);
    out.bUs.push(bUs);
    out.ratios.push(bUs / aUs);
  }
  return out;
}
