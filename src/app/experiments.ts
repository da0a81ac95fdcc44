/**
 * Experiments wired into the gateway: the store on the gateway's storage, the request path's
 * snapshot of running experiments (reloaded every 2 s and after this replica's admin writes), the
 * assignment and shadow hooks for the chat-form plans, shadow copies sent as child requests of the
 * caller (billed and admitted as it, never awaited by the client, at most SHADOW_CAP in flight),
 * the results the admin API serves, and the auto-promotion loop.
 */
import { GatewayError } from '../core/errors.js';
import type { ChatRequest, ChatResponse } from '../core/types.js';
import type { AdminExperiments } from '../admin/experiments-contract.js';
import type { Hook } from '../pipeline/contract.js';
import type { RequestContext } from '../pipeline/context.js';
import type { RoutePlan } from '../pipeline/route-plan.js';
import type { Logger } from '../pipeline/services.js';
import { experimentHooks, markShadow, type PendingShadow } from '../prompts/experiments/assign-hook.js';
import type { ExperimentResultsSource } from '../prompts/experiments/results-contract.js';
import { ExperimentEvaluator } from '../prompts/experiments/results.js';
import { ExperimentSnapshot } from '../prompts/experiments/snapshot.js';
import { startPromotionLoop } from '../prompts/experiments/promotion.js';
import type { ExperimentStore } from '../prompts/experiments/store-contract.js';
import type { PromptStore } from '../prompts/store-contract.js';
import { childIds, runInternalCall } from './internal-call.js';

/** Shadow copies in flight beyond which new ones are dropped (and counted). */
export const SHADOW_CAP = 16;

/** The longest a shadow copy may take. */
const SHADOW_TIMEOUT_MS = 120_000;

/** What happened to shadow copies since the start. */
export interface ShadowCounts {
  sent: number;
  /** Not sent: SHADOW_CAP copies were in flight. */
  dropped: number;
  /** Refused by the caller's budgets or limits (skipped: the client never notices). */
  refused: number;
  failed: number;
  inFlight: number;
}

/** What the experiments feature is started with. */
export interface ExperimentsOptions {
  store: ExperimentStore;
  results: ExperimentResultsSource;
  /** The prompt registry, for auto-promotion (absent: no promotions). */
  prompts?: Pick<PromptStore, 'setLabel' | 'labelled'>;
  /** The chat plan; a function, since the plans are built after the features. */
  chatPlan: () => RoutePlan<ChatRequest, ChatResponse> | undefined;
  logger: Logger;
  /** ms between snapshot reloads (default 2000). */
  reloadMs?: number;
  /** ms between auto-promotion passes (default 60 s). */
  promotionIntervalMs?: number;
  shadowCap?: number;
}

/** The running feature. */
export interface ExperimentsFeature {
  hooks: { prepare: Hook; settle: Hook };
  /** The store as the admin API uses it: writes reload the snapshot before they answer. */
  admin: AdminExperiments;
  shadows(): ShadowCounts;
  /** Waits for the shadow copies in flight (tests, shutdown). */
  settled(): Promise<void>;
  /** One auto-promotion pass now. */
  promote(): Promise<void>;
  reload(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The store as the admin API writes through it: the snapshot is reloaded after every write, so this
 * replica assigns by it at once, and a deleted experiment's carried sequential state goes with it.
 */
function adminStore(store: ExperimentStore, reload: () => Promise<void>, forget: (id: string) => void): ExperimentStore {
  const reloaded = async <T>(result: T): Promise<T> => {
    await reload();
    return result;
  };
  return {
    create: async (actor, tenant, definition) => reloaded(await store.create(actor, tenant, definition)),
    get: (id) => store.get(id),
    list: (tenant) => store.list(tenant),
    active: () => store.active(),
    update: async (actor, id, patch) => reloaded(await store.update(actor, id, patch)),
    delete: async (actor, id) => {
      const deleted = await store.delete(actor, id);
      forget(id);
      return reloaded(deleted);
    },
  };
}

/** `<request id>-shadow`. */
const shadowChildId = childIds('-shadow');

/** Whether a child's error is a refusal by the caller's budgets or limits. */
function refusedByGovernance(err: unknown): boolean {
  return err instanceof GatewayError && (err.status === 429 || err.status === 402 || err.status === 403);
}

/** Starts experiments: loads the snapshot, starts the promotion loop. */
export async function startExperiments(options: ExperimentsOptions): Promise<ExperimentsFeature> {
  const { logger } = options;
  const snapshot = new ExperimentSnapshot(options.store, {
    intervalMs: options.reloadMs,
    onError: (err) => logger.warn({ err }, 'experiments reload failed (the last snapshot stays in use)'),
  });
  await snapshot.start();
  const evaluator = new ExperimentEvaluator(options.results);
  const counts: ShadowCounts = { sent: 0, dropped: 0, refused: 0, failed: 0, inFlight: 0 };
  const cap = options.shadowCap ?? SHADOW_CAP;
  const inFlight = new Set<Promise<void>>();

  const sendShadow = (parent: RequestContext, pending: PendingShadow) => {
    if (counts.inFlight >= cap) {
      counts.dropped++;
      return;
    }
    counts.inFlight++;
    const call = runInternalCall<ChatRequest, ChatResponse>({
      plan: options.chatPlan(),
      parent,
      operation: 'chat',
      childId: shadowChildId,
      request: pending.request,
      timeoutMs: SHADOW_TIMEOUT_MS,
      timedOut: () => new GatewayError('deadline_exceeded', 504, `The shadow copy did not finish within ${SHADOW_TIMEOUT_MS} ms.`),
      prepare: (ctx) => markShadow(ctx as RequestContext, pending.assignment),
      streamed: () => new Error('a shadow copy answered a stream'),
    }).then(
      () => {
        counts.sent++;
      },
      (err: unknown) => {
        if (refusedByGovernance(err)) counts.refused++;
        else counts.failed++;
      },
    );
    const tracked = call.finally(() => {
      counts.inFlight--;
      inFlight.delete(tracked);
    });
    inFlight.add(tracked);
  };

  const hooks = experimentHooks({ index: () => snapshot.index, shadow: sendShadow });
  const store = adminStore(
    options.store,
    () => snapshot.reload(),
    (id) => evaluator.forget(id),
  );
  const prompts = options.prompts;
  const loop = prompts
    ? startPromotionLoop({
        experiments: options.store,
        prompts,
        evaluator,
        intervalMs: options.promotionIntervalMs,
        onPromoted: async (experiment, variant) => {
          logger.info({ experiment: experiment.id, name: experiment.definition.name, variant }, 'experiment promoted');
          await snapshot.reload();
        },
        onError: (err, experiment) => logger.error({ err, experiment: experiment?.id }, 'experiment auto-promotion failed'),
      })
    : undefined;

  return {
    hooks: hooks as unknown as { prepare: Hook; settle: Hook },
    admin: { store, results: async (experiment) => (await evaluator.evaluate(experiment)).body },
    shadows: () => ({ ...counts }),
    async settled() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
    promote: () => loop?.run() ?? Promise.resolve(),
    reload: () => snapshot.reload(),
    async close() {
      await loop?.stop();
      await snapshot.stop();
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
  };
}
