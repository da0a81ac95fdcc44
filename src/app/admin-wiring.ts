/**
 * Wiring of the admin API: governance's stores on the gateway's storage, and the admin router
 * over them. Virtual keys are looked up in a tenancy snapshot reloaded when the epoch moved (one
 * cheap query per admin call: admin calls are rare and must see a revocation at once).
 */
import { createAdminRouter } from '../admin/router.js';
import type { Config } from '../config/schema.js';
import { hashKey } from '../governance/keys/secret.js';
import type { TenancyStore } from '../governance/store-contract.js';
import type { TenancySnapshot, VirtualKey } from '../governance/types.js';
import type { Logger } from '../pipeline/services.js';
import type { PathRouter } from '../server/route.js';
import type { GovernanceStores } from '../storage/governance/index.js';

/** Resolves key secrets against a snapshot that is reloaded whenever the tenancy epoch moved. */
export function epochCheckedKeyLookup(tenancy: TenancyStore): (secret: string) => Promise<VirtualKey | undefined> {
  let snapshot: TenancySnapshot | undefined;
  let loading: Promise<TenancySnapshot> | undefined;
  return async (secret) => {
    const epoch = await tenancy.epoch();
    if (!snapshot || snapshot.epoch !== epoch) {
      // Concurrent admin calls share one reload.
      loading ??= tenancy.snapshot().finally(() => {
        loading = undefined;
      });
      snapshot = await loading;
    }
    return snapshot.keysByHash.get(hashKey(secret));
  };
}

/** The tenancy store calls that change teams, projects or keys. */
const TENANCY_WRITES: ReadonlySet<PropertyKey> = new Set([
  'createTeam',
  'updateTeam',
  'deleteTeam',
  'createProject',
  'updateProject',
  'deleteProject',
  'createKey',
  'updateKey',
  'revokeKey',
]);

/**
 * The tenancy store, with `changed` awaited after every admin write: the replica that took the
 * write reloads its request-path snapshot before it answers, so a key works (or stops working)
 * here as soon as its admin call returns, instead of after the next poll.
 */
export function refreshingTenancy(tenancy: TenancyStore, changed: () => Promise<void>): TenancyStore {
  return new Proxy(tenancy, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      if (!TENANCY_WRITES.has(property)) return value.bind(target);
      return async (...args: unknown[]) => {
        const result: unknown = await value.apply(target, args);
        await changed();
        return result;
      };
    },
  });
}

/** Builds the admin router over governance's stores; `tenancyChanged` runs after each tenancy write (reloads the snapshot). */
export function wireAdmin(governance: GovernanceStores, config: Config, logger: Logger, tenancyChanged?: () => Promise<void>): PathRouter {
  return createAdminRouter({
    ...governance,
    tenancy: tenancyChanged ? refreshingTenancy(governance.tenancy, tenancyChanged) : governance.tenancy,
    adminKey: config.admin_key,
    resolveVirtualKey: epochCheckedKeyLookup(governance.tenancy),
    timezone: config.governance.timezone,
    logger,
  });
}
