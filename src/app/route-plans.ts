/**
 * The plan builder: the one place that knows which features are on. Each feature adds itself
 * here with one line (a hook in a phase, a stream tap, an interceptor or an observer) and keeps
 * everything else in its own folder. Built once at start; requests only read the plans.
 */
import { adminKeyHook } from '../governance/admin-key.js';
import { loopbackHostHook } from '../governance/loopback-host.js';
import { HOOK_PHASES, type Hook, type HookPhase, type Interceptor, type Operation, type PipelineObserver, type StreamTap } from '../pipeline/contract.js';
import { compose } from '../pipeline/compose.js';
import { chatOperation } from '../pipeline/operations/chat.js';
import { embeddingsOperation } from '../pipeline/operations/embeddings.js';
import { responsesOperation } from '../pipeline/operations/responses.js';
import { tracingTaps } from '../observability/tracing/capture-tap.js';
import { requestLogTaps } from '../observability/request-log-observer.js';
import { DeadlineWatch } from '../pipeline/deadline-watch.js';
import { createPhaseEvents } from '../pipeline/phase-events.js';
import type { RoutePlan } from '../pipeline/route-plan.js';
import { sendAttempt } from '../pipeline/send-attempt.js';
import type { GatewayServices } from '../pipeline/services.js';
import { BUILTIN_TAPS } from '../pipeline/taps/builtin.js';
import { responsesHistoryHook } from '../responses/history-hook.js';
import { responsesStoreHook } from '../responses/store-hook.js';
import { responsesWithoutStoreHook } from '../responses/without-store-hook.js';
import { type RoutingRuntime, routingInterceptors } from '../routing/dispatcher.js';
import { createRouter } from '../routing/router.js';
import type { ServerPlans } from '../server/http-server.js';
import type { CacheFeature } from '../cache/cache-feature.js';
import type { GuardrailsFeature } from '../guardrails/feature.js';
import type { ExperimentsFeature } from './experiments.js';
import type { Governance } from './governance.js';
import type { Prompts } from './prompts.js';

/** What the composition root hands the builder besides the services. */
export interface PlanInputs {
  observers: PipelineObserver[];
  /** Whether the server listens only on loopback (open mode then checks the Host header). */
  loopbackOnly: boolean;
  /** Hooks run after the built-in ones of their phase (StartOptions.extraHooks). */
  extraHooks?: Partial<Record<HookPhase, Hook[]>>;
  /** Breakers and target statistics, shared by every plan (app/routing.ts). */
  routing: RoutingRuntime;
  /** Virtual keys, limits and budgets (app/governance.ts). */
  governance?: Pick<Governance, 'authenticate' | 'hooks' | 'taps'>;
  /** The response cache (app/cache.ts), for the chat-form operations; undefined when off. */
  cache?: Pick<CacheFeature, 'hooks' | 'taps'>;
  /** The guardrails (app/guardrails.ts), for the chat-form operations; undefined when none is configured. */
  guardrails?: Pick<GuardrailsFeature, 'hooks' | 'taps'>;
  /** Experiments (app/experiments.ts): assignment first in prepare (before the prompt hook), shadow copies after settle. */
  experiments?: Pick<ExperimentsFeature, 'hooks'>;
  /** Stored prompts (app/prompts.ts): a prepare hook for the chat-form operations. */
  prompts?: Pick<Prompts, 'hook'>;
}

type Phases = Record<HookPhase, Hook[]>;

function emptyPhases(): Phases {
  return Object.fromEntries(HOOK_PHASES.map((name) => [name, []])) as unknown as Phases;
}

/** The hooks every operation shares, by phase. */
function sharedPhases(services: GatewayServices, inputs: PlanInputs): Phases {
  const config = services.plan.config;
  const phases = emptyPhases();
  const credentials = config.admin_key ? adminKeyHook(config.admin_key) : inputs.loopbackOnly ? loopbackHostHook : undefined;
  const governance = inputs.governance;
  const authenticate = governance ? governance.authenticate(credentials) : credentials;
  if (authenticate) phases.authenticate.push(authenticate);
  if (governance) {
    phases.admit.push(governance.hooks.admit);
    phases.settle.push(governance.hooks.settle);
  }
  for (const name of HOOK_PHASES) phases[name].push(...(inputs.extraHooks?.[name] ?? []));
  return phases;
}

/** The chat-form operations' hooks: the shared ones, the guardrails' checks, and the response cache's lookup and store. */
function chatFormPhases(inputs: PlanInputs, base: Phases): Phases {
  const guardrails = inputs.guardrails;
  if (guardrails) {
    base.checkInput.push(guardrails.hooks.checkInput);
    base.checkOutput.push(guardrails.hooks.checkOutput);
  }
  const experiments = inputs.experiments;
  if (experiments) {
    base.prepare.unshift(experiments.hooks.prepare);
    base.settle.push(experiments.hooks.settle);
  }
  const cache = inputs.cache;
  if (cache) {
    base.lookup.push(cache.hooks.lookup);
    base.store.push(cache.hooks.store);
  }
  return base;
}

/** The Responses API's hooks: its conversation state when there is a response store (config responses.store), else a refusal of previous_response_id. */
function responsesPhases(services: GatewayServices, inputs: PlanInputs): Phases {
  const phases = sharedPhases(services, inputs);
  const store = services.responseStore;
  if (store) {
    phases.prepare.push(responsesHistoryHook(store) as Hook);
    phases.store.push(responsesStoreHook(store, services.plan.config.responses.retention_days) as Hook);
  } else phases.prepare.push(responsesWithoutStoreHook as Hook);
  return phases;
}

/** The prompt hook last in prepare: after an experiment picked a version, and after the Responses history, so the prompt's messages come first. */
function withPrompts(inputs: PlanInputs, phases: Phases): Phases {
  if (inputs.prompts) phases.prepare.push(inputs.prompts.hook);
  return phases;
}

function buildPlan<Req, Res>(
  services: GatewayServices,
  operation: Operation<Req, Res>,
  phases: Phases,
  taps: StreamTap[],
  inputs: PlanInputs,
): RoutePlan<Req, Res> {
  const interceptors: Interceptor[] = routingInterceptors(services.plan, services.cost, inputs.routing);
  return {
    operation,
    hooks: phases as unknown as RoutePlan<Req, Res>['hooks'],
    dispatch: compose(...interceptors)(sendAttempt(services, operation, inputs.observers)),
    taps,
    observers: inputs.observers,
    phaseEvents: createPhaseEvents(inputs.observers),
    route: createRouter(services.plan, (request) => operation.modelOf(request as Req)) as RoutePlan<Req, Res>['route'],
    services,
    deadline: new DeadlineWatch(services.plan.config.server.request_deadline_ms),
  };
}

/** The route plans of every operation. */
export function buildRoutePlans(services: GatewayServices, inputs: PlanInputs): ServerPlans {
  const featureTaps = [
    // First: the taps after it (request log, traces, cache) see the answer as the client gets it.
    ...(inputs.guardrails?.taps ?? []),
    ...(inputs.governance?.taps ?? []),
    ...tracingTaps(services.plan.config),
    ...requestLogTaps(services.plan.config.request_log),
    ...(inputs.cache?.taps ?? []),
  ];
  return {
    chat: buildPlan(
      services,
      chatOperation(services),
      withPrompts(inputs, chatFormPhases(inputs, sharedPhases(services, inputs))),
      [...BUILTIN_TAPS, ...featureTaps],
      inputs,
    ),
    embeddings: buildPlan(services, embeddingsOperation, sharedPhases(services, inputs), [], inputs),
    responses: buildPlan(
      services,
      responsesOperation(services),
      withPrompts(inputs, chatFormPhases(inputs, responsesPhases(services, inputs))),
      [...BUILTIN_TAPS, ...featureTaps],
      inputs,
    ),
  };
}
