/**
 * The audit chain on SQLite and PostgreSQL: a row for every tenancy write, no secrets in any row,
 * verify passing on a real sequence and naming the first row changed, deleted or re-hashed by hand,
 * concurrent appends from several replicas keeping one unbroken chain, and list's filters.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newKeySecret } from '../../governance/keys/secret.js';
import type { Actor } from '../../governance/store-contract.js';
import { GOVERNANCE_DIALECTS, type GovernanceDatabase } from '../../testing/governance-storage.js';
import { auditHash, GENESIS_HASH, verifyChain } from './audit-chain.js';
import { KyselyAuditStore } from './audit-store.js';
import { KyselyTenancyStore } from './tenancy-store.js';

const T0 = 1_800_000_000_000;
let clock = T0;
const now = () => clock;
const OWNER: Actor = { key_id: 'admin_key', role: 'owner' };
const WEBHOOK_SECRET = 'whsec-0123456789abcdef-very-secret';
const SLACK_PATH = '/services/T000/B000/SlackTokenPart';

describe.each(GOVERNANCE_DIALECTS)('audit chain: %s', (dialect, open) => {
  let database: GovernanceDatabase;
  let tenancy: KyselyTenancyStore;
  let audit: KyselyAuditStore;

  beforeAll(async () => {
    database = await open(`audit_${dialect}`);
  });
  beforeEach(async () => {
    clock = T0;
    await database.reset();
    tenancy = new KyselyTenancyStore(database.storage.db, database.storage.kind, { now });
    audit = new KyselyAuditStore(database.storage.db, database.storage.kind);
  });
  afterAll(() => database.close());

  /** A realistic run: every kind of write, with secrets in play. Returns the key's secret and hash. */
  async function realRun() {
    const team = await tenancy.createTeam(OWNER, {
      name: 'Research',
      alerts: [
        { type: 'webhook', url: 'https://alerts.example.com/hook?token=abc', secret: WEBHOOK_SECRET },
        { type: 'slack', url: `https://hooks.slack.com${SLACK_PATH}` },
      ],
    });
    clock += 1;
    await tenancy.updateTeam(OWNER, team.id, { limits: { rpm: 10 } });
    const project = await tenancy.createProject({ key_id: 'key_teamadmin', role: 'team_admin' }, { team_id: team.id, name: 'p' });
    await tenancy.updateProject(OWNER, project.id, { name: 'p2' });
    const secret = newKeySecret();
    const key = await tenancy.createKey(OWNER, {
      team_id: team.id,
      project_id: project.id,
      name: 'k',
      expires_at: T0 + 100,
      key_hash: secret.hash,
      key_prefix: secret.prefix,
    });
    await tenancy.updateKey(OWNER, key.id, { name: 'k2' });
    await tenancy.markFirstUse(key.id, T0 + 50);
    await tenancy.recordExpired(T0 + 100);
    await tenancy.revokeKey(OWNER, key.id, T0 + 200);
    await tenancy.deleteProject(OWNER, project.id);
    await tenancy.deleteTeam(OWNER, team.id);
    return { team, project, key, secret };
  }

  it('appends one row per write, with actor, object and team, chained from the genesis hash', async () => {
    const { team, project, key } = await realRun();
    const rows = (await audit.list({})).reverse();
    expect(rows.map((row) => [row.seq, row.action, row.object_type, row.object_id, row.team_id])).toEqual([
      [1, 'team.created', 'team', team.id, team.id],
      [2, 'team.updated', 'team', team.id, team.id],
      [3, 'project.created', 'project', project.id, team.id],
      [4, 'project.updated', 'project', project.id, team.id],
      [5, 'key.created', 'key', key.id, team.id],
      [6, 'key.updated', 'key', key.id, team.id],
      [7, 'key.first_used', 'key', key.id, team.id],
      [8, 'key.expired', 'key', key.id, team.id],
      [9, 'key.revoked', 'key', key.id, team.id],
      [10, 'project.deleted', 'project', project.id, team.id],
      [11, 'team.deleted', 'team', team.id, team.id],
    ]);
    expect(rows[2]).toMatchObject({ actor_key_id: 'key_teamadmin', actor_role: 'team_admin', before: null });
    expect(rows[0]).toMatchObject({ actor_key_id: 'admin_key', actor_role: 'owner', time: T0, prev_hash: GENESIS_HASH });
    expect(JSON.parse(rows[1]!.before!).limits).toBeNull();
    expect(JSON.parse(rows[1]!.after!).limits).toEqual({ rpm: 10 });
    expect(rows[10]!.after).toBeNull();
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
    for (const row of rows) expect(row.hash).toBe(auditHash(row.prev_hash, row));
  });

  it('never stores a secret, a key hash or a webhook credential', async () => {
    const { secret } = await realRun();
    const text = JSON.stringify(await database.storage.db.selectFrom('audit_log').selectAll().execute());
    expect(text).not.toContain(secret.secret);
    expect(text).not.toContain(secret.hash);
    expect(text).not.toContain('key_hash');
    expect(text).not.toContain(WEBHOOK_SECRET);
    expect(text).not.toContain(SLACK_PATH);
    expect(text).not.toContain('token=abc');
    // The display prefix is what people tell keys apart by: it stays.
    expect(text).toContain(secret.prefix);
  });

  it('verifies a real sequence, and an empty log', async () => {
    expect(await audit.verify()).toEqual({ ok: true, rows: 0 });
    await realRun();
    expect(await audit.verify()).toEqual({ ok: true, rows: 11 });
  });

  it('verifies across pages', async () => {
    for (let i = 0; i < 25; i++)
      await audit.append({
        time: T0 + i,
        actor_key_id: 'system',
        actor_role: 'system',
        action: 'test.event',
        object_type: 'test',
        object_id: `o${i}`,
        team_id: null,
        before: null,
        after: `{"i":${i}}`,
      });
    expect(await verifyChain(database.storage.db, 7)).toEqual({ ok: true, rows: 25 });
    await sql`update audit_log set object_id = 'tampered' where seq = 15`.execute(database.storage.db);
    expect(await verifyChain(database.storage.db, 7)).toMatchObject({ ok: false, rows: 14, seq: 15 });
  });

  it('names the row changed by hand', async () => {
    await realRun();
    await sql`update audit_log set after = '{"limits":{"rpm":100000}}' where seq = 2`.execute(database.storage.db);
    const result = await audit.verify();
    expect(result).toMatchObject({ ok: false, rows: 1, seq: 2 });
    expect((result as { reason: string }).reason).toMatch(/hash mismatch.*changed/);
  });

  it('names the break where a row was deleted by hand', async () => {
    await realRun();
    await sql`delete from audit_log where seq = 5`.execute(database.storage.db);
    const result = await audit.verify();
    expect(result).toMatchObject({ ok: false, rows: 4, seq: 6 });
    expect((result as { reason: string }).reason).toMatch(/row 5 is missing/);
  });

  it('names the break when the first row was deleted', async () => {
    await realRun();
    await sql`delete from audit_log where seq = 1`.execute(database.storage.db);
    expect(await audit.verify()).toMatchObject({ ok: false, rows: 0, seq: 2, reason: expect.stringMatching(/row 1 is missing/) });
  });

  it('catches a row changed along with its own hash, at the next link', async () => {
    await realRun();
    const row = (await audit.list({ limit: 1000 })).find((r) => r.seq === 3)!;
    const forged = { ...row, actor_key_id: 'admin_key' };
    const hash = auditHash(forged.prev_hash, forged);
    await sql`update audit_log set actor_key_id = 'admin_key', hash = ${hash} where seq = 3`.execute(database.storage.db);
    expect(await audit.verify()).toMatchObject({ ok: false, seq: 4, reason: expect.stringMatching(/prev_hash does not match the hash of row 3/) });
  });

  it('catches a row inserted by hand at the end without the chain’s hash', async () => {
    await realRun();
    await sql`insert into audit_log (seq, time, actor_key_id, actor_role, action, object_type, object_id, team_id, before, after, prev_hash, hash)
      select 12, 0, 'x', 'owner', 'team.created', 'team', 'team_x', null, null, null, hash, ${'f'.repeat(64)} from audit_log where seq = 11`.execute(
      database.storage.db,
    );
    expect(await audit.verify()).toMatchObject({ ok: false, seq: 12, reason: expect.stringMatching(/hash mismatch/) });
  });

  it('keeps one unbroken chain when replicas append at once', async () => {
    const other = new KyselyAuditStore((await database.second()).db, database.storage.kind);
    const otherTenancy = new KyselyTenancyStore((await database.second()).db, database.storage.kind, { now });
    const writes: Promise<unknown>[] = [];
    for (let i = 0; i < 20; i++) {
      writes.push(
        (i % 2 ? other : audit).append({
          time: T0 + i,
          actor_key_id: 'system',
          actor_role: 'system',
          action: 'test.event',
          object_type: 'test',
          object_id: `o${i}`,
          team_id: null,
          before: null,
          after: null,
        }),
      );
      writes.push((i % 2 ? otherTenancy : tenancy).createTeam(OWNER, { name: `team ${i}` }));
    }
    await Promise.all(writes);
    const rows = await audit.list({ limit: 1000 });
    expect(rows.map((row) => row.seq)).toEqual(Array.from({ length: 40 }, (_, i) => 40 - i));
    expect(await audit.verify()).toEqual({ ok: true, rows: 40 });
  });

  it('lists newest first with filters and an after_seq cursor', async () => {
    const { team, key } = await realRun();
    expect((await audit.list({ action: 'key.revoked' })).map((row) => row.object_id)).toEqual([key.id]);
    expect((await audit.list({ object_id: key.id })).map((row) => row.seq)).toEqual([9, 8, 7, 6, 5]);
    expect((await audit.list({ actor_key_id: 'key_teamadmin' })).map((row) => row.seq)).toEqual([3]);
    expect((await audit.list({ team_id: team.id })).length).toBe(11);
    expect(await audit.list({ team_id: 'team_other' })).toEqual([]);
    // Admin writes take the store's clock (T0 + 1 after the first); key events the time they are given.
    expect((await audit.list({ from: T0 + 1, to: T0 + 1 })).map((row) => row.seq)).toEqual([11, 10, 6, 5, 4, 3, 2]);
    const page1 = await audit.list({ limit: 4 });
    expect(page1.map((row) => row.seq)).toEqual([11, 10, 9, 8]);
    const page2 = await audit.list({ limit: 4, after_seq: page1[3]!.seq });
    expect(page2.map((row) => row.seq)).toEqual([7, 6, 5, 4]);
    expect(await audit.list({ limit: 0 })).toHaveLength(1);
  });
});
