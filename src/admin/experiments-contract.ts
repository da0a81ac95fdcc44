/** What the admin API's experiment routes need from the composition root (app/experiments.ts). */
import type { Experiment } from '../prompts/experiments/definition.js';
import type { ExperimentResultsBody } from '../prompts/experiments/results.js';
import type { ExperimentStore } from '../prompts/experiments/store-contract.js';

/** The experiment store (writes reload the request path's snapshot) and results. */
export interface AdminExperiments {
  store: ExperimentStore;
  /** Compares the variants now (the same carried state the promotion loop uses). */
  results(experiment: Experiment): Promise<ExperimentResultsBody>;
}
