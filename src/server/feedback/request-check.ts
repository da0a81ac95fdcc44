/**
 * Whether feedback may name a request. The request log is written in batches, so a fast client
 * may send feedback before its request's row exists. The rule:
 * - the row exists: accepted only when its team is the caller's (no team on both counts as one);
 * - no row, and the id is one the gateway minted within `graceMs` of now (its first characters
 *   are the time it was minted; clocks of replicas may differ either way): accepted, as the row may still be on its way; results join
 *   feedback to requests with the same team check, so it never counts on another team's request;
 * - otherwise (an older or foreign id with no row): refused.
 */

/** Finds the request log's row for an id: its team (null: none), or undefined when there is no row. */
export interface RequestLookup {
  find(requestId: string): Promise<{ teamId: string | null } | undefined>;
  /** How long after its id was minted a request's row may still be missing (a few flush intervals). */
  graceMs: number;
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
/** `req_`, 8 base62 characters of ms since the epoch, 16 random ones (core/ids.ts newRequestId). */
const GATEWAY_ID = /^req_([A-Za-z0-9]{8})[A-Za-z0-9]{16}$/;

/** When the gateway minted a request id, or undefined for an id it did not mint. */
export function requestIdTime(requestId: string): number | undefined {
  const match = GATEWAY_ID.exec(requestId);
  if (!match) return undefined;
  let time = 0;
  for (const c of match[1]!) time = time * 62 + ALPHABET.indexOf(c);
  return time;
}

/** Applies the rule above; `team` is the caller's. */
export async function requestAccepts(lookup: RequestLookup, requestId: string, team: string | undefined, now: number): Promise<boolean> {
  const row = await lookup.find(requestId);
  if (row) return row.teamId === (team ?? null);
  const minted = requestIdTime(requestId);
  return minted !== undefined && Math.abs(now - minted) <= lookup.graceMs;
}
