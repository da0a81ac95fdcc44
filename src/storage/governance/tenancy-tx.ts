/**
 * The shape of every tenancy write: one transaction that first bumps governance_state.epoch,
 * then changes rows and appends their audit events. Bumping first takes the state row's lock
 * before anything else on PostgreSQL, so tenancy writes from every replica run one at a time
 * (their existence and emptiness checks cannot race) and always lock in the same order
 * (state row, then objects, then the audit chain), which leaves no room for a deadlock.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import { ConflictError } from '../../governance/errors.js';
import type { Actor } from '../../governance/store-contract.js';
import type { StorageSchema } from '../schema.js';
import { appendAudit } from './audit-chain.js';

/** Returned from a write to roll it back (nothing changed) and answer `value`. */
export class Rollback<T> {
  constructor(readonly value: T) {}
}

/** What a write's body may call: the transaction, and the audit append bound to it. */
export interface WriteScope {
  trx: Transaction<StorageSchema>;
  audit(event: {
    actor: Actor;
    action: string;
    object_type: string;
    object_id: string;
    team_id: string | null;
    before: string | null;
    after: string | null;
    time: number;
  }): Promise<void>;
}

/** Runs `body` in a transaction that bumps the epoch; a Rollback result undoes everything. */
export async function tenancyWrite<T>(
  db: Kysely<StorageSchema>,
  kind: 'sqlite' | 'postgres',
  body: (scope: WriteScope) => Promise<T | Rollback<T>>,
): Promise<T> {
  try {
    return await db.transaction().execute(async (trx) => {
      await trx.updateTable('governance_state').set({ epoch: sql`epoch + 1` }).where('id', '=', 1).execute();
      const scope: WriteScope = {
        trx,
        audit: async ({ actor, ...event }) => {
          await appendAudit(trx, kind, { ...event, actor_key_id: actor.key_id, actor_role: actor.role });
        },
      };
      const result = await body(scope);
      // Thrown so Kysely rolls the transaction back; caught below for its value.
      if (result instanceof Rollback) throw result;
      return result;
    });
  } catch (err) {
    if (err instanceof Rollback) return err.value as T;
    throw err;
  }
}

/** Whether a driver error is a unique-constraint violation (PostgreSQL 23505, SQLite's constraint codes). */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Runs a statement, turning a unique violation into a ConflictError with `message`. */
export async function unique<T>(statement: Promise<T>, message: string): Promise<T> {
  try {
    return await statement;
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError(message);
    throw err;
  }
}
