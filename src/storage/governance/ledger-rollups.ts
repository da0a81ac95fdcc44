/**
 * Summing ledger entries into spend_daily rows, shared by the Kysely ledger store and SQLite's
 * prepared one. It runs once per entry on every request's way into the ledger, so the key is a
 * plain string join rather than JSON of an array.
 */
import type { LedgerEntry } from '../../governance/store-contract.js';
import type { SpendDailyTable } from '../schema.js';

/** The columns of spend_daily's primary key: one rollup row per distinct tuple. */
export const ROLLUP_KEY = ['day', 'team_id', 'project_id', 'key_id', 'end_user', 'model'] as const;

const NUL = '\u0000';

/**
 * A string that identifies an entry's rollup row: the key fields joined with NUL. A client can put
 * a NUL into its end user id (the body's `user`), which would let two tuples join to one string,
 * so such a rare entry is keyed by JSON instead, which escapes NUL and so never equals a joined key.
 * (day is made by the gateway; with the other five free of NUL, a joined key reads back one way.)
 */
export function rollupKey(e: LedgerEntry): string {
  if (e.end_user.includes(NUL) || e.model.includes(NUL) || e.team_id.includes(NUL) || e.project_id.includes(NUL) || e.key_id.includes(NUL))
    return JSON.stringify([e.day, e.team_id, e.project_id, e.key_id, e.end_user, e.model]);
  return `${e.day}${NUL}${e.team_id}${NUL}${e.project_id}${NUL}${e.key_id}${NUL}${e.end_user}${NUL}${e.model}`;
}

/** The entries summed per rollup row, by rollupKey, in first-seen order. */
export function sumRollups(entries: readonly LedgerEntry[]): Map<string, SpendDailyTable> {
  const byKey = new Map<string, SpendDailyTable>();
  for (const e of entries) {
    const key = rollupKey(e);
    let row = byKey.get(key);
    if (!row) {
      row = {
        day: e.day,
        team_id: e.team_id,
        project_id: e.project_id,
        key_id: e.key_id,
        end_user: e.end_user,
        model: e.model,
        usd: 0,
        input_tokens: 0,
        output_tokens: 0,
        requests: 0,
        estimated_requests: 0,
        saved_usd: 0,
        cache_hits: 0,
      };
      byKey.set(key, row);
    }
    row.usd += e.usd;
    row.input_tokens += e.input_tokens;
    row.output_tokens += e.output_tokens;
    row.requests += 1;
    row.estimated_requests += e.estimated ? 1 : 0;
    row.saved_usd += e.saved_usd ?? 0;
    row.cache_hits += e.cache_hit ? 1 : 0;
  }
  return byKey;
}
