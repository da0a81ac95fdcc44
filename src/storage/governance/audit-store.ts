/** The audit log over Kysely: appends through the hash chain, lists newest first, verifies the chain. */
import type { Kysely } from 'kysely';
import type { AuditFilter, AuditRow, AuditStore } from '../../governance/store-contract.js';
import type { StorageSchema } from '../schema.js';
import { type AuditEvent, appendAuditAlone, auditRowFromTable, type VerifyResult, verifyChain } from './audit-chain.js';

/** Rows a list returns when the filter names no limit. */
const DEFAULT_LIMIT = 100;
/** Rows a list returns at most. */
const MAX_LIMIT = 1000;

/** An AuditStore on SQLite or PostgreSQL. */
export class KyselyAuditStore implements AuditStore {
  constructor(
    private readonly db: Kysely<StorageSchema>,
    private readonly kind: 'sqlite' | 'postgres',
  ) {}

  append(event: AuditEvent): Promise<AuditRow> {
    return appendAuditAlone(this.db, this.kind, event);
  }

  /** Newest first; `after_seq` is the last seq of the previous page (the next page is older). */
  async list(filter: AuditFilter): Promise<AuditRow[]> {
    const limit = Math.min(MAX_LIMIT, Math.max(1, Math.floor(filter.limit ?? DEFAULT_LIMIT)));
    const rows = await this.db
      .selectFrom('audit_log')
      .selectAll()
      .$if(filter.action !== undefined, (qb) => qb.where('action', '=', filter.action!))
      .$if(filter.object_id !== undefined, (qb) => qb.where('object_id', '=', filter.object_id!))
      .$if(filter.actor_key_id !== undefined, (qb) => qb.where('actor_key_id', '=', filter.actor_key_id!))
      .$if(filter.team_id !== undefined, (qb) => qb.where('team_id', '=', filter.team_id!))
      .$if(filter.from !== undefined, (qb) => qb.where('time', '>=', filter.from!))
      .$if(filter.to !== undefined, (qb) => qb.where('time', '<=', filter.to!))
      .$if(filter.after_seq !== undefined, (qb) => qb.where('seq', '<', filter.after_seq!))
      .orderBy('seq', 'desc')
      .limit(limit)
      .execute();
    return rows.map(auditRowFromTable);
  }

  verify(): Promise<VerifyResult> {
    return verifyChain(this.db);
  }
}
