/** An in-memory ResponseStore for tests: the contract's behaviour (tenants, expiry) with no I/O. */
import type { ResponseStore, StoredResponse } from '../responses/store-contract.js';

/** Keeps stored responses in a Map; `now` is the clock expiry is judged by. */
export class MemoryResponseStore implements ResponseStore {
  private readonly records = new Map<string, StoredResponse>();
  /** Every put, in order, for assertions. */
  readonly puts: StoredResponse[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  private key(tenant: string, id: string): string {
    return `${tenant}\u0000${id}`;
  }

  async put(record: StoredResponse): Promise<void> {
    const copy = structuredClone(record);
    this.puts.push(copy);
    this.records.set(this.key(record.tenant, record.id), copy);
  }

  async get(tenant: string, id: string): Promise<StoredResponse | undefined> {
    const record = this.records.get(this.key(tenant, id));
    if (!record || (record.expiresAt !== null && record.expiresAt <= this.now())) return undefined;
    return structuredClone(record);
  }

  async delete(tenant: string, id: string): Promise<boolean> {
    const visible = (await this.get(tenant, id)) !== undefined;
    this.records.delete(this.key(tenant, id));
    return visible;
  }

  async sweep(now: number): Promise<number> {
    let removed = 0;
    for (const [key, record] of this.records) {
      if (record.expiresAt !== null && record.expiresAt <= now) {
        this.records.delete(key);
        removed++;
      }
    }
    return removed;
  }

  async close(): Promise<void> {
    this.records.clear();
  }
}
