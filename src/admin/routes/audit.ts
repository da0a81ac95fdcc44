/** GET /admin/v1/audit: the hash-chained audit log, owner only, with filters. */
import type { AuditRow } from '../../governance/store-contract.js';
import { requireOwner } from '../auth.js';
import { type AdminHandler, json, page } from '../call.js';
import { iso, safeJson } from '../serialize.js';
import { auditQuerySchema, queryTimeMs } from '../schemas.js';
import { parseWith, queryObject } from '../validate.js';

function auditOut(row: AuditRow) {
  return {
    seq: row.seq,
    time: iso(row.time),
    actor_key_id: row.actor_key_id,
    actor_role: row.actor_role,
    action: row.action,
    object_type: row.object_type,
    object_id: row.object_id,
    team_id: row.team_id,
    before: safeJson(row.before),
    after: safeJson(row.after),
    prev_hash: row.prev_hash,
    hash: row.hash,
  };
}

const listAudit: AdminHandler = async ({ principal: p, query, deps }) => {
  requireOwner(p, 'reads the audit log');
  const q = parseWith(auditQuerySchema, queryObject(query), 'query');
  const limit = q.limit ?? 100;
  const rows = await deps.audit.list({
    action: q.action,
    object_id: q.object_id,
    actor_key_id: q.actor_key_id,
    team_id: q.team_id,
    from: q.from === undefined ? undefined : queryTimeMs(q.from),
    to: q.to === undefined ? undefined : queryTimeMs(q.to),
    limit: limit + 1,
    after_seq: q.after_seq,
  });
  return json(200, page(rows, limit, auditOut));
};

/** Handler of /admin/v1/audit. */
export const auditRoutes = { collection: { GET: listAudit } };
