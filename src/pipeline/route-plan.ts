/** The route plan: one operation's phases, hooks, taps, dispatcher and observers, compiled once from config. */
import type { RequestContext } from './context.js';
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
  /**
   * Routes the decoded request: sets ctx.targets and ctx.route (alias, rules, residency, smart
   * router), or returns why it cannot be served. Runs before admit, so budgets price the targets used.
   */
  route(ctx: RequestContext<Req, Res>): GatewayError | undefined;
  services: GatewayServices;
  /** The whole request's time limit, all attempts and the streamed body included. */
  deadline: DeadlineWatch;
}
