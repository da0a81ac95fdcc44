/**
 * The audit hash chain. Each row's hash is SHA-256 over the previous row's hash and a canonical
 * JSON of the row's own fields, so changing a row breaks its hash and deleting or inserting one
 * breaks the link or the seq sequence. seq is max + 1, taken under a lock held until commit: a
 * transaction-scoped advisory lock on PostgreSQL (replicas append concurrently), and the
 * transaction itself on SQLite (one connection per process; Kysely runs its transactions one
 * at a time on it).
 */
import { createHash } from 'node:crypto';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { AuditRow } from '../../governance/store-contract.js';
import type { AuditLogTable, StorageSchema } from '../schema.js';
import { num } from './json-columns.js';

/** The first row's prev_hash. */
export const GENESIS_HASH = '0'.repeat(64);

/** The advisory lock key of the audit chain on PostgreSQL (arbitrary, fixed: "SWBAUDIT" in spirit). */
const AUDIT_LOCK_KEY = 7_307_458_101;

/** An event to append; seq, prev_hash and hash are the chain's. */
export type AuditEvent = Omit<AuditRow, 'seq' | 'prev_hash' | 'hash'>;

/** The fields a row's hash covers, in a fixed order, with numbers as numbers on both dialects. */
function canonical(row: Omit<AuditRow, 'prev_hash' | 'hash'>): string {
  return JSON.stringify({
    seq: num(row.seq),
    time: num(row.time),
    actor_key_id: row.actor_key_id,
    actor_role: row.actor_role,
    action: row.action,
    object_type: row.object_type,
    object_id: row.object_id,
    team_id: row.team_id ?? null,
    before: row.before ?? null,
    after: row.after ?? null,
  });
}

/** The hash a row must carry given the hash before it. */
export function auditHash(prevHash: string, row: Omit<AuditRow, 'prev_hash' | 'hash'>): string {
  return createHash('sha256')
    .update(`${prevHash}\n${canonical(row)}`)
    .digest('hex');
}

/** A stored row with its numbers as numbers (pg can hand BIGINT back as strings). */
export function auditRowFromTable(row: AuditLogTable): AuditRow {
  return { ...row, seq: num(row.seq), time: num(row.time) };
}

/**
 * Appends one event inside the caller's transaction, so the audit row commits or rolls back with
 * the change it describes. `kind` picks the lock.
 */
export async function appendAudit(trx: Transaction<StorageSchema>, kind: 'sqlite' | 'postgres', event: AuditEvent): Promise<AuditRow> {
  if (kind === 'postgres') await sql`select pg_advisory_xact_lock(${sql.lit(AUDIT_LOCK_KEY)})`.execute(trx);
  const last = await trx.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const fields = {
    seq: last ? num(last.seq) + 1 : 1,
    // BIGINT column: a fractional ms would be refused by PostgreSQL and hash differently on read.
    time: Math.floor(event.time),
    actor_key_id: event.actor_key_id,
    actor_role: event.actor_role,
    action: event.action,
    object_type: event.object_type,
    object_id: event.object_id,
    team_id: event.team_id ?? null,
    before: event.before ?? null,
    after: event.after ?? null,
  };
  const prev_hash = last ? last.hash : GENESIS_HASH;
  const row: AuditRow = { ...fields, prev_hash, hash: auditHash(prev_hash, fields) };
  await trx.insertInto('audit_log').values(row).execute();
  return row;
}

/** Appends one event in a transaction of its own. */
export function appendAuditAlone(db: Kysely<StorageSchema>, kind: 'sqlite' | 'postgres', event: AuditEvent): Promise<AuditRow> {
  return db.transaction().execute((trx) => appendAudit(trx, kind, event));
}

/** The outcome of walking the chain. */
export type VerifyResult = { ok: true; rows: number } | { ok: false; rows: number; seq: number; reason: string };

/** Walks every row in seq order, a page at a time; the first row that breaks the chain, with why. */
export async function verifyChain(db: Kysely<StorageSchema>, pageSize = 1000): Promise<VerifyResult> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let rows = 0;
  let lastSeq: number | undefined;
  for (;;) {
    const page = await db
      .selectFrom('audit_log')
      .selectAll()
      .$if(lastSeq !== undefined, (qb) => qb.where('seq', '>', lastSeq!))
      .orderBy('seq', 'asc')
      .limit(pageSize)
      .execute();
    for (const stored of page) {
      const row = auditRowFromTable(stored);
      const broken = check(row, expectedSeq, prevHash);
      if (broken) return { ok: false, rows, seq: row.seq, reason: broken };
      rows++;
      lastSeq = row.seq;
      expectedSeq = row.seq + 1;
      prevHash = row.hash;
    }
    if (page.length < pageSize) return { ok: true, rows };
  }
}

function check(row: AuditRow, expectedSeq: number, prevHash: string): string | undefined {
  if (row.seq < expectedSeq) return `unexpected seq ${row.seq} where ${expectedSeq} was due: a row was inserted into the chain`;
  if (row.seq !== expectedSeq) {
    const missing = row.seq - 1 === expectedSeq ? `row ${expectedSeq} is` : `rows ${expectedSeq}..${row.seq - 1} are`;
    return `seq gap: ${missing} missing (deleted from the chain)`;
  }
  if (row.prev_hash !== prevHash) {
    return expectedSeq === 1
      ? 'prev_hash of the first row is not the genesis hash (rows before it were deleted, or it was changed)'
      : `prev_hash does not match the hash of row ${expectedSeq - 1} (a row was replaced, inserted or changed along with its hash)`;
  }
  if (row.hash !== auditHash(row.prev_hash, row)) return 'hash mismatch: the row was changed after it was written';
  return undefined;
}
