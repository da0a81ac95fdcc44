/**
 * The contract of the Responses API's conversation state: what the gateway keeps for `store: true`
 * responses, so `previous_response_id`, `GET /v1/responses/{id}`, `DELETE` and `input_items`
 * work on any provider. Storage implements it (storage/sqlite, storage/postgres, an in-memory one
 * for tests); the Responses hooks and routes use it. Every read and write names the tenant: a
 * stored response is never visible to another tenant.
 */
import type { CallerIdentity } from '../pipeline/context.js';

/** One stored response, as its wire JSON (OpenAI Responses format). */
export interface StoredResponse {
  /** The response id the gateway gave it (`resp_…`). */
  id: string;
  /** Whose it is: see tenantOf(). */
  tenant: string;
  /** ms since the epoch. */
  createdAt: number;
  /** ms since the epoch after which it is gone; null keeps it until deleted. */
  expiresAt: number | null;
  /** The model the client asked for. */
  model: string;
  /** The response this one continued, if any. */
  previousResponseId?: string;
  /** This turn's input items (Responses wire items, `instructions` excluded), not the history before it. */
  input: Record<string, unknown>[];
  /** The response object as returned to the client. */
  response: Record<string, unknown>;
}

/** A page of a response's input items, newest or oldest first. */
export interface InputItemsPage {
  items: Record<string, unknown>[];
  hasMore: boolean;
}

/** Where stored responses live. Every method is scoped to one tenant. */
export interface ResponseStore {
  /** Saves (or replaces) a response. */
  put(record: StoredResponse): Promise<void>;
  /** The response, unless it does not exist, expired, or belongs to another tenant. */
  get(tenant: string, id: string): Promise<StoredResponse | undefined>;
  /** Deletes it; false when there was nothing the tenant could see. */
  delete(tenant: string, id: string): Promise<boolean>;
  /** Deletes expired responses; returns how many. Called periodically, off the request path. */
  sweep(now: number): Promise<number>;
  close(): Promise<void>;
}

/**
 * The tenant a caller's stored data belongs to: the project, else the team, else the key; callers
 * without keys (open mode, the admin key) share the tenant "default".
 */
export function tenantOf(identity: CallerIdentity | undefined): string {
  if (!identity) return 'default';
  if (identity.project) return `project:${identity.project}`;
  if (identity.team) return `team:${identity.team}`;
  if (identity.keyId) return `key:${identity.keyId}`;
  return 'default';
}
