/**
 * Where experiment results come from: per variant, the sufficient statistics of each metric over
 * the request log's rows of the experiment (feedback joined by request id), aggregated in SQL. And
 * where feedback goes. storage/ implements both; the experiments feature and the admin API use them.
 */
import type { MetricName, MetricSummary } from './stats/types.js';

/** One variant's samples. */
export interface VariantSamples {
  variant: string;
  /** Requests assigned to the variant (shadow copies included for a shadow variant). */
  requests: number;
  /** Metrics with at least one sample. */
  metrics: Partial<Record<MetricName, MetricSummary>>;
}

/** Reads an experiment's samples. */
export interface ExperimentResultsSource {
  /** Per variant; `experiment` is the experiment's internal id (the request log's `experiment` column). */
  samples(experiment: string, options?: { since?: number }): Promise<VariantSamples[]>;
}

/** What POST /v1/feedback stores: the caller's attribution is taken from its identity, never from the body. */
export interface FeedbackInput {
  requestId: string;
  time: number;
  teamId?: string;
  projectId?: string;
  keyId?: string;
  endUser?: string;
  score?: number;
  label?: string;
  comment?: string;
}

/** Where feedback is kept. */
export interface FeedbackStore {
  add(feedback: FeedbackInput): Promise<{ id: string }>;
}
