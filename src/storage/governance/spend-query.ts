/**
 * Spend grouped one way over the daily rollups, with the names of teams, projects and keys joined
 * in (null when the object was deleted or the id is '', e.g. requests made with the admin key).
 */
import { type Kysely, sql } from 'kysely';
import type { SpendGroup, SpendRow } from '../../governance/store-contract.js';
import type { StorageSchema } from '../schema.js';
import { num } from './json-columns.js';

/** Per group: the rollup column, the table holding its names, and the SpendRow fields it fills. */
const GROUPS: Record<SpendGroup, { column: string; names?: string; id: keyof SpendRow; name?: keyof SpendRow }> = {
  team: { column: 'team_id', names: 'teams', id: 'team_id', name: 'team_name' },
  project: { column: 'project_id', names: 'projects', id: 'project_id', name: 'project_name' },
  key: { column: 'key_id', names: 'api_keys', id: 'key_id', name: 'key_name' },
  user: { column: 'end_user', id: 'user' },
  model: { column: 'model', id: 'model' },
};

interface Aggregate {
  gid: string;
  name: string | null;
  usd: unknown;
  input_tokens: unknown;
  output_tokens: unknown;
  requests: unknown;
  saved_usd: unknown;
  cache_hits: unknown;
}

/** Sums spend_daily over days from..to inclusive (YYYY-MM-DD), grouped by `groupBy`, most spent first. */
export async function spendByGroup(db: Kysely<StorageSchema>, groupBy: SpendGroup, from: string, to: string, teamId?: string): Promise<SpendRow[]> {
  const group = GROUPS[groupBy];
  // Identifiers come from the fixed table above, never from input; values are bound parameters.
  const column = sql.ref(group.column);
  const inner = sql`select ${column} as gid, sum(usd) as usd, sum(input_tokens) as input_tokens, sum(output_tokens) as output_tokens, sum(requests) as requests, sum(saved_usd) as saved_usd, sum(cache_hits) as cache_hits
    from spend_daily where day >= ${from} and day <= ${to}${teamId !== undefined ? sql` and team_id = ${teamId}` : sql``}
    group by ${column}`;
  const query = group.names
    ? sql<Aggregate>`select s.gid, n.name as name, s.usd, s.input_tokens, s.output_tokens, s.requests, s.saved_usd, s.cache_hits
        from (${inner}) s left join ${sql.table(group.names)} n on n.id = s.gid
        order by s.usd desc, s.gid asc`
    : sql<Aggregate>`select s.gid, null as name, s.usd, s.input_tokens, s.output_tokens, s.requests, s.saved_usd, s.cache_hits
        from (${inner}) s order by s.usd desc, s.gid asc`;
  const { rows } = await query.execute(db);
  return rows.map((row) => {
    // The group's id and name first, so JSON and CSV read left to right.
    const fields: Record<string, unknown> = { [group.id]: row.gid };
    if (group.name) fields[group.name] = row.name;
    return {
      ...fields,
      usd: num(row.usd),
      input_tokens: num(row.input_tokens),
      output_tokens: num(row.output_tokens),
      requests: num(row.requests),
      saved_usd: num(row.saved_usd),
      cache_hits: num(row.cache_hits),
    };
  });
}
