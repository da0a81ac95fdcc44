/**
 * Wires stored prompts: the prepare hook over the registry, and the registry as the admin API
 * should write to it, which forgets cached label positions after each write so a label moved on
 * this replica is used by its very next request (other replicas follow within a second).
 */
import type { Hook } from '../pipeline/contract.js';
import { type PromptFeature, promptFeature } from '../prompts/prepare-hook.js';
import type { PromptStore } from '../prompts/store-contract.js';

/** What the app hands on: the hook for the plans and the store for the admin API and CLI routes. */
export interface Prompts {
  hook: Hook;
  /** The registry; writes through it invalidate the hook's label cache. */
  store: PromptStore;
  invalidate: PromptFeature['invalidate'];
}

/** The store with every write followed by `invalidate(tenant, id)`. */
export function invalidatingStore(store: PromptStore, invalidate: PromptFeature['invalidate']): PromptStore {
  return {
    list: (tenant, page) => store.list(tenant, page),
    get: (tenant, id) => store.get(tenant, id),
    versions: (tenant, id, page) => store.versions(tenant, id, page),
    version: (tenant, id, version) => store.version(tenant, id, version),
    labelled: (tenant, id, label) => store.labelled(tenant, id, label),
    labelHistory: (tenant, id, label, page) => store.labelHistory(tenant, id, label, page),
    async push(actor, tenant, id, input) {
      const pushed = await store.push(actor, tenant, id, input);
      invalidate(tenant, id);
      return pushed;
    },
    async setLabel(actor, tenant, id, label, version, options) {
      const moved = await store.setLabel(actor, tenant, id, label, version, options);
      invalidate(tenant, id);
      return moved;
    },
    async removeLabel(actor, tenant, id, label) {
      const removed = await store.removeLabel(actor, tenant, id, label);
      invalidate(tenant, id);
      return removed;
    },
  };
}

/** The prompts feature over the registry. */
export function startPrompts(registry: PromptStore): Prompts {
  const feature = promptFeature(registry);
  return { hook: feature.hook as Hook, store: invalidatingStore(registry, feature.invalidate), invalidate: feature.invalidate };
}
