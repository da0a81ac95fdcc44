/** What the admin API needs from the composition root. */
import type { Logger } from '../pipeline/services.js';
import type { AdminCacheControls } from './cache-contract.js';
import type { AdminExperiments } from './experiments-contract.js';
import type { PromptStore } from '../prompts/store-contract.js';
import type { AlertStore, AuditStore, LedgerStore, TenancyStore } from '../governance/store-contract.js';
import type { VirtualKey } from '../governance/types.js';
import type { TargetsView } from '../routing/targets-view.js';
import type { RequestLogReader } from '../storage/request-log/query.js';

/** The admin router's dependencies. */
export interface AdminDeps {
  tenancy: TenancyStore;
  audit: AuditStore;
  ledger: LedgerStore;
  alerts: AlertStore;
  /** The config's admin_key (role owner); unset: only team_admin and viewer keys get in (and open-mode loopback callers). */
  adminKey?: string;
  /**
   * Open mode on loopback (no admin_key, bound to a loopback address): a caller that sends no key,
   * addressed to a loopback Host, acts as owner, as it may already call every model (decision 0013).
   */
  openLoopback?: boolean;
  /** The stored key a presented secret names (revoked and expired keys may be returned: the router refuses them). */
  resolveVirtualKey(secret: string): VirtualKey | undefined | Promise<VirtualKey | undefined>;
  /** governance.timezone: the default spend range is the current month in it. */
  timezone: string;
  logger: Logger;
  /** The routing plan with its breakers and statistics, for GET /admin/v1/targets (absent: that route answers 404). */
  routing?: TargetsView;
  /** The request log's search, detail and overview (absent: those routes answer 404). */
  requestLog?: RequestLogReader;
  /** The response cache's purge and live size (absent when the cache is off: the cache routes answer cache_disabled). */
  cache?: AdminCacheControls;
  /** Experiments (absent: those routes answer 404). */
  experiments?: AdminExperiments;
  /** The prompt registry (absent: the prompts routes answer 404). */
  prompts?: PromptStore;
  /** ms since the epoch (tests move it). */
  now?(): number;
}
