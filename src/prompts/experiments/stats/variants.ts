/**
 * Every treatment against the control on every metric both have, with the multiplicity correction
 * applied: with k treatments each comparison runs at alpha / k (Bonferroni), so the chance that ANY
 * treatment is wrongly called better or worse on a metric stays at most alpha.
 */
import { compareArms, defaultTestOptions, METRIC_NAMES } from './compare.js';
import type { MetricComparison, MetricName, MetricSummary, SequentialState, TestOptions } from './types.js';

/** One variant's summaries per metric (the results source's VariantSamples fits). */
export interface ArmSummaries {
  variant: string;
  metrics: Partial<Record<MetricName, MetricSummary>>;
}

/** One treatment's comparisons against the control, per metric. */
export interface TreatmentComparisons {
  variant: string;
  comparisons: Partial<Record<MetricName, MetricComparison>>;
}

/** How variants are compared: a family-wide alpha and per-metric overrides over defaultTestOptions. */
export interface CompareVariantsOptions {
  /** The family-wide level, split across treatments (Bonferroni). Default 0.05. */
  alpha?: number;
  /** Samples per arm below which every verdict is not_enough_data. Default 100. */
  minSamples?: number;
  /** Per-metric options (equivalenceMargin, effectScale, ...); alpha here is ignored, use `alpha`. */
  metrics?: Partial<Record<MetricName, Partial<Omit<TestOptions, 'alpha'>>>>;
}

/** alpha / treatments: the per-comparison level that keeps the family-wide level at alpha. */
export function bonferroniAlpha(alpha: number, treatments: number): number {
  return alpha / Math.max(1, treatments);
}

/** The options one metric is compared with, given the number of treatments. */
export function metricOptions(metric: MetricName, treatments: number, options: CompareVariantsOptions = {}): TestOptions {
  const overrides = options.metrics?.[metric] ?? {};
  const base = defaultTestOptions(metric, options.minSamples !== undefined ? { minSamples: options.minSamples } : {});
  const merged: TestOptions = { ...base, ...overrides, alpha: bonferroniAlpha(options.alpha ?? 0.05, treatments) };
  return merged;
}

/**
 * Compares each non-control variant with the control on each metric both report. `previous` is the
 * last look's result (to carry each comparison's sequential state); omit it to start afresh.
 * Throws when the control is not among the variants.
 */
export function compareVariants(
  control: string,
  variants: readonly ArmSummaries[],
  options: CompareVariantsOptions = {},
  previous?: readonly TreatmentComparisons[],
): TreatmentComparisons[] {
  const controlArm = variants.find((arm) => arm.variant === control);
  if (!controlArm) throw new RangeError(`the control variant "${control}" has no results`);
  const treatments = variants.filter((arm) => arm.variant !== control);
  return treatments.map((arm) => {
    const before = previous?.find((entry) => entry.variant === arm.variant)?.comparisons ?? {};
    const comparisons: Partial<Record<MetricName, MetricComparison>> = {};
    for (const metric of METRIC_NAMES) {
      const c = controlArm.metrics[metric];
      const t = arm.metrics[metric];
      if (!c || !t) continue;
      const state: SequentialState | undefined = before[metric];
      comparisons[metric] = compareArms(metric, c, t, metricOptions(metric, treatments.length, options), state);
    }
    return { variant: arm.variant, comparisons };
  });
}
