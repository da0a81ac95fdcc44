/**
 * The experiment store on SQLite and PostgreSQL: create, read, list by tenant, patch (weights,
 * description, status), delete; unique names per tenant; every write audited in its transaction.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError } from '../../governance/errors.js';
import type { Actor } from '../../governance/store-contract.js';
import { EXPERIMENT_ID, parseDefinition } from '../../prompts/experiments/definition.js';
import { GOVERNANCE_DIALECTS, type GovernanceDatabase } from '../../testing/governance-storage.js';
import { KyselyAuditStore } from '../governance/audit-store.js';
import { verifyChain } from '../governance/audit-chain.js';
import { KyselyExperimentStore } from './experiment-store.js';

const OWNER: Actor = { key_id: 'admin_key', role: 'owner' };
const DEF = parseDefinition({
  name: 'tone-test',
  target: { prompt: 'support' },
  variants: [
    { name: 'a', weight: 1, prompt_version: 1 },
    { name: 'b', weight: 1, prompt_version: 2 },
  ],
  auto_promote: { label: 'production' },
});

describe.each(GOVERNANCE_DIALECTS)('experiment store: %s', (dialect, open) => {
  let database: GovernanceDatabase;
  let store: KyselyExperimentStore;
  let clock = 1_800_000_000_000;

  beforeAll(async () => {
    database = await open(`experiments_${dialect}`);
  });
  beforeEach(async () => {
    await database.reset();
    await database.storage.db.deleteFrom('experiments').execute();
    store = new KyselyExperimentStore(database.storage.db, database.storage.kind, { now: () => clock++ });
  });
  afterAll(() => database.close());

  it('creates, reads, lists by tenant and refuses a second experiment of the same name in a tenant', async () => {
    const created = await store.create(OWNER, 'global', DEF);
    expect(created.id).toMatch(EXPERIMENT_ID);
    expect(created.status).toBe('running');
    expect(await store.get(created.id)).toEqual(created);
    await expect(store.create(OWNER, 'global', DEF)).rejects.toBeInstanceOf(ConflictError);
    const team = await store.create({ key_id: 'key_x', role: 'team_admin' }, 'team:t1', DEF);
    expect((await store.list('team:t1')).map((e) => e.id)).toEqual([team.id]);
    expect((await store.list()).map((e) => e.id).sort()).toEqual([created.id, team.id].sort());
    expect((await store.active()).length).toBe(2);
  });

  it('patches weights, description and status, keeps the decision, and audits each write', async () => {
    const created = await store.create(OWNER, 'team:t1', DEF);
    const patched = await store.update(OWNER, created.id, { weights: { b: 3 }, description: 'why' });
    expect(patched?.definition.variants.map((v) => v.weight)).toEqual([1, 3]);
    expect(patched?.definition.description).toBe('why');
    await expect(store.update(OWNER, created.id, { weights: { zzz: 1 } })).rejects.toBeInstanceOf(ConflictError);
    const promoted = await store.update(OWNER, created.id, { status: 'promoted', decision: { decision: 'winner', variant: 'b' } });
    expect(promoted?.status).toBe('promoted');
    expect(promoted?.decision).toEqual({ decision: 'winner', variant: 'b' });
    expect(await store.active()).toEqual([]);
    expect(await store.update(OWNER, 'exp_0000000000000000', { status: 'paused' })).toBeUndefined();
    expect(await store.delete(OWNER, created.id)).toBe(true);
    expect(await store.delete(OWNER, created.id)).toBe(false);
    const audit = new KyselyAuditStore(database.storage.db, database.storage.kind);
    const rows = await audit.list({ limit: 10 });
    expect(rows.map((r) => r.action).sort()).toEqual(['experiment.created', 'experiment.deleted', 'experiment.promoted', 'experiment.updated'].sort());
    expect(rows.every((r) => r.team_id === 't1' && r.object_id === created.id)).toBe(true);
    expect((await verifyChain(database.storage.db)).ok).toBe(true);
  });
});
