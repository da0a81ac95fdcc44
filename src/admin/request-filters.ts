/**
 * What the request log's routes share: times from the query (epoch ms or ISO), and team scoping.
 * The owner sees every team; a team_admin or viewer sees its own team only, and naming another
 * team is refused with a 403 (an empty answer would look like a team without traffic).
 */
import type { Principal } from './auth.js';
import { forbidden, invalid } from './errors.js';
import { queryTimeMs } from './schemas.js';

/** A validated time parameter in ms since the epoch, or a 400 naming it. */
export function timeMs(value: string | undefined, param: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = queryTimeMs(value);
  if (!Number.isSafeInteger(ms) || ms < 0 || ms > 8.64e15) throw invalid(`Query parameter '${param}': not a time the gateway can use.`, param);
  return ms;
}

/** The team the caller's rows are limited to: its own (non-owners), else the `team` asked for. */
export function scopedTeam(p: Principal, team: string | undefined): string | undefined {
  if (p.role === 'owner') return team;
  if (team !== undefined && team !== p.teamId) throw forbidden(`This key belongs to team '${p.teamId}': it cannot read another team's requests.`, 'team');
  return p.teamId;
}

/** A 400 when `to` is not after `from`. */
export function checkRange(from: number | undefined, to: number | undefined): void {
  if (from !== undefined && to !== undefined && to <= from) throw invalid(`Query parameter 'to' (${to}) must be after 'from' (${from}).`, 'to');
}
