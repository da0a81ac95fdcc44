/**
 * The spend ledger over Kysely. write() inserts the request rows and adds only the rows it really
 * inserted to the daily rollups, in one transaction, so a batch replayed after a crash or an
 * outage (the spill file) never counts twice. Rollups are kept when old request rows are swept.
 */
import { type Kysely, sql } from 'kysely';
import type { BudgetScope, LedgerEntry, LedgerStore, SpendGroup, SpendRow } from '../../governance/store-contract.js';
import type { SpendDailyTable, StorageSchema } from '../schema.js';
import { num } from './json-columns.js';
import { ROLLUP_KEY, sumRollups } from './ledger-rollups.js';
import { spendByGroup } from './spend-query.js';

/** Rows per INSERT: 15 columns × 500 stays far under SQLite's and PostgreSQL's bound-variable limits. */
const CHUNK = 500;
/** Ledger rows deleted per statement by sweep, so SQLite never holds its write lock for long. */
const SWEEP_BATCH = 5000;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The inserted entries summed per rollup row, sorted by key so concurrent writers lock rows in one order. */
function rollups(entries: readonly LedgerEntry[]): SpendDailyTable[] {
  return [...sumRollups(entries).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
}

/** A LedgerStore on SQLite or PostgreSQL. */
export class KyselyLedgerStore implements LedgerStore {
  constructor(private readonly db: Kysely<StorageSchema>) {}

  async write(entries: readonly LedgerEntry[]): Promise<void> {
    // One row per request id: the first wins, as the insert below would decide anyway.
    const unique = new Map<string, LedgerEntry>();
    for (const entry of entries) if (!unique.has(entry.request_id)) unique.set(entry.request_id, entry);
    if (unique.size === 0) return;
    const sorted = [...unique.values()].sort((a, b) => (a.request_id < b.request_id ? -1 : a.request_id > b.request_id ? 1 : 0));
    await this.db.transaction().execute(async (trx) => {
      const inserted: LedgerEntry[] = [];
      for (const chunk of chunks(sorted, CHUNK)) {
        const rows = await trx
          .insertInto('spend_ledger')
          .values(
            chunk.map((e) => ({
              request_id: e.request_id,
              time: Math.floor(e.time),
              day: e.day,
              team_id: e.team_id,
              project_id: e.project_id,
              key_id: e.key_id,
              end_user: e.end_user,
              model: e.model,
              provider: e.provider,
              usd: e.usd,
              input_tokens: e.input_tokens,
              output_tokens: e.output_tokens,
              estimated: e.estimated ? 1 : 0,
              saved_usd: e.saved_usd ?? 0,
              cache_hit: e.cache_hit ? 1 : 0,
            })),
          )
          .onConflict((oc) => oc.column('request_id').doNothing())
          .returning('request_id')
          .execute();
        const fresh = new Set(rows.map((row) => row.request_id));
        for (const e of chunk) if (fresh.has(e.request_id)) inserted.push(e);
      }
      for (const chunk of chunks(rollups(inserted), CHUNK)) {
        await trx
          .insertInto('spend_daily')
          .values(chunk)
          .onConflict((oc) =>
            oc.columns([...ROLLUP_KEY]).doUpdateSet((eb) => ({
              usd: eb('spend_daily.usd', '+', eb.ref('excluded.usd')),
              input_tokens: eb('spend_daily.input_tokens', '+', eb.ref('excluded.input_tokens')),
              output_tokens: eb('spend_daily.output_tokens', '+', eb.ref('excluded.output_tokens')),
              requests: eb('spend_daily.requests', '+', eb.ref('excluded.requests')),
              estimated_requests: eb('spend_daily.estimated_requests', '+', eb.ref('excluded.estimated_requests')),
              saved_usd: eb('spend_daily.saved_usd', '+', eb.ref('excluded.saved_usd')),
              cache_hits: eb('spend_daily.cache_hits', '+', eb.ref('excluded.cache_hits')),
            })),
          )
          .execute();
      }
    });
  }

  spend(groupBy: SpendGroup, from: string, to: string, teamId?: string): Promise<SpendRow[]> {
    return spendByGroup(this.db, groupBy, from, to, teamId);
  }

  async spentSince(scope: BudgetScope, fromDay: string | null): Promise<{ usd: number; tokens: number }> {
    let query = this.db
      .selectFrom('spend_daily')
      .select([sql<number>`coalesce(sum(usd), 0)`.as('usd'), sql<number>`coalesce(sum(input_tokens + output_tokens), 0)`.as('tokens')])
      .$if(fromDay !== null, (qb) => qb.where('day', '>=', fromDay!));
    switch (scope.kind) {
      case 'key':
        query = query.where('key_id', '=', scope.id);
        break;
      case 'project':
        query = query.where('project_id', '=', scope.id);
        break;
      case 'team':
        query = query.where('team_id', '=', scope.id);
        break;
      case 'user': {
        const owner = scope.owner;
        const prefix = owner ? `${owner.id}:` : '';
        if (!owner || !scope.id.startsWith(prefix))
          throw new Error(`user budget scope '${scope.id}' needs an owner whose id prefixes it ('OWNER_ID:END_USER')`);
        query = query.where(owner.kind === 'team' ? 'team_id' : 'project_id', '=', owner.id).where('end_user', '=', scope.id.slice(prefix.length));
        break;
      }
    }
    const row = await query.executeTakeFirstOrThrow();
    // PostgreSQL sums BIGINT into NUMERIC, which pg hands back as a string.
    return { usd: num(row.usd), tokens: num(row.tokens) };
  }

  async sweep(before: number): Promise<number> {
    let total = 0;
    for (;;) {
      const result = await this.db
        .deleteFrom('spend_ledger')
        .where('request_id', 'in', (eb) => eb.selectFrom('spend_ledger').select('request_id').where('time', '<', before).limit(SWEEP_BATCH))
        .executeTakeFirst();
      const deleted = Number(result.numDeletedRows);
      total += deleted;
      if (deleted < SWEEP_BATCH) return total;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
}
