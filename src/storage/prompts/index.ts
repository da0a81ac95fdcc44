/** The prompt registry over the open database: what app/ wires into the admin API and the request path. */
import type { PromptStore } from '../../prompts/store-contract.js';
import type { Storage } from '../open.js';
import { KyselyPromptStore, type PromptStoreOptions } from './prompt-store.js';

export { KyselyPromptStore, type PromptStoreOptions } from './prompt-store.js';

/** The PromptStore on `storage` (already migrated by openStorage); it shares its connection or pool. */
export function openPromptStore(storage: Pick<Storage, 'db' | 'kind'>, options: PromptStoreOptions = {}): PromptStore {
  return new KyselyPromptStore(storage.db, storage.kind, options);
}
