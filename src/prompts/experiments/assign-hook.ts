/**
 * Experiment assignment, a prepare hook that runs before the prompt hook: it finds the running
 * experiment that targets the request (its alias, or its stored prompt when the client did not pin
 * a version number), checks the caller's team, lets the unit in by the traffic share, picks the
 * variant by weight from a stable hash of experiment and unit (sticky), and applies it. In shadow
 * mode the client always gets the control, and a sampled share of requests is copied, with the
 * shadow variant applied, to be sent after the client's answer is complete (the settle hook).
 */
import type { ChatRequest, ChatResponse } from '../../core/types.js';
import type { ExperimentAssignment, RequestContext } from '../../pipeline/context.js';
import { slotKey } from '../../pipeline/context.js';
import type { Hook } from '../../pipeline/contract.js';
import { applyVariant, pinsVersion, unitOf, unitPoint, variantAt } from './assign.js';
import type { Experiment } from './definition.js';
import type { ExperimentIndex } from './snapshot.js';

/** A shadow copy waiting for the client's answer: the request as it arrived, the shadow variant applied. */
export interface PendingShadow {
  request: ChatRequest;
  assignment: ExperimentAssignment;
}

/** Sends a shadow copy as a child of the caller's request (app/experiments.ts); never awaited by the client. */
export type ShadowSender = (parent: RequestContext, shadow: PendingShadow) => void;

const PENDING = slotKey<PendingShadow>('experiments.shadow');

/** The request header that keeps a request out of every experiment when it is `off`. */
export const OPT_OUT_HEADER = 'x-switchboard-experiments';

/** The response header naming the experiment (its id). */
export const EXPERIMENT_HEADER = 'x-switchboard-experiment';
/** The response header naming the variant. */
export const VARIANT_HEADER = 'x-switchboard-variant';

/** What the hooks read. */
export interface AssignOptions {
  /** The running experiments (ExperimentSnapshot.index). */
  index: () => ExperimentIndex;
  /** Sends shadow copies; without it, shadow mode only assigns the control. */
  shadow?: ShadowSender;
  /** A number in [0, 1) per request, for the shadow fraction (default Math.random). */
  random?: () => number;
}

/** Whether the caller's traffic is the experiment's: a team's experiment sees its team only; a global one every team, narrowed by `teams`. */
function eligible(experiment: Experiment, team: string | undefined): boolean {
  if (experiment.tenant.startsWith('team:')) return team !== undefined && experiment.tenant === `team:${team}`;
  const teams = experiment.definition.teams;
  return teams === undefined || (team !== undefined && teams.includes(team));
}

function candidates(index: ExperimentIndex, ctx: RequestContext<ChatRequest>): readonly Experiment[] | undefined {
  const request = ctx.request;
  const byAlias = ctx.modelRequested ? index.byAlias.get(ctx.modelRequested) : undefined;
  if (byAlias) return byAlias;
  const prompt = request.prompt;
  if (!prompt || pinsVersion(request)) return undefined;
  return index.byPrompt.get(prompt.id);
}

/** Builds the assignment's prepare hook and the settle hook that sends shadow copies. */
export function experimentHooks(options: AssignOptions): { prepare: Hook<ChatRequest, ChatResponse>; settle: Hook<ChatRequest, ChatResponse> } {
  const random = options.random ?? Math.random;
  const prepare: Hook<ChatRequest, ChatResponse> = {
    name: 'experiments.assign',
    run(ctx) {
      // A shadow copy arrives assigned already; a caller that must see exactly what it named (an
      // eval's baseline called by label) opts out with `x-switchboard-experiments: off`.
      if (ctx.experiment || ctx.requestHeaders[OPT_OUT_HEADER] === 'off') return undefined;
      const list = candidates(options.index(), ctx);
      if (!list) return undefined;
      const team = ctx.identity?.team;
      const experiment = list.find((e) => eligible(e, team));
      if (!experiment) return undefined;
      const definition = experiment.definition;
      const unit = unitOf(ctx as RequestContext, definition.unit);
      if (definition.traffic < 1 && unitPoint(experiment.id, 'traffic', unit) >= definition.traffic) return undefined;
      const shadow = definition.shadow;
      const variant = shadow
        ? definition.variants.find((v) => v.name === definition.control)!
        : variantAt(definition.variants, unitPoint(experiment.id, 'variant', unit));
      if (shadow && options.shadow && shadow.fraction > 0 && random() < shadow.fraction) {
        // Copied before the prompt hook renders the request: the shadow resolves its own prompt version.
        const copy = structuredClone(ctx.request);
        const candidate = definition.variants.find((v) => v.name === shadow.variant)!;
        applyVariant(copy, candidate);
        copy.stream = false;
        ctx.set(PENDING, { request: copy, assignment: { experiment: experiment.id, variant: candidate.name, shadow: true } });
      }
      const model = applyVariant(ctx.request, variant);
      if (model !== undefined) ctx.modelRequested = model;
      ctx.experiment = { experiment: experiment.id, variant: variant.name };
      ctx.responseHeaders[EXPERIMENT_HEADER] = experiment.id;
      ctx.responseHeaders[VARIANT_HEADER] = variant.name;
      return undefined;
    },
  };
  const settle: Hook<ChatRequest, ChatResponse> = {
    name: 'experiments.shadow',
    run(ctx) {
      if (ctx.experiment?.shadow) {
        // A shadow the caller's budget or limits refused never reached the variant: it is no sample of it.
        if (ctx.attempts.length === 0 && ctx.error) ctx.experiment = undefined;
        return undefined;
      }
      const pending = ctx.get(PENDING);
      // Refused requests (auth, budgets, bad input) are not mirrored: the copy would be refused too.
      if (!pending || !options.shadow || ctx.abortReason || (ctx.status >= 400 && ctx.status < 500)) return undefined;
      options.shadow(ctx as RequestContext, pending);
      return undefined;
    },
  };
  return { prepare, settle };
}

/** Presets a shadow child's assignment (the prepare hook then leaves it alone). */
export function markShadow(ctx: RequestContext, assignment: ExperimentAssignment): void {
  ctx.experiment = assignment;
}
