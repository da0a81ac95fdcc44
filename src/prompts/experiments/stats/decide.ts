/**
 * The experiment's decision from the per-metric verdicts, and whether auto-promotion may act on it.
 * The rule (docs/experiments.md):
 * - winner: a treatment better on the primary metric with no guard metric worse (the largest
 *   improvement wins when several are); or the control, when every treatment is worse on the primary;
 * - no_difference: every treatment no_difference on the primary;
 * - otherwise not_enough_data.
 * The comparisons must already carry the multiplicity correction (compareVariants applies it).
 */
import type { TreatmentComparisons } from './variants.js';
import type { ExperimentDecision, MetricComparison, MetricName } from './types.js';

/** What a decision is made from. */
export interface DecisionInput {
  /** The control variant's name. */
  control: string;
  /** Each treatment's comparisons against the control (compareVariants' result). */
  treatments: readonly TreatmentComparisons[];
  /** The metric the experiment is about. */
  primary: MetricName;
  /** Metrics that must not get worse (e.g. error_rate, cost_usd, latency_ms). */
  guards: readonly MetricName[];
}

/** Whether auto-promotion may move the label, and to which variant. */
export type Promotion = { promote: true; variant: string; reason: string } | { promote: false; reason: string };

function num(value: number): string {
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (value === 0) return '0';
  return Math.abs(value) >= 1000 || Math.abs(value) < 0.001 ? value.toExponential(2) : Number(value.toPrecision(3)).toString();
}

/** "+0.12 (interval 0.03 to 0.21, p = 0.004)": a comparison in plain words. */
export function describeComparison(comparison: MetricComparison): string {
  const sign = comparison.difference > 0 ? '+' : '';
  const level = comparison.alpha !== undefined ? `${num(100 * (1 - comparison.alpha))}% ` : '';
  const [lower, upper] = comparison.interval;
  return `${sign}${num(comparison.difference)} (${level}interval ${num(lower)} to ${num(upper)}, p = ${num(comparison.pValue)})`;
}

function guardsWorse(treatment: TreatmentComparisons, guards: readonly MetricName[]): MetricName[] {
  return guards.filter((metric) => treatment.comparisons[metric]?.verdict === 'worse');
}

/** How large a 'better' comparison's improvement is (its difference lies in the good direction). */
function improvement(comparison: MetricComparison): number {
  return Math.abs(comparison.difference);
}

function correctionNote(input: DecisionInput): string {
  const k = input.treatments.length;
  return k > 1 ? ` Each of the ${k} treatments was tested at alpha / ${k} (Bonferroni), so all of them together keep the stated level.` : '';
}

/** The experiment's decision, with a reason in plain words. */
export function decide(input: DecisionInput): ExperimentDecision {
  const { control, primary, treatments } = input;
  if (treatments.length === 0) return { decision: 'not_enough_data', reason: `There is no treatment to compare with ${control}.` };
  const primaries = treatments.map((treatment) => ({ treatment, comparison: treatment.comparisons[primary] }));

  const winners = primaries
    .filter((entry) => entry.comparison?.verdict === 'better' && guardsWorse(entry.treatment, input.guards).length === 0)
    .sort(
      (a, b) =>
        improvement(b.comparison as MetricComparison) - improvement(a.comparison as MetricComparison) || a.treatment.variant.localeCompare(b.treatment.variant),
    );
  const best = winners[0];
  if (best?.comparison) {
    const guards = input.guards.length > 0 ? ` No guard metric (${input.guards.join(', ')}) is worse.` : '';
    const others =
      winners.length > 1 ? ` ${winners.length - 1} other treatment(s) also beat ${control}; ${best.treatment.variant} improved ${primary} the most.` : '';
    return {
      decision: 'winner',
      variant: best.treatment.variant,
      reason: `${best.treatment.variant} beats ${control} on ${primary}: ${describeComparison(best.comparison)}.${guards}${others}${correctionNote(input)}`,
    };
  }

  if (primaries.every((entry) => entry.comparison?.verdict === 'worse')) {
    return {
      decision: 'winner',
      variant: control,
      reason: `Every treatment is worse than ${control} on ${primary}: ${primaries.map((entry) => `${entry.treatment.variant} ${describeComparison(entry.comparison as MetricComparison)}`).join('; ')}. Keep ${control}.${correctionNote(input)}`,
    };
  }

  if (primaries.every((entry) => entry.comparison?.verdict === 'no_difference')) {
    return {
      decision: 'no_difference',
      reason: `No treatment differs from ${control} on ${primary} by more than the equivalence margin: ${primaries.map((entry) => `${entry.treatment.variant} ${describeComparison(entry.comparison as MetricComparison)}`).join('; ')}.`,
    };
  }

  const states = primaries.map(({ treatment, comparison }) => {
    if (!comparison) return `${treatment.variant} has no ${primary} data`;
    const blocked = guardsWorse(treatment, input.guards);
    if (comparison.verdict === 'better' && blocked.length > 0) return `${treatment.variant} is better on ${primary} but worse on ${blocked.join(', ')} (guard)`;
    const n = Math.min(comparison.control.n, comparison.treatment.n);
    const words = comparison.verdict === 'not_enough_data' ? 'undecided' : comparison.verdict.replace('_', ' ');
    return `${treatment.variant} is ${words} on ${primary} with ${n} samples per arm, ${describeComparison(comparison)}`;
  });
  return { decision: 'not_enough_data', reason: `No decision yet: ${states.join('; ')}. Keep the experiment running.` };
}

/**
 * Whether auto-promotion may move the label: only to a treatment that won, checked again against
 * the comparisons (primary better, no guard worse), never to the control.
 */
export function promotable(decision: ExperimentDecision, input: DecisionInput): Promotion {
  if (decision.decision !== 'winner') return { promote: false, reason: `The decision is ${decision.decision.replace('_', ' ')}, not a winner.` };
  if (decision.variant === input.control) return { promote: false, reason: `The control ${input.control} won: the label stays where it is.` };
  const treatment = input.treatments.find((entry) => entry.variant === decision.variant);
  if (!treatment) return { promote: false, reason: `The winner ${decision.variant} is not among the treatments compared.` };
  if (treatment.comparisons[input.primary]?.verdict !== 'better') {
    return { promote: false, reason: `${decision.variant} is not better on the primary metric ${input.primary}.` };
  }
  const blocked = guardsWorse(treatment, input.guards);
  if (blocked.length > 0) return { promote: false, reason: `${decision.variant} is worse on the guard metric(s) ${blocked.join(', ')}.` };
  return { promote: true, variant: decision.variant, reason: decision.reason };
}
