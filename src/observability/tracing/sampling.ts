/**
 * The sampling decision, taken once when a request arrives, before any span exists: an unsampled
 * request then costs nothing more. Parent-based kinds follow the client's sampled flag; ratio
 * kinds keep a share of traces.
 */
import type { SamplerSettings } from './otel-env.js';
import type { ParentContext } from './traceparent.js';

/** Decides for one request; `random` is injectable for tests. */
export type SampleDecision = (parent: ParentContext | undefined) => boolean;

/**
 * Whether a trace id falls within the ratio: its last 8 bytes read as an unsigned number, so
 * every service that samples a trace by its id with the same ratio agrees (the W3C random part).
 */
export function traceIdWithin(traceId: string, ratio: number): boolean {
  if (ratio >= 1) return true;
  if (ratio <= 0) return false;
  const high = Number.parseInt(traceId.slice(16, 24), 16);
  const low = Number.parseInt(traceId.slice(24, 32), 16);
  return (high * 2 ** 32 + low) / 2 ** 64 < ratio;
}

/** Builds the decision for these settings (once, at start). */
export function createSampler(settings: SamplerSettings, random: () => number = Math.random): SampleDecision {
  const { kind, ratio } = settings;
  // Without a parent the ratio applies to a trace id not yet drawn: a uniform draw is the same bet.
  const root = kind.endsWith('always_on') ? () => true : kind.endsWith('always_off') ? () => false : () => ratio >= 1 || random() < ratio;
  if (kind.startsWith('parentbased_')) return (parent) => (parent ? parent.sampled : root());
  if (kind === 'traceidratio') return (parent) => (parent ? traceIdWithin(parent.traceId, ratio) : root());
  return () => root();
}
