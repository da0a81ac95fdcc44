/**
 * Wiring of the admin API: governance's stores on the gateway's storage, and the admin router
 * over them. Admin callers' virtual keys are looked up in the request path's own tenancy snapshot,
 * refreshed first (one cheap epoch query per admin call: admin calls are rare and must see a
 * revocation made on another replica at once).
 */
import type { AdminCacheControls } from '../admin/cache-contract.js';
import type { AdminExperiments } from '../admin/experiments-contract.js';
import { createAdminRouter } from '../admin/router.js';
import type { TargetsView } from '../routing/targets-view.js';
import type { Config } from '../config/schema.js';
import type { TenancyCache } from '../governance/keys/tenancy-cache.js';
import type { TenancyStore } from '../governance/store-contract.js';
import type { Logger } from '../pipeline/services.js';
import type { PromptStore } from '../prompts/store-contract.js';
import type { PathRouter } from '../server/route.js';
import type { GovernanceStores } from '../storage/governance/index.js';
import type { RequestLogReader } from '../storage/request-log/query.js';

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

/** Builds the admin router over governance's stores and the tenancy snapshot (reloaded after each admin write). */
export function wireAdmin(
  governance: GovernanceStores,
  cache: TenancyCache,
  config: Config,
  logger: Logger,
  routing?: TargetsView,
  openLoopback = false,
  requestLog?: RequestLogReader,
  cacheControls?: AdminCacheControls,
  prompts?: PromptStore,
  experiments?: AdminExperiments,
): PathRouter {
  return createAdminRouter({
    ...governance,
    tenancy: refreshingTenancy(governance.tenancy, () => cache.refresh()),
    adminKey: config.admin_key,
    openLoopback,
    resolveVirtualKey: async (secret) => {
      await cache.refresh();
      return cache.lookup(secret)?.key;
    },
    timezone: config.governance.timezone,
    logger,
    routing,
    requestLog,
    cache: cacheControls,
    prompts,
    experiments,
  });
}
