/**
 * An in-memory ResponseStore for tests and single-process experiments: the same contract as the
 * SQL store (tenant scoping, expiry on read, sweep), nothing durable. Records are copied in and
 * out through JSON, as the SQL store stores them, so a caller never shares objects with the store.
 */
import type { ResponseStore, StoredResponse } from '../../responses/store-contract.js';

/** Options for the memory store. */
export interface MemoryResponseStoreOptions {
  /** The clock expiry is checked against. */
  now?: () => number;
}

/** A Map-backed ResponseStore. */
export class MemoryResponseStore implements ResponseStore {
  /** Keyed by tenant, then id: no key can be built that crosses tenants. */
  private readonly byTenant = new Map<string, Map<string, string>>();
  private readonly now: () => number;

  constructor(options: MemoryResponseStoreOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  async put(record: StoredResponse): Promise<void> {
    let rows = this.byTenant.get(record.tenant);
    if (!rows) this.byTenant.set(record.tenant, (rows = new Map()));
    rows.set(record.id, JSON.stringify(record));
  }

  async get(tenant: string, id: string): Promise<StoredResponse | undefined> {
    const text = this.byTenant.get(tenant)?.get(id);
    if (text === undefined) return undefined;
    const record = JSON.parse(text) as StoredResponse;
    return visible(record, this.now()) ? record : undefined;
  }

  async delete(tenant: string, id: string): Promise<boolean> {
    const rows = this.byTenant.get(tenant);
    const text = rows?.get(id);
    if (!rows || text === undefined) return false;
    rows.delete(id);
    if (rows.size === 0) this.byTenant.delete(tenant);
    return visible(JSON.parse(text) as StoredResponse, this.now());
  }

  async sweep(now: number): Promise<number> {
    let deleted = 0;
    for (const [tenant, rows] of this.byTenant) {
      for (const [id, text] of rows) {
        const { expiresAt } = JSON.parse(text) as StoredResponse;
        if (expiresAt !== null && expiresAt < now) {
          rows.delete(id);
          deleted++;
        }
      }
      if (rows.size === 0) this.byTenant.delete(tenant);
    }
    return deleted;
  }

  async close(): Promise<void> {
    this.byTenant.clear();
  }
}

/** Whether a record may still be read at `now` (expiresAt is the last visible ms). */
function visible(record: StoredResponse, now: number): boolean {
  return record.expiresAt === null || record.expiresAt >= now;
}
