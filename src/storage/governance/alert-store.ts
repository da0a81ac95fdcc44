/**
 * Alert bookkeeping over Kysely: one row per (budget, period, threshold), claimed by an insert
 * that only one writer anywhere can win, with the outcome of each delivery appended to it.
 */
import type { Kysely } from 'kysely';
import type { AlertStore } from '../../governance/store-contract.js';
import type { StorageSchema } from '../schema.js';
import { num } from './json-columns.js';

/** Alerts a list returns when the filter names no limit. */
const DEFAULT_LIMIT = 100;
/** Alerts a list returns at most. */
const MAX_LIMIT = 1000;

/** One delivery attempt series to one target, as kept in alert_events.deliveries. */
export interface AlertDelivery {
  target: string;
  ok: boolean;
  attempts: number;
  error: string | null;
  time: number;
}

/** An AlertStore on SQLite or PostgreSQL. */
export class KyselyAlertStore implements AlertStore {
  constructor(
    private readonly db: Kysely<StorageSchema>,
    private readonly kind: 'sqlite' | 'postgres',
  ) {}

  async claim(alertId: string, now: number, payload: string, teamId?: string | null): Promise<boolean> {
    const rows = await this.db
      .insertInto('alert_events')
      .values({ id: alertId, time: Math.floor(now), team_id: teamId ?? null, payload, deliveries: '[]' })
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .execute();
    return rows.length === 1;
  }

  async recordDelivery(alertId: string, target: string, ok: boolean, attempts: number, error: string | null, now: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      // FOR UPDATE on PostgreSQL: deliveries to several targets finish concurrently and must not lose each other's entry.
      const row = await trx
        .selectFrom('alert_events')
        .select('deliveries')
        .where('id', '=', alertId)
        .$if(this.kind === 'postgres', (qb) => qb.forUpdate())
        .executeTakeFirst();
      if (!row) throw new Error(`alert '${alertId}' was never claimed; claim it before recording deliveries`);
      const deliveries = JSON.parse(row.deliveries) as AlertDelivery[];
      deliveries.push({ target, ok, attempts, error, time: now });
      await trx
        .updateTable('alert_events')
        .set({ deliveries: JSON.stringify(deliveries) })
        .where('id', '=', alertId)
        .execute();
    });
  }

  async list(filter: {
    team_id?: string;
    limit?: number;
  }): Promise<Array<{ id: string; time: number; team_id: string | null; payload: string; deliveries: string }>> {
    const limit = Math.min(MAX_LIMIT, Math.max(1, Math.floor(filter.limit ?? DEFAULT_LIMIT)));
    const rows = await this.db
      .selectFrom('alert_events')
      .selectAll()
      .$if(filter.team_id !== undefined, (qb) => qb.where('team_id', '=', filter.team_id!))
      .orderBy('time', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((row) => ({ ...row, time: num(row.time) }));
  }
}
