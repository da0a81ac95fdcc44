/** A stored response ↔ its `responses` row, shared by the Kysely store and the SQLite one. */
import type { StoredResponse } from '../../responses/store-contract.js';
import type { ResponsesTable } from '../schema.js';

/** Options both SQL stores take. */
export interface ResponseStoreOptions {
  /** The clock expiry is checked against (tests pass a fixed one). */
  now?: () => number;
  /** Rows one sweep statement deletes at most; the sweep repeats until fewer are left. */
  sweepBatch?: number;
}

/** A row as a driver returns it (BIGINT columns may come back as bigint). */
export type ResponseRow = Omit<ResponsesTable, 'created_at' | 'expires_at'> & { created_at: number | bigint; expires_at: number | bigint | null };

/** The row to write for a record (JSON columns as text). */
export function toResponseRow(record: StoredResponse): ResponsesTable {
  return {
    tenant: record.tenant,
    id: record.id,
    created_at: record.createdAt,
    expires_at: record.expiresAt,
    model: record.model,
    previous_response_id: record.previousResponseId ?? null,
    input: JSON.stringify(record.input),
    response: JSON.stringify(record.response),
  };
}

/** The record a row holds. */
export function fromResponseRow(row: ResponseRow): StoredResponse {
  const record: StoredResponse = {
    id: row.id,
    tenant: row.tenant,
    createdAt: Number(row.created_at),
    expiresAt: row.expires_at === null ? null : Number(row.expires_at),
    model: row.model,
    input: JSON.parse(row.input) as Record<string, unknown>[],
    response: JSON.parse(row.response) as Record<string, unknown>,
  };
  if (row.previous_response_id !== null) record.previousResponseId = row.previous_response_id;
  return record;
}
