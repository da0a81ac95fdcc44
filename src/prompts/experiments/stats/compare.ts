/**
 * One metric, treatment against control, at one look: the always-valid p-value and confidence
 * interval of the mSPRT (msprt.ts) from the two arms' summaries, carried across looks, and the
 * verdict they support.
 */
import { confidenceRadius, lookPValue } from './msprt.js';
import type { MetricComparison, MetricDirection, MetricName, MetricSummary, MetricVerdict, SequentialState, TestOptions } from './types.js';

/** Whether more is better, per metric. */
export const METRIC_DIRECTIONS: Readonly<Record<MetricName, MetricDirection>> = {
  feedback: 'higher_is_better',
  error_rate: 'lower_is_better',
  latency_ms: 'lower_is_better',
  ttft_ms: 'lower_is_better',
  cost_usd: 'lower_is_better',
};

/** Every metric, in display order. */
export const METRIC_NAMES: readonly MetricName[] = ['feedback', 'error_rate', 'latency_ms', 'ttft_ms', 'cost_usd'];

/** The default mixture standard deviation τ, in pooled standard deviations of the metric. */
export const DEFAULT_EFFECT_SCALE = 0.1;

/** The defaults: alpha 0.05, the metric's direction, at least 100 samples per arm. */
export function defaultTestOptions(metric: MetricName, overrides: Partial<TestOptions> = {}): TestOptions {
  return { alpha: 0.05, direction: METRIC_DIRECTIONS[metric], minSamples: 100, ...overrides };
}

const UNBOUNDED: [number, number] = [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY];

/**
 * The variance used for one arm. error_rate is a 0/1 per request, so its variance is floored at
 * p̃(1 − p̃) with p̃ = (errors + 1) / (n + 2): "0 errors in 200" must not read as "the rate is exactly
 * 0" and make the interval collapse. Another metric whose arm shows no spread borrows the other
 * arm's variance (a handful of equal values says little about the spread to come).
 */
export function plugInVariance(metric: MetricName, arm: MetricSummary, other: MetricSummary): number {
  const own = Number.isFinite(arm.variance) && arm.variance > 0 ? arm.variance : 0;
  if (metric === 'error_rate') {
    const smoothed = (arm.n * arm.mean + 1) / (arm.n + 2);
    return Math.max(own, smoothed * (1 - smoothed));
  }
  if (own > 0) return own;
  return Number.isFinite(other.variance) && other.variance > 0 ? other.variance : 0;
}

/**
 * τ², the mixture's variance: options.effectScale² when given, else (DEFAULT_EFFECT_SCALE × the
 * pooled standard deviation)², so the test is tuned for differences of about a tenth of a standard
 * deviation, the size worth detecting with a few thousand samples per arm.
 */
export function mixtureVariance(control: { n: number; variance: number }, treatment: { n: number; variance: number }, options: TestOptions): number {
  if (options.effectScale !== undefined && options.effectScale > 0) return options.effectScale * options.effectScale;
  const weight = control.n + treatment.n;
  if (!(weight > 0)) return 0;
  const pooled = (control.n * control.variance + treatment.n * treatment.variance) / weight;
  return DEFAULT_EFFECT_SCALE * DEFAULT_EFFECT_SCALE * pooled;
}

function checkOptions(options: TestOptions): void {
  if (!(options.alpha > 0 && options.alpha < 1)) throw new RangeError(`alpha must be between 0 and 1, got ${options.alpha}`);
  if (options.equivalenceMargin !== undefined && !(options.equivalenceMargin >= 0)) {
    throw new RangeError(`equivalenceMargin must be 0 or more, got ${options.equivalenceMargin}`);
  }
}

/** The running intersection; when the looks disagree entirely (the assumptions failed), the current look's interval. */
function intersect(previous: [number, number] | undefined, current: [number, number]): [number, number] {
  if (!previous) return current;
  const lower = Math.max(previous[0], current[0]);
  const upper = Math.min(previous[1], current[1]);
  return lower <= upper ? [lower, upper] : current;
}

/** The verdict a p-value and interval support under the options (minimum samples checked by the caller). */
export function verdictOf(pValue: number, interval: [number, number], difference: number, options: TestOptions): MetricVerdict {
  if (pValue < options.alpha) {
    const side = interval[0] > 0 ? 1 : interval[1] < 0 ? -1 : Math.sign(difference);
    const higher = side > 0;
    return higher === (options.direction === 'higher_is_better') ? 'better' : 'worse';
  }
  const margin = options.equivalenceMargin;
  if (margin !== undefined && interval[0] >= -margin && interval[1] <= margin) return 'no_difference';
  return 'not_enough_data';
}

/**
 * Compares treatment with control on one metric at this look. Pass the previous look's result (or
 * its SequentialState) as `previous` to carry the running minimum of the p-value and the running
 * intersection of the interval; without it each look stands alone, which is still valid, only
 * never more sensitive. Below options.minSamples in either arm the state is carried unchanged.
 */
export function compareArms(
  metric: MetricName,
  control: MetricSummary,
  treatment: MetricSummary,
  options: TestOptions,
  previous?: SequentialState,
): MetricComparison {
  checkOptions(options);
  const difference = treatment.mean - control.mean;
  const base = { metric, control, treatment, difference, alpha: options.alpha };
  const relative = control.mean !== 0 && Number.isFinite(difference) ? { relative: difference / control.mean } : {};
  const enough = Math.min(control.n, treatment.n) >= Math.max(options.minSamples, 2);
  if (!enough || !Number.isFinite(difference)) {
    return {
      ...base,
      ...relative,
      pValue: previous?.pValue ?? 1,
      interval: previous ? [previous.interval[0], previous.interval[1]] : [...UNBOUNDED],
      verdict: 'not_enough_data',
    };
  }
  const controlVariance = plugInVariance(metric, control, treatment);
  const treatmentVariance = plugInVariance(metric, treatment, control);
  const v = controlVariance / control.n + treatmentVariance / treatment.n;
  const tau2 = mixtureVariance({ n: control.n, variance: controlVariance }, { n: treatment.n, variance: treatmentVariance }, options);
  let lookP: number;
  let look: [number, number];
  if (v === 0) {
    // Both arms constant over at least minSamples samples: the difference is known exactly.
    lookP = difference === 0 ? 1 : 0;
    look = [difference, difference];
  } else {
    lookP = lookPValue(difference, v, tau2);
    const radius = confidenceRadius(v, tau2, options.alpha);
    look = [difference - radius, difference + radius];
  }
  const pValue = Math.min(previous?.pValue ?? 1, lookP);
  const interval = intersect(previous?.interval, look);
  return {
    ...base,
    ...relative,
    pValue,
    interval,
    verdict: verdictOf(pValue, interval, difference, options),
    mixtureVariance: tau2,
    differenceVariance: v,
  };
}
