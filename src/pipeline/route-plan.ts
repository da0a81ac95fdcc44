/** The route plan: one operation's phases, hooks, taps, dispatcher and observers, compiled once from config. */
import type { Target } from '../config/compile.js';
import type { GatewayError } from '../core/errors.js';
import type { Dispatch, Hook, HookPhase, Operation, PipelineObserver, StreamTap } from './contract.js';
import type { DeadlineWatch } from './deadline-watch.js';
import type { PhaseEvents } from './phase-events.js';
import type { GatewayServices } from './services.js';

/** Everything one operation's requests need, compiled once from config. */
export interface RoutePlan<Req, Res> {
  operation: Operation<Req, Res>;
  hooks: { readonly [P in HookPhase]: readonly Hook<Req, Res>[] };
  /** The composed dispatcher: interceptors around the single attempt. */
  dispatch: Dispatch<Res>;
  taps: readonly StreamTap[];
  observers: readonly PipelineObserver[];
  /** Phase start/end publisher (cheap while nobody listens). */
  phaseEvents: PhaseEvents;
  /** The targets for a model name, or why there are none. */
  resolveTargets(model: string): readonly Target[] | GatewayError;
  services: GatewayServices;
  /** The whole request's time limit, all attempts and the streamed body included. */
  deadline: DeadlineWatch;
}
