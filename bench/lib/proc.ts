/**
 * Per-process figures from Linux /proc: CPU time (utime+stime of all threads) and resident memory.
 * Reading /proc costs nothing on the measured process, unlike in-process instrumentation.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;

/** Clock ticks per second (`getconf CLK_TCK`, normally 100). */
export function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/**
 * CPU time the process has used so far (user + system, all threads), in microseconds; with
 * `withChildren`, plus the time of its children that have exited and been waited for.
 */
export function cpuMicros(pid: number, withChildren = false): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may contain spaces; fields after its closing parenthesis are fixed.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((i) => Number(fields[i]));
  return ((utime! + stime! + (withChildren ? cutime! + cstime! : 0)) / clockTicks()) * 1e6;
}

/** Resident memory now (VmRSS) and its peak since start (VmHWM), in MB. */
export function memoryMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/**
 * Busy time of one core so far (user, nice, system, irq, softirq and hypervisor steal), in
 * microseconds; NaN when the core is unknown. Compared with a pinned process's own CPU time it
 * shows how much of that core other processes took.
 */
export function coreBusyMicros(core: number | undefined): number {
  if (core === undefined) return Number.NaN;
  const line = new RegExp(`^cpu${core} (.+)$`, 'm').exec(readFileSync('/proc/stat', 'utf8'));
  if (!line) return Number.NaN;
  const [user, nice, system, , , irq, softirq, steal] = line[1]!.trim().split(/\s+/).map(Number);
  return (((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) / clockTicks()) * 1e6;
}
