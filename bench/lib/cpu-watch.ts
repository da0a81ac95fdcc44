/**
 * CPU accounting around one measurement: the gateway's own CPU time, and how much of each pinned
 * core went to processes that are not part of the benchmark (other work on a shared machine).
 */
import type { CpuUse } from './measurements.js';
import { coreBusyMicros, cpuMicros } from './proc.js';

interface Snapshot {
  wallUs: number;
  gatewayUs: number;
  /** Simulator + this process + its finished children (the saturation tools). */
  loadSideUs: number;
  gatewayCoreUs: number;
  loadCoreUs: number;
}

/** Watches the gateway, the simulator and this process on their cores. */
export class CpuWatch {
  constructor(
    private readonly gatewayPid: number,
    private readonly simulatorPid: number,
    private readonly cores: { gatewayCore?: number; loadCore?: number },
  ) {}

  private snapshot(): Snapshot {
    return {
      wallUs: performance.now() * 1000,
      gatewayUs: cpuMicros(this.gatewayPid),
      loadSideUs: cpuMicros(this.simulatorPid) + cpuMicros(process.pid, true),
      gatewayCoreUs: coreBusyMicros(this.cores.gatewayCore),
      loadCoreUs: coreBusyMicros(this.cores.loadCore),
    };
  }

  /** Runs the action and reports CPU use during it. Child processes must have exited by the end. */
  async measure<T>(action: () => Promise<T>): Promise<{ result: T } & CpuUse> {
    const a = this.snapshot();
    const result = await action();
    const b = this.snapshot();
    const wallUs = b.wallUs - a.wallUs;
    const gatewayCpuUs = b.gatewayUs - a.gatewayUs;
    const loadCoreUs = b.loadCoreUs - a.loadCoreUs;
    const pct = (us: number) => (100 * Math.max(0, us)) / wallUs;
    return {
      result,
      gatewayCpuUs,
      wallUs,
      otherOnGatewayCorePct: pct(b.gatewayCoreUs - a.gatewayCoreUs - gatewayCpuUs),
      otherOnLoadCorePct: pct(loadCoreUs - (b.loadSideUs - a.loadSideUs)),
      loadCoreBusyPct: pct(loadCoreUs),
    };
  }
}
