/**
 * Phase events: each phase's start and end, with its duration, published to the plan's
 * observers and on node:diagnostics_channel (names in core/telemetry.ts). Built once per plan;
 * the runner asks `watching()` once per request, so while nothing listens phases take no timings.
 */
import { channel } from 'node:diagnostics_channel';
import { PHASE_END_CHANNEL, PHASE_START_CHANNEL, REQUEST_END_CHANNEL } from '../core/telemetry.js';
import { type RequestContext, slotKey } from './context.js';
import type { Phase, PipelineObserver } from './contract.js';

/** Publishes phase starts and ends for one plan. */
export interface PhaseEvents {
  /** Whether anything listens to phases now; the runner asks once per request. */
  watching(): boolean;
  start(ctx: RequestContext, phase: Phase): void;
  end(ctx: RequestContext, phase: Phase, endedRequest: boolean): void;
  /** The request arrived: observers' onRequestStart, always (not only while watching). */
  requestStart(ctx: RequestContext): void;
  requestEnd(ctx: RequestContext): void;
}

const phaseStartedAt = slotKey<number>('phase-started-at');
const startChannel = channel(PHASE_START_CHANNEL);
const endChannel = channel(PHASE_END_CHANNEL);
const requestEndChannel = channel(REQUEST_END_CHANNEL);

/** The publisher for these observers; diagnostics_channel subscribers may come and go at any time. */
export function createPhaseEvents(observers: readonly PipelineObserver[]): PhaseEvents {
  const onPhase = observers.filter((o) => o.onPhase);
  const onStart = observers.filter((o) => o.onRequestStart);
  const watching = () => onPhase.length > 0 || startChannel.hasSubscribers || endChannel.hasSubscribers;
  return {
    watching,
    start(ctx, phase) {
      ctx.set(phaseStartedAt, performance.now());
      if (startChannel.hasSubscribers) startChannel.publish({ requestId: ctx.id, operation: ctx.operation, phase });
    },
    end(ctx, phase, endedRequest) {
      const durationMs = performance.now() - (ctx.get(phaseStartedAt) ?? ctx.startedAt);
      for (const observer of onPhase) observer.onPhase!(ctx, phase, durationMs);
      if (endChannel.hasSubscribers) endChannel.publish({ requestId: ctx.id, operation: ctx.operation, phase, durationMs, ended: endedRequest });
    },
    requestStart(ctx) {
      for (const observer of onStart) observer.onRequestStart!(ctx);
    },
    requestEnd(ctx) {
      if (requestEndChannel.hasSubscribers)
        requestEndChannel.publish({ requestId: ctx.id, operation: ctx.operation, status: ctx.status, errorCode: ctx.error?.code });
    },
  };
}
