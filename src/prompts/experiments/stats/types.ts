/**
 * The experiment statistics' contract: each arm is summarised by its sufficient statistics per
 * metric (count, mean, variance: what SQL aggregates give), and two arms are compared by a
 * sequential test that stays valid however often the results are looked at.
 */

/** The metrics every variant collects. feedback: mean score; error_rate: share of failed requests (0/1 per request). */
export type MetricName = 'feedback' | 'error_rate' | 'latency_ms' | 'ttft_ms' | 'cost_usd';

/** Whether more is better. */
export type MetricDirection = 'higher_is_better' | 'lower_is_better';

/** One arm's sufficient statistics for one metric. */
export interface MetricSummary {
  n: number;
  mean: number;
  /** Sample variance (n - 1 denominator); 0 when n < 2. */
  variance: number;
}

/** What a comparison of treatment against control concluded for one metric. */
export type MetricVerdict = 'better' | 'worse' | 'no_difference' | 'not_enough_data';

/** Treatment against control on one metric. */
export interface MetricComparison {
  metric: MetricName;
  control: MetricSummary;
  treatment: MetricSummary;
  /** treatment mean − control mean. */
  difference: number;
  /** Relative difference (difference ÷ control mean), when the control mean is not 0. */
  relative?: number;
  /** An always-valid (1 − alpha) confidence interval for the difference. */
  interval: [number, number];
  /** The always-valid p-value of "no difference" (valid under continuous peeking). */
  pValue: number;
  verdict: MetricVerdict;
  /** The significance level the comparison used (after any multiplicity correction). */
  alpha?: number;
  /** The normal mixture's variance τ² (in the metric's units squared); 0 when it could not be set. */
  mixtureVariance?: number;
  /** The plug-in variance of the difference at this look (control and treatment variance over n). */
  differenceVariance?: number;
}

/**
 * What one look hands to the next so the p-value stays a running minimum and the interval a
 * running intersection. A MetricComparison is one, so the previous comparison can be passed as is.
 */
export interface SequentialState {
  pValue: number;
  interval: [number, number];
}

/** How comparisons are made and decided. */
export interface TestOptions {
  alpha: number;
  direction: MetricDirection;
  /** Below this many samples in either arm the verdict is not_enough_data whatever the data. */
  minSamples: number;
  /**
   * The largest difference that does not matter (in the metric's units); when the whole interval
   * lies within ±margin, the verdict is no_difference. Undefined: never concluded.
   */
  equivalenceMargin?: number;
  /**
   * The size of difference the test is tuned to find fastest, in the metric's units: the standard
   * deviation τ of the normal mixture. Undefined: a tenth of the arms' pooled standard deviation.
   * Any value keeps the false-positive guarantee; it only moves where power is best.
   */
  effectScale?: number;
}

/** An experiment's decision. */
export type ExperimentDecision =
  | { decision: 'winner'; variant: string; reason: string }
  | { decision: 'no_difference'; reason: string }
  | { decision: 'not_enough_data'; reason: string };
