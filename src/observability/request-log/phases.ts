/** Phase timings for the request log: ms per phase, in the order the phases ran, kept in a context slot. */
import { type RequestContext, slotKey } from '../../pipeline/context.js';
import type { Phase } from '../../pipeline/contract.js';

const PHASES = slotKey<Record<string, number>>('request-log.phases');

/** Adds a phase's duration (a phase that runs twice adds up). */
export function notePhase(ctx: RequestContext, phase: Phase, durationMs: number): void {
  let phases = ctx.get(PHASES);
  if (!phases) ctx.set(PHASES, (phases = {}));
  phases[phase] = Math.round(((phases[phase] ?? 0) + durationMs) * 100) / 100;
}

/** The phases noted for this request, if any. */
export function phasesOf(ctx: RequestContext): Record<string, number> | undefined {
  return ctx.get(PHASES);
}
