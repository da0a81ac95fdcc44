/** Governance's stores over the open database: what app/ wires into the admin API and the request path. */
import type { AlertStore, AuditStore, LedgerStore, TenancyStore } from '../../governance/store-contract.js';
import type { Storage } from '../open.js';
import { SqliteLedgerStore } from '../sqlite/ledger-store.js';
import { KyselyAlertStore } from './alert-store.js';
import { KyselyAuditStore } from './audit-store.js';
import { KyselyLedgerStore } from './ledger-store.js';
import { KyselyTenancyStore, type TenancyStoreOptions } from './tenancy-store.js';

export { KyselyAlertStore } from './alert-store.js';
export { KyselyAuditStore } from './audit-store.js';
export { KyselyLedgerStore } from './ledger-store.js';
export { SqliteLedgerStore } from '../sqlite/ledger-store.js';
export { KyselyTenancyStore, type TenancyStoreOptions } from './tenancy-store.js';

/** The four governance stores. */
export interface GovernanceStores {
  tenancy: TenancyStore;
  audit: AuditStore;
  ledger: LedgerStore;
  alerts: AlertStore;
}

/**
 * Governance's stores on `storage` (already migrated by openStorage); they share its connection or
 * pool. On SQLite the ledger writes through the better-sqlite3 handle with prepared statements: it
 * is written for every request.
 */
export function openGovernanceStores(storage: Pick<Storage, 'db' | 'kind' | 'sqlite'>, options: TenancyStoreOptions = {}): GovernanceStores {
  return {
    tenancy: new KyselyTenancyStore(storage.db, storage.kind, options),
    audit: new KyselyAuditStore(storage.db, storage.kind),
    ledger: storage.sqlite ? new SqliteLedgerStore(storage.sqlite, storage.db) : new KyselyLedgerStore(storage.db),
    alerts: new KyselyAlertStore(storage.db, storage.kind),
  };
}
