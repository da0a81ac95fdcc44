/** Experiments on the gateway's storage: what app/ wires into the admin API, the assignment hook and the promotion loop. */
import type { ExperimentStore } from '../../prompts/experiments/store-contract.js';
import type { Storage } from '../open.js';
import { type ExperimentStoreOptions, KyselyExperimentStore } from './experiment-store.js';

export { KyselyExperimentStore, newExperimentId } from './experiment-store.js';

/** The experiment store on `storage` (already migrated). */
export function openExperimentStore(storage: Pick<Storage, 'db' | 'kind'>, options?: ExperimentStoreOptions): ExperimentStore {
  return new KyselyExperimentStore(storage.db, storage.kind, options);
}
