/**
 * Auto-promotion: a background loop that evaluates the running experiments with `auto_promote`
 * and, when the statistics say a treatment won (primary metric better, no guard metric worse),
 * moves the label to the winner's prompt version, marks the experiment promoted and keeps the
 * decision. One run at a time on an unref'd timer; always-valid p-values make the repeated looks
 * safe (the evaluator carries each experiment's state).
 */
import type { Actor } from '../../governance/store-contract.js';
import type { PromptStore } from '../store-contract.js';
import type { Experiment } from './definition.js';
import type { ExperimentEvaluator } from './results.js';
import type { ExperimentStore } from './store-contract.js';

/** Who the audit log names for the gateway's own promotions. */
export const PROMOTION_ACTOR: Actor = { key_id: 'experiments', role: 'owner' };

/** Default ms between evaluations. */
export const DEFAULT_PROMOTION_INTERVAL_MS = 60_000;

/** What the loop needs. */
export interface PromotionOptions {
  experiments: Pick<ExperimentStore, 'active' | 'update'>;
  prompts: Pick<PromptStore, 'setLabel' | 'labelled'>;
  evaluator: ExperimentEvaluator;
  intervalMs?: number;
  /** Heard after each promotion (the snapshot reloads). */
  onPromoted?(experiment: Experiment, variant: string): void | Promise<void>;
  onError?(err: unknown, experiment?: Experiment): void;
}

/** The prompt version a variant stands for (a label is read where it points now). */
async function versionOf(prompts: PromotionOptions['prompts'], experiment: Experiment, variant: string): Promise<number | undefined> {
  const target = experiment.definition.target;
  const v = experiment.definition.variants.find((x) => x.name === variant);
  if (!('prompt' in target) || v?.prompt_version === undefined) return undefined;
  if (typeof v.prompt_version === 'number') return v.prompt_version;
  return (await prompts.labelled(experiment.tenant, target.prompt, v.prompt_version))?.version;
}

/** Evaluates one experiment and promotes its winner when it may; returns the variant promoted. */
export async function promoteIfWon(options: PromotionOptions, experiment: Experiment): Promise<string | undefined> {
  const auto = experiment.definition.auto_promote;
  const target = experiment.definition.target;
  if (!auto || !('prompt' in target) || experiment.status !== 'running') return undefined;
  const { body, promotion } = await options.evaluator.evaluate(experiment);
  if (!promotion.promote) return undefined;
  const version = await versionOf(options.prompts, experiment, promotion.variant);
  if (version === undefined) throw new Error(`experiment ${experiment.definition.name}: variant ${promotion.variant} names no prompt version that exists`);
  const name = experiment.definition.name;
  await options.prompts.setLabel(PROMOTION_ACTOR, experiment.tenant, target.prompt, auto.label, version, {
    reason: `experiment ${name} promoted variant ${promotion.variant}`,
  });
  await options.experiments.update(PROMOTION_ACTOR, experiment.id, {
    status: 'promoted',
    decision: { ...body.decision, promoted: { label: auto.label, version }, comparisons: body.comparisons, decided_at: body.updated_at },
  });
  await options.onPromoted?.(experiment, promotion.variant);
  return promotion.variant;
}

/** One pass over every running experiment with auto_promote. */
export async function promotionPass(options: PromotionOptions): Promise<void> {
  const experiments = await options.experiments.active();
  for (const experiment of experiments) {
    if (experiment.status !== 'running' || !experiment.definition.auto_promote) continue;
    try {
      await promoteIfWon(options, experiment);
    } catch (err) {
      options.onError?.(err, experiment);
    }
  }
}

/** Starts the loop; returns run (one pass now, sharing a pass in flight) and stop. */
export function startPromotionLoop(options: PromotionOptions): { run(): Promise<void>; stop(): Promise<void> } {
  let running: Promise<void> | undefined;
  const run = () => {
    running ??= promotionPass(options)
      .catch((err: unknown) => options.onError?.(err))
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const timer = setInterval(() => void run(), options.intervalMs ?? DEFAULT_PROMOTION_INTERVAL_MS);
  timer.unref();
  return {
    run,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
