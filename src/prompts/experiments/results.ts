/**
 * An experiment's results: each variant's samples (ExperimentResultsSource), every treatment
 * compared with the control by the always-valid sequential test, and the decision. The evaluator
 * keeps each experiment's last comparisons and hands them to the next look, so the p-values stay
 * running minima and the intervals running intersections: looking again and again is safe.
 */
import type { ExperimentResultsSource, VariantSamples } from './results-contract.js';
import type { Experiment } from './definition.js';
import {
  type CompareVariantsOptions,
  compareVariants,
  type DecisionInput,
  decide,
  type Promotion,
  promotable,
  type TreatmentComparisons,
} from './stats/index.js';
import type { ExperimentDecision, MetricName, MetricSummary } from './stats/types.js';

/** One comparison on the wire. */
export interface ComparisonOut {
  variant: string;
  metric: MetricName;
  control: MetricSummary;
  treatment: MetricSummary;
  difference: number;
  relative?: number;
  interval: [number | null, number | null];
  p_value: number;
  verdict: string;
}

/** GET /admin/v1/experiments/{id}/results. */
export interface ExperimentResultsBody {
  object: 'experiment_results';
  experiment_id: string;
  name: string;
  status: string;
  control: string;
  primary_metric: MetricName;
  alpha: number;
  variants: { name: string; weight: number; requests: number; metrics: Partial<Record<MetricName, MetricSummary>> }[];
  comparisons: ComparisonOut[];
  decision: ExperimentDecision;
  updated_at: number;
}

/** One evaluation: the wire body and whether auto-promotion may act. */
export interface Evaluation {
  body: ExperimentResultsBody;
  promotion: Promotion;
}

/** JSON has no infinity: an unbounded interval end is null. */
function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function compareOptions(experiment: Experiment): CompareVariantsOptions {
  const d = experiment.definition;
  const metrics: CompareVariantsOptions['metrics'] = {};
  for (const [metric, margin] of Object.entries(d.equivalence_margins ?? {})) metrics[metric as MetricName] = { equivalenceMargin: margin };
  return { alpha: d.alpha, minSamples: d.min_samples, metrics };
}

/** Evaluates experiments, carrying each one's sequential state from look to look. */
export class ExperimentEvaluator {
  private readonly carried = new Map<string, TreatmentComparisons[]>();

  constructor(
    private readonly source: ExperimentResultsSource,
    private readonly now: () => number = Date.now,
  ) {}

  /** Reads the samples, compares, decides. */
  async evaluate(experiment: Experiment): Promise<Evaluation> {
    const d = experiment.definition;
    const samples = await this.source.samples(experiment.id);
    const byName = new Map<string, VariantSamples>(samples.map((s) => [s.variant, s]));
    const arms = d.variants.map((v) => byName.get(v.name) ?? { variant: v.name, requests: 0, metrics: {} });
    const treatments = compareVariants(d.control, arms, compareOptions(experiment), this.carried.get(experiment.id));
    this.carried.set(experiment.id, treatments);
    const input: DecisionInput = { control: d.control, treatments, primary: d.primary_metric, guards: d.guard_metrics };
    const decision = decide(input);
    const comparisons: ComparisonOut[] = [];
    for (const t of treatments)
      for (const c of Object.values(t.comparisons)) {
        if (!c) continue;
        comparisons.push({
          variant: t.variant,
          metric: c.metric,
          control: c.control,
          treatment: c.treatment,
          difference: c.difference,
          ...(c.relative !== undefined ? { relative: c.relative } : {}),
          interval: [finite(c.interval[0]), finite(c.interval[1])],
          p_value: c.pValue,
          verdict: c.verdict,
        });
      }
    const body: ExperimentResultsBody = {
      object: 'experiment_results',
      experiment_id: experiment.id,
      name: d.name,
      status: experiment.status,
      control: d.control,
      primary_metric: d.primary_metric,
      alpha: d.alpha,
      variants: d.variants.map((v) => {
        const arm = byName.get(v.name);
        return { name: v.name, weight: v.weight, requests: arm?.requests ?? 0, metrics: arm?.metrics ?? {} };
      }),
      comparisons,
      decision,
      updated_at: this.now(),
    };
    return { body, promotion: promotable(decision, input) };
  }

  /** Forgets an experiment's carried state (deleted). */
  forget(id: string): void {
    this.carried.delete(id);
  }
}
