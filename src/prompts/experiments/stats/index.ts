/**
 * The experiment statistics' public API: compare arms with an always-valid sequential test
 * (compareArms, compareVariants), decide (decide) and gate auto-promotion (promotable).
 * See docs/experiments.md for the method and its guarantees.
 */
export {
  compareArms,
  DEFAULT_EFFECT_SCALE,
  defaultTestOptions,
  METRIC_DIRECTIONS,
  METRIC_NAMES,
  mixtureVariance,
  plugInVariance,
  verdictOf,
} from './compare.js';
export { type DecisionInput, decide, describeComparison, type Promotion, promotable } from './decide.js';
export { type FixedHorizonResult, fixedHorizonTest } from './fixed-horizon.js';
export { confidenceRadius, logMixtureRatio, lookPValue } from './msprt.js';
export type {
  ExperimentDecision,
  MetricComparison,
  MetricDirection,
  MetricName,
  MetricSummary,
  MetricVerdict,
  SequentialState,
  TestOptions,
} from './types.js';
export { type ArmSummaries, bonferroniAlpha, type CompareVariantsOptions, compareVariants, metricOptions, type TreatmentComparisons } from './variants.js';
