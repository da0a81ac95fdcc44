/**
 * Key lifecycle events: revocation, first use and expiry. First use and expiry can happen on
 * every replica at once, so each is a conditional update inside the write transaction: only the
 * caller whose update changed the row audits the event, and the others roll back untouched.
 */
import type { Kysely } from 'kysely';
import type { Actor } from '../../governance/store-contract.js';
import type { VirtualKey } from '../../governance/types.js';
import type { StorageSchema } from '../schema.js';
import { keyAuditJson, keyFromRow } from './rows.js';
import { Rollback, tenancyWrite } from './tenancy-tx.js';

/** Who records expiries in the audit log: the gateway itself, not a person or key. */
export const SYSTEM_ACTOR: Actor = { key_id: 'system', role: 'system' };

/** Sets revoked_at once; revoking a revoked key changes nothing and answers the key as it is. */
export function revokeKey(db: Kysely<StorageSchema>, kind: 'sqlite' | 'postgres', actor: Actor, id: string, now: number): Promise<VirtualKey | undefined> {
  return tenancyWrite(db, kind, async ({ trx, audit }) => {
    const row = await trx.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return new Rollback(undefined);
    const before = keyFromRow(row);
    if (before.revoked_at !== null) return new Rollback(before);
    const after: VirtualKey = { ...before, revoked_at: now, updated_at: now };
    await trx.updateTable('api_keys').set({ revoked_at: now, updated_at: now }).where('id', '=', id).execute();
    await audit({
      actor,
      action: 'key.revoked',
      object_type: 'key',
      object_id: id,
      team_id: after.team_id,
      before: keyAuditJson(before),
      after: keyAuditJson(after),
      time: now,
    });
    return after;
  });
}

/** Sets first_used_at if unset; true only for the one caller whose update set it. */
export async function markFirstUse(db: Kysely<StorageSchema>, kind: 'sqlite' | 'postgres', keyId: string, now: number): Promise<boolean> {
  // Most calls find it set already: answer them without a write transaction.
  const current = await db.selectFrom('api_keys').select('first_used_at').where('id', '=', keyId).executeTakeFirst();
  if (!current || current.first_used_at !== null) return false;
  return tenancyWrite(db, kind, async ({ trx, audit }) => {
    const row = await trx
      .updateTable('api_keys')
      .set({ first_used_at: now })
      .where('id', '=', keyId)
      .where('first_used_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
    if (!row) return new Rollback(false);
    const after = keyFromRow(row);
    const before: VirtualKey = { ...after, first_used_at: null };
    await audit({
      actor: { key_id: after.id, role: after.role },
      action: 'key.first_used',
      object_type: 'key',
      object_id: after.id,
      team_id: after.team_id,
      before: keyAuditJson(before),
      after: keyAuditJson(after),
      time: now,
    });
    return true;
  });
}

/** Live keys whose expires_at is at or before now and whose expiry is not recorded yet: records and returns them. */
export async function recordExpired(db: Kysely<StorageSchema>, kind: 'sqlite' | 'postgres', now: number): Promise<VirtualKey[]> {
  const due = () => db.selectFrom('api_keys').where('expires_at', '<=', now).where('expiry_recorded', '=', 0).where('revoked_at', 'is', null);
  // Every replica polls this: skip the write transaction when there is nothing to record.
  if (!(await due().select('id').limit(1).executeTakeFirst())) return [];
  return tenancyWrite(db, kind, async ({ trx, audit }) => {
    const rows = await trx
      .updateTable('api_keys')
      .set({ expiry_recorded: 1 })
      .where('expires_at', '<=', now)
      .where('expiry_recorded', '=', 0)
      .where('revoked_at', 'is', null)
      .returningAll()
      .execute();
    if (rows.length === 0) return new Rollback([]);
    const keys = rows.map(keyFromRow).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const key of keys) {
      await audit({
        actor: SYSTEM_ACTOR,
        action: 'key.expired',
        object_type: 'key',
        object_id: key.id,
        team_id: key.team_id,
        before: null,
        after: keyAuditJson(key),
        time: now,
      });
    }
    return keys;
  });
}
