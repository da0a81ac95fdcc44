/**
 * Issue 10's "an exact hit answers in less time than the gateway's own overhead on a miss", at
 * concurrency 1 (one request at a time, so no other request's work lands in anyone's wall time):
 * the simulator direct, the gateway on an uncached alias (a miss every time), and the gateway on
 * the cached alias (a hit every time), in alternating windows, gateway pinned to core 0 and the
 * simulator and this load generator to core 1. Prints the medians and the ratio
 * hit p50 ÷ (miss p50 − direct p50). Run: npx tsx bench/cache-hit-latency.ts [--windows 5] [--seconds 5]
 */
import { parseArgs } from 'node:util';
import { CACHED_MODEL, pinSelf, startGatewayProcess, startSimulatorProcess } from './lib/processes.js';
import { machineInfo } from './lib/machine.js';
import { sequential } from './lib/sequential.js';
import { quantiles } from './lib/stats.js';
import { aliasTarget, type Mode, target } from './lib/workload.js';

const { values } = parseArgs({ options: { windows: { type: 'string', default: '5' }, seconds: { type: 'string', default: '5' } } });
const windows = Number(values.windows);
const seconds = Number(values.seconds);
const pin = pinSelf(machineInfo().cores);
const simulator = await startSimulatorProcess(pin.loadCore);
const gateway = await startGatewayProcess({ core: pin.gatewayCore, simulatorUrl: simulator.url });
const median = (values: number[]) => quantiles(values).p50;
try {
  const out: Record<string, unknown> = { pinning: pin.note, windows, seconds };
  for (const mode of ['plain', 'stream'] as Mode[]) {
    const urls = { simulator: simulator.url, gateway: gateway.url };
    const direct = target('direct', mode, urls);
    const miss = target('gateway', mode, urls);
    const hit = aliasTarget(miss, CACHED_MODEL);
    const field = mode === 'plain' ? 'totalMs' : 'firstDataMs';
    const p50s = { direct: [] as number[], miss: [] as number[], hit: [] as number[] };
    await sequential(hit, 1); // the first call stores the entry; warm everything up
    await sequential(miss, 1);
    await sequential(direct, 1);
    for (let w = 0; w < windows; w++) {
      for (const [name, t] of [
        ['direct', direct],
        ['miss', miss],
        ['hit', hit],
      ] as const) {
        const run = await sequential(t, seconds);
        p50s[name].push(quantiles(run.timings.map((timing) => timing[field])).p50);
      }
    }
    const direct50 = median(p50s.direct);
    const miss50 = median(p50s.miss);
    const hit50 = median(p50s.hit);
    out[mode] = {
      directP50Ms: direct50,
      missP50Ms: miss50,
      hitP50Ms: hit50,
      missAddedP50Ms: miss50 - direct50,
      hitVsMissAdded: hit50 / (miss50 - direct50),
      hitVsDirect: hit50 / direct50,
    };
  }
  console.log(JSON.stringify(out));
} finally {
  await gateway.stop();
  await simulator.stop();
}
