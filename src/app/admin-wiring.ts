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

/** Builds the admin router over governance's stores. */
export function wireAdmin(governance: GovernanceStores, config: Config, logger: Logger): PathRouter {
  return createAdminRouter({
    ...governance,
    adminKey: config.admin_key,
    resolveVirtualKey: epochCheckedKeyLookup(governance.tenancy),
    timezone: config.governance.timezone,
    logger,
  });
}
