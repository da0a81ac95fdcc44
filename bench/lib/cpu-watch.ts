/**
 * CPU accounting around one measurement: the CPU time of the proxy under test (the gateway, or
 * nginx's master + worker), and how much of each pinned core went to processes that are not part
 * of the benchmark (other work on a shared machine).
 */
import type { CpuUse } from './measurements.js';
import { coreBusyMicros, cpuMicros } from './proc.js';
import type { Route } from './workload.js';

interface Snapshot {
  wallUs: number;
  /** CPU time of each proxy's processes. */
  proxyUs: Partial<Record<Route, number>>;
  /** Simulator + this process + its finished children (the saturation tools). */
  loadSideUs: number;
  gatewayCoreUs: number;
  loadCoreUs: number;
}

/** Watches the proxies (on the gateway's core), the simulator and this process (on the load core). */
export class CpuWatch {
  constructor(
    /** The pids whose CPU times add up to each proxy's; all of them run on the gateway's core. */
    private readonly proxies: Partial<Record<Route, number[]>>,
    private readonly simulatorPid: number,
    private readonly cores: { gatewayCore?: number; loadCore?: number },
  ) {}

  private snapshot(): Snapshot {
    const proxyUs: Partial<Record<Route, number>> = {};
    for (const [route, pids] of Object.entries(this.proxies) as [Route, number[]][]) proxyUs[route] = pids.reduce((sum, pid) => sum + cpuMicros(pid), 0);
    return {
      wallUs: performance.now() * 1000,
      proxyUs,
      loadSideUs: cpuMicros(this.simulatorPid) + cpuMicros(process.pid, true),
      gatewayCoreUs: coreBusyMicros(this.cores.gatewayCore),
      loadCoreUs: coreBusyMicros(this.cores.loadCore),
    };
  }

  /** Runs the action against `route` and reports CPU use during it. Child processes must have exited by the end. */
  async measure<T>(route: Route, action: () => Promise<T>): Promise<{ result: T } & CpuUse> {
    const a = this.snapshot();
    const result = await action();
    const b = this.snapshot();
    const wallUs = b.wallUs - a.wallUs;
    const spent = (r: Route) => (b.proxyUs[r] ?? 0) - (a.proxyUs[r] ?? 0);
    // Every proxy's own time (the idle one's too) is part of the benchmark, not interference.
    const allProxiesUs = (Object.keys(this.proxies) as Route[]).reduce((sum, r) => sum + spent(r), 0);
    const loadCoreUs = b.loadCoreUs - a.loadCoreUs;
    const pct = (us: number) => (100 * Math.max(0, us)) / wallUs;
    return {
      result,
      proxyCpuUs: route in this.proxies ? spent(route) : Number.NaN,
      wallUs,
      otherOnGatewayCorePct: pct(b.gatewayCoreUs - a.gatewayCoreUs - allProxiesUs),
      otherOnLoadCorePct: pct(loadCoreUs - (b.loadSideUs - a.loadSideUs)),
      loadCoreBusyPct: pct(loadCoreUs),
    };
  }
}
