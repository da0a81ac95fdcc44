/** Experiment results over the open database: what app/ hands the experiments feature and the admin API. */
import type { ExperimentResultsSource } from '../../prompts/experiments/results-contract.js';
import type { Storage } from '../open.js';
import { SqlExperimentResults } from './sql-results-source.js';

export { SqlExperimentResults, summarize } from './sql-results-source.js';

/** The experiment results source on `storage` (SQLite or PostgreSQL; same SQL on both). */
export function openExperimentResults(storage: Pick<Storage, 'db'>): ExperimentResultsSource {
  return new SqlExperimentResults(storage.db);
}
