/** Experiments and their results as GET /admin/v1/experiments… answers them (snake_case wire form). */

/** One arm's sufficient statistics for one metric. */
export interface WireMetricSummary {
  n: number;
  mean: number;
  variance: number;
}

/** What a comparison concluded for one metric. */
export type Verdict = 'better' | 'worse' | 'no_difference' | 'not_enough_data';

/** A variant as the experiment declares it: a prompt version (or label), a model, parameters. */
export interface ExperimentVariant {
  name: string;
  weight: number;
  prompt_version?: number | string;
  model?: string;
  params?: Record<string, unknown>;
}

/** GET /admin/v1/experiments item. */
export interface Experiment {
  object: 'experiment';
  id: string;
  name: string;
  /** 'global' (the owner's) or 'team' (team_id's). */
  scope: string;
  team_id?: string | null;
  /** running, paused, stopped or promoted. */
  status: string;
  description?: string;
  /** What traffic is split: {prompt: ID} or {alias: NAME}. */
  target: unknown;
  variants: ExperimentVariant[];
  control?: string;
  primary_metric: string;
  guard_metrics?: string[];
  unit?: string;
  traffic?: number;
  teams?: string[];
  auto_promote?: { label: string } | null;
  shadow?: { variant: string; fraction: number } | null;
  created_at: string | number;
  updated_at: string | number;
}

/** Treatment against control on one metric. */
export interface WireComparison {
  variant: string;
  metric: string;
  control: WireMetricSummary;
  treatment: WireMetricSummary;
  difference: number;
  relative?: number | null;
  /** Always-valid (1 − alpha) interval for the difference; a bound may be null (unbounded) early on. */
  interval: [number | null, number | null];
  p_value: number | null;
  verdict: Verdict;
}

/** The experiment's explicit decision. */
export interface WireDecision {
  decision: 'winner' | 'no_difference' | 'not_enough_data';
  variant?: string;
  reason: string;
}

/** GET /admin/v1/experiments/{id}/results. */
export interface ExperimentResults {
  object: 'experiment_results';
  experiment_id: string;
  name: string;
  status: string;
  control: string;
  primary_metric: string;
  alpha: number;
  variants: { name: string; weight: number; requests: number; metrics: Record<string, WireMetricSummary | undefined> }[];
  comparisons: WireComparison[];
  decision: WireDecision;
  updated_at: string | number;
}
