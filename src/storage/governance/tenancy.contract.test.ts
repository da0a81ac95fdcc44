/**
 * The TenancyStore contract on SQLite and PostgreSQL: CRUD with typed errors, one epoch bump per
 * write (none for a write that changed nothing), the snapshot, revocation, first use and expiry
 * recorded exactly once even when replicas race.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, InvalidReferenceError } from '../../governance/errors.js';
import type { Actor } from '../../governance/store-contract.js';
import { GOVERNANCE_DIALECTS, type GovernanceDatabase } from '../../testing/governance-storage.js';
import { KyselyAuditStore } from './audit-store.js';
import { KyselyTenancyStore } from './tenancy-store.js';

const T0 = 1_800_000_000_000;
let clock = T0;
const now = () => clock;
const OWNER: Actor = { key_id: 'admin_key', role: 'owner' };
let hashes = 0;
const keyFields = () => ({ key_hash: `${String(++hashes).padStart(8, '0')}${'a'.repeat(56)}`, key_prefix: 'sk-sb-Ab3dEf' });

describe.each(GOVERNANCE_DIALECTS)('TenancyStore contract: %s', (dialect, open) => {
  let database: GovernanceDatabase;
  let store: KyselyTenancyStore;
  let audit: KyselyAuditStore;

  beforeAll(async () => {
    database = await open(`tenancy_${dialect}`);
  });
  beforeEach(async () => {
    clock = T0;
    await database.reset();
    store = new KyselyTenancyStore(database.storage.db, database.storage.kind, { now });
    audit = new KyselyAuditStore(database.storage.db, database.storage.kind);
  });
  afterAll(() => database.close());

  it('creates teams, projects and keys with prefixed ids and reads them back whole', async () => {
    const team = await store.createTeam(OWNER, {
      name: 'Research',
      metadata: { cost_center: '42' },
      budget: { usd: 50, tokens: null, period: 'day', alert_at: [0.5, 1], clamp_max_tokens: false },
      limits: { rpm: 600 },
      user_limits: { rpm: 10 },
      alerts: [{ type: 'slack', url: 'https://hooks.slack.com/services/T0/B0/xyz' }],
    });
    expect(team.id).toMatch(/^team_[0-9A-Za-z]{20}$/);
    expect(team).toMatchObject({ name: 'Research', created_at: T0, updated_at: T0, user_budget: null });
    expect(await store.getTeam(team.id)).toEqual(team);

    const project = await store.createProject(OWNER, { team_id: team.id, name: 'chatbot' });
    expect(project.id).toMatch(/^proj_[0-9A-Za-z]{20}$/);
    expect(await store.getProject(project.id)).toEqual(project);

    const key = await store.createKey(OWNER, {
      team_id: team.id,
      project_id: project.id,
      name: 'ci',
      models: ['gpt-4o*'],
      expires_at: T0 + 1000,
      ...keyFields(),
    });
    expect(key.id).toMatch(/^key_[0-9A-Za-z]{20}$/);
    expect(key).toMatchObject({ role: 'member', revoked_at: null, first_used_at: null, metadata: {}, budget: null });
    expect(await store.getKey(key.id)).toEqual(key);
    expect(await store.getKey('key_none')).toBeUndefined();
  });

  it('applies the schemas’ defaults to budgets stored without them', async () => {
    const team = await store.createTeam(OWNER, { name: 't' });
    await database.storage.db.updateTable('teams').set({ budget: '{"usd":5}' }).where('id', '=', team.id).execute();
    expect((await store.getTeam(team.id))!.budget).toEqual({ usd: 5, tokens: null, period: 'month', alert_at: [0.5, 0.8, 1], clamp_max_tokens: false });
  });

  it('stores residency pins on teams, projects and keys: read back, patched, cleared with null, in the snapshot and the audit rows', async () => {
    const team = await store.createTeam(OWNER, { name: 'eu', regions: ['eu-*'] });
    const project = await store.createProject(OWNER, { team_id: team.id, name: 'p', regions: ['eu-west-1', 'eu-central-1'] });
    const key = await store.createKey(OWNER, { team_id: team.id, project_id: project.id, name: 'k', regions: ['eu-west-1'], ...keyFields() });
    const free = await store.createKey(OWNER, { team_id: team.id, name: 'free', ...keyFields() });
    expect(team.regions).toEqual(['eu-*']);
    expect(free.regions).toBeNull();
    expect((await store.getTeam(team.id))!.regions).toEqual(['eu-*']);
    expect((await store.getProject(project.id))!.regions).toEqual(['eu-west-1', 'eu-central-1']);
    expect((await store.getKey(key.id))!.regions).toEqual(['eu-west-1']);
    const column = await database.storage.db.selectFrom('api_keys').select('regions').where('id', '=', free.id).executeTakeFirstOrThrow();
    expect(column.regions).toBeNull();

    const snapshot = await store.snapshot();
    expect(snapshot.teams.get(team.id)!.regions).toEqual(['eu-*']);
    expect(snapshot.projects.get(project.id)!.regions).toEqual(['eu-west-1', 'eu-central-1']);
    expect(snapshot.keysByHash.get(key.key_hash)!.regions).toEqual(['eu-west-1']);

    // A patch without regions keeps them; a list replaces them; null clears them.
    expect((await store.updateTeam(OWNER, team.id, { name: 'eu2' }))!.regions).toEqual(['eu-*']);
    expect((await store.updateProject(OWNER, project.id, { regions: ['eu-central-1'] }))!.regions).toEqual(['eu-central-1']);
    expect((await store.updateKey(OWNER, key.id, { regions: null }))!.regions).toBeNull();
    expect((await store.updateTeam(OWNER, team.id, { regions: null }))!.regions).toBeNull();
    expect((await store.getKey(key.id))!.regions).toBeNull();
    expect((await store.getTeam(team.id))!.regions).toBeNull();

    const keyRows = await audit.list({ object_id: key.id });
    expect(keyRows.map((row) => row.action)).toEqual(['key.updated', 'key.created']);
    expect(JSON.parse(keyRows[1]!.after!).regions).toEqual(['eu-west-1']);
    expect(JSON.parse(keyRows[0]!.before!).regions).toEqual(['eu-west-1']);
    expect(JSON.parse(keyRows[0]!.after!).regions).toBeNull();
    const projectRows = await audit.list({ object_id: project.id, action: 'project.updated' });
    expect(JSON.parse(projectRows[0]!.after!).regions).toEqual(['eu-central-1']);
    const teamRows = await audit.list({ object_id: team.id, action: 'team.updated' });
    expect(teamRows.map((row) => [JSON.parse(row.before!).regions, JSON.parse(row.after!).regions])).toEqual([
      [['eu-*'], null],
      [['eu-*'], ['eu-*']],
    ]);
  });

  it('stores guard lists on teams and projects: read back, patched, cleared with null, in the snapshot and the audit rows', async () => {
    const pii = { name: 'pii', type: 'pii', action: 'redact', on: ['input'], entities: ['EMAIL'], fail: 'closed' };
    const terms = { name: 'terms', type: 'denied_terms', terms: ['zeus'], patterns: [], action: 'block', on: ['input', 'output'] };
    const team = await store.createTeam(OWNER, { name: 'g', guardrails: [pii] });
    const project = await store.createProject(OWNER, { team_id: team.id, name: 'p' });
    expect(team.guardrails).toEqual([pii]);
    expect(project.guardrails).toBeNull();
    expect((await store.getTeam(team.id))!.guardrails).toEqual([pii]);
    const column = await database.storage.db.selectFrom('projects').select('guardrails').where('id', '=', project.id).executeTakeFirstOrThrow();
    expect(column.guardrails).toBeNull();

    expect((await store.updateProject(OWNER, project.id, { guardrails: [terms] }))!.guardrails).toEqual([terms]);
    expect((await store.updateTeam(OWNER, team.id, { name: 'g2' }))!.guardrails).toEqual([pii]);
    const snapshot = await store.snapshot();
    expect(snapshot.teams.get(team.id)!.guardrails).toEqual([pii]);
    expect(snapshot.projects.get(project.id)!.guardrails).toEqual([terms]);
    expect((await store.updateTeam(OWNER, team.id, { guardrails: null }))!.guardrails).toBeNull();
    expect((await store.snapshot()).teams.get(team.id)!.guardrails).toBeNull();

    const projectRows = await audit.list({ object_id: project.id, action: 'project.updated' });
    expect([JSON.parse(projectRows[0]!.before!).guardrails, JSON.parse(projectRows[0]!.after!).guardrails]).toEqual([null, [terms]]);
    const teamRows = await audit.list({ object_id: team.id, action: 'team.updated' });
    expect(teamRows.map((row) => [JSON.parse(row.before!).guardrails, JSON.parse(row.after!).guardrails])).toEqual([
      [[pii], null],
      [[pii], [pii]],
    ]);
  });

  it('reads a hand-edited guard list that is no list of objects as one unmatchable guard, without failing the snapshot', async () => {
    const team = await store.createTeam(OWNER, { name: 'edited' });
    const project = await store.createProject(OWNER, { team_id: team.id, name: 'p' });
    await database.storage.db.updateTable('teams').set({ guardrails: '{not json' }).where('id', '=', team.id).execute();
    await database.storage.db.updateTable('projects').set({ guardrails: '["pii"]' }).where('id', '=', project.id).execute();
    const snapshot = await store.snapshot();
    for (const object of [snapshot.teams.get(team.id)!, snapshot.projects.get(project.id)!]) {
      expect(object.guardrails).toHaveLength(1);
      expect(object.guardrails![0]).toMatchObject({ type: 'unreadable' });
    }
    // An object list is kept as stored: whether it is a valid guard is the request path's to decide.
    await database.storage.db.updateTable('teams').set({ guardrails: '[{"name":"x","type":"pii","action":"explode"}]' }).where('id', '=', team.id).execute();
    expect((await store.getTeam(team.id))!.guardrails).toEqual([{ name: 'x', type: 'pii', action: 'explode' }]);
  });

  it('keeps team names unique and project names unique within a team (ConflictError)', async () => {
    const a = await store.createTeam(OWNER, { name: 'A' });
    const b = await store.createTeam(OWNER, { name: 'B' });
    await expect(store.createTeam(OWNER, { name: 'A' })).rejects.toBeInstanceOf(ConflictError);
    await expect(store.updateTeam(OWNER, b.id, { name: 'A' })).rejects.toBeInstanceOf(ConflictError);
    await store.createProject(OWNER, { team_id: a.id, name: 'p' });
    await store.createProject(OWNER, { team_id: b.id, name: 'p' });
    await expect(store.createProject(OWNER, { team_id: a.id, name: 'p' })).rejects.toBeInstanceOf(ConflictError);
    const q = await store.createProject(OWNER, { team_id: a.id, name: 'q' });
    await expect(store.updateProject(OWNER, q.id, { name: 'p' })).rejects.toBeInstanceOf(ConflictError);
    expect((await store.getTeam(b.id))!.name).toBe('B');
    expect((await store.getProject(q.id))!.name).toBe('q');
  });

  it('refuses references to teams and projects that do not exist or do not fit (InvalidReferenceError)', async () => {
    const a = await store.createTeam(OWNER, { name: 'A' });
    const b = await store.createTeam(OWNER, { name: 'B' });
    const pa = await store.createProject(OWNER, { team_id: a.id, name: 'pa' });
    const pb = await store.createProject(OWNER, { team_id: b.id, name: 'pb' });
    await expect(store.createProject(OWNER, { team_id: 'team_missing', name: 'x' })).rejects.toMatchObject({
      constructor: InvalidReferenceError,
      field: 'team_id',
    });
    await expect(store.createKey(OWNER, { team_id: 'team_missing', name: 'k', ...keyFields() })).rejects.toMatchObject({ field: 'team_id' });
    await expect(store.createKey(OWNER, { team_id: a.id, project_id: 'proj_missing', name: 'k', ...keyFields() })).rejects.toMatchObject({
      field: 'project_id',
    });
    await expect(store.createKey(OWNER, { team_id: a.id, project_id: pb.id, name: 'k', ...keyFields() })).rejects.toBeInstanceOf(InvalidReferenceError);

    const key = await store.createKey(OWNER, { team_id: a.id, project_id: pa.id, name: 'k', ...keyFields() });
    // Changing the team alone would leave the key's project in the old team.
    await expect(store.updateKey(OWNER, key.id, { team_id: b.id })).rejects.toMatchObject({ field: 'project_id' });
    await expect(store.updateKey(OWNER, key.id, { project_id: pb.id })).rejects.toMatchObject({ field: 'project_id' });
    await expect(store.updateKey(OWNER, key.id, { project_id: 'proj_missing' })).rejects.toMatchObject({ field: 'project_id' });
    await expect(store.updateProject(OWNER, pa.id, { team_id: 'team_missing' })).rejects.toMatchObject({ field: 'team_id' });
    expect(await store.getKey(key.id)).toEqual(key);

    const moved = await store.updateKey(OWNER, key.id, { team_id: b.id, project_id: pb.id });
    expect(moved).toMatchObject({ team_id: b.id, project_id: pb.id });
    const teamWide = await store.updateKey(OWNER, key.id, { team_id: a.id, project_id: null });
    expect(teamWide).toMatchObject({ team_id: a.id, project_id: null });
  });

  it('moves a project’s keys along when the project moves to another team', async () => {
    const a = await store.createTeam(OWNER, { name: 'A' });
    const b = await store.createTeam(OWNER, { name: 'B' });
    const p = await store.createProject(OWNER, { team_id: a.id, name: 'p' });
    const live = await store.createKey(OWNER, { team_id: a.id, project_id: p.id, name: 'live', ...keyFields() });
    const old = await store.createKey(OWNER, { team_id: a.id, project_id: p.id, name: 'old', ...keyFields() });
    await store.revokeKey(OWNER, old.id, T0);
    clock = T0 + 5;
    expect(await store.updateProject(OWNER, p.id, { team_id: b.id })).toMatchObject({ team_id: b.id, updated_at: T0 + 5 });
    expect((await store.getKey(live.id))!.team_id).toBe(b.id);
    expect((await store.getKey(old.id))!.team_id).toBe(b.id);
    const keyUpdates = await audit.list({ action: 'key.updated' });
    expect(keyUpdates.map((row) => row.object_id).sort()).toEqual([live.id, old.id].sort());
  });

  it('updates only the fields a patch names; null clears one', async () => {
    const team = await store.createTeam(OWNER, { name: 't', limits: { rpm: 5 }, metadata: { a: '1' } });
    clock = T0 + 10;
    const updated = await store.updateTeam(OWNER, team.id, {
      budget: { usd: 1, tokens: null, period: 'week', alert_at: [1], clamp_max_tokens: true },
      limits: null,
    });
    expect(updated).toEqual({
      ...team,
      budget: { usd: 1, tokens: null, period: 'week', alert_at: [1], clamp_max_tokens: true },
      limits: null,
      updated_at: T0 + 10,
    });
    expect(await store.getTeam(team.id)).toEqual(updated);
    expect(await store.updateTeam(OWNER, 'team_missing', { name: 'x' })).toBeUndefined();
    expect(await store.updateProject(OWNER, 'proj_missing', { name: 'x' })).toBeUndefined();
    expect(await store.updateKey(OWNER, 'key_missing', { name: 'x' })).toBeUndefined();
  });

  it('refuses to delete a team with projects or live keys, and a project with live keys', async () => {
    const team = await store.createTeam(OWNER, { name: 't' });
    const project = await store.createProject(OWNER, { team_id: team.id, name: 'p' });
    const key = await store.createKey(OWNER, { team_id: team.id, project_id: project.id, name: 'k', ...keyFields() });
    const teamKey = await store.createKey(OWNER, { team_id: team.id, name: 'tk', ...keyFields() });
    expect(await store.deleteProject(OWNER, project.id)).toBe('not_empty');
    expect(await store.deleteTeam(OWNER, team.id)).toBe('not_empty');
    await store.revokeKey(OWNER, key.id, T0);
    expect(await store.deleteProject(OWNER, project.id)).toBe('deleted');
    expect(await store.getProject(project.id)).toBeUndefined();
    expect(await store.deleteTeam(OWNER, team.id)).toBe('not_empty');
    await store.revokeKey(OWNER, teamKey.id, T0);
    expect(await store.deleteTeam(OWNER, team.id)).toBe('deleted');
    expect(await store.getTeam(team.id)).toBeUndefined();
    expect(await store.deleteTeam(OWNER, team.id)).toBe('not_found');
    expect(await store.deleteProject(OWNER, project.id)).toBe('not_found');
    // Revoked keys stay for the ledger and the audit log.
    expect(await store.getKey(key.id)).toMatchObject({ revoked_at: T0 });
  });

  it('bumps the epoch by one on every write, and not for a write that changed nothing', async () => {
    const e0 = await store.epoch();
    const team = await store.createTeam(OWNER, { name: 't' });
    expect(await store.epoch()).toBe(e0 + 1);
    const project = await store.createProject(OWNER, { team_id: team.id, name: 'p' });
    const key = await store.createKey(OWNER, { team_id: team.id, project_id: project.id, name: 'k', expires_at: T0, ...keyFields() });
    await store.updateTeam(OWNER, team.id, { name: 't2' });
    await store.updateProject(OWNER, project.id, { name: 'p2' });
    await store.updateKey(OWNER, key.id, { name: 'k2' });
    expect(await store.epoch()).toBe(e0 + 6);
    expect(await store.markFirstUse(key.id, T0)).toBe(true);
    expect(await store.epoch()).toBe(e0 + 7);
    expect(await store.recordExpired(T0)).toHaveLength(1);
    expect(await store.epoch()).toBe(e0 + 8);
    await store.revokeKey(OWNER, key.id, T0);
    expect(await store.epoch()).toBe(e0 + 9);
    expect(await store.deleteProject(OWNER, project.id)).toBe('deleted');
    expect(await store.deleteTeam(OWNER, team.id)).toBe('deleted');
    expect(await store.epoch()).toBe(e0 + 11);

    // Nothing changed: no bump, no audit row.
    const rows = (await audit.list({ limit: 1000 })).length;
    await expect(store.createTeam(OWNER, { name: 'dup' }).then(() => store.createTeam(OWNER, { name: 'dup' }))).rejects.toBeInstanceOf(ConflictError);
    expect(await store.epoch()).toBe(e0 + 12);
    expect(await store.deleteTeam(OWNER, 'team_missing')).toBe('not_found');
    expect(await store.updateKey(OWNER, 'key_missing', { name: 'x' })).toBeUndefined();
    expect(await store.revokeKey(OWNER, key.id, T0 + 1)).toMatchObject({ revoked_at: T0 });
    expect(await store.markFirstUse(key.id, T0 + 1)).toBe(false);
    expect(await store.recordExpired(T0 + 1)).toEqual([]);
    expect(await store.epoch()).toBe(e0 + 12);
    expect((await audit.list({ limit: 1000 })).length).toBe(rows + 1);
  });

  it('snapshots teams, projects and live keys by hash, with the epoch they reflect', async () => {
    const team = await store.createTeam(OWNER, { name: 't' });
    const project = await store.createProject(OWNER, { team_id: team.id, name: 'p' });
    const live = await store.createKey(OWNER, { team_id: team.id, project_id: project.id, name: 'live', ...keyFields() });
    const revoked = await store.createKey(OWNER, { team_id: team.id, name: 'revoked', ...keyFields() });
    await store.revokeKey(OWNER, revoked.id, T0);
    const snapshot = await store.snapshot();
    expect(snapshot.epoch).toBe(await store.epoch());
    expect([...snapshot.teams.values()]).toEqual([team]);
    expect([...snapshot.projects.values()]).toEqual([project]);
    expect([...snapshot.keysByHash.keys()]).toEqual([live.key_hash]);
    expect(snapshot.keysByHash.get(live.key_hash)).toEqual(live);
    expect(snapshot.keysByHash.has(revoked.key_hash)).toBe(false);

    await store.updateTeam(OWNER, team.id, { name: 'renamed' });
    const next = await store.snapshot();
    expect(next.epoch).toBe(snapshot.epoch + 1);
    expect(next.teams.get(team.id)!.name).toBe('renamed');
  });

  it('revokes idempotently: the first revocation is kept and audited once', async () => {
    const team = await store.createTeam(OWNER, { name: 't' });
    const key = await store.createKey(OWNER, { team_id: team.id, name: 'k', ...keyFields() });
    clock = T0 + 7;
    expect(await store.revokeKey(OWNER, key.id, T0 + 7)).toMatchObject({ revoked_at: T0 + 7, updated_at: T0 + 7 });
    expect(await store.revokeKey(OWNER, key.id, T0 + 9)).toMatchObject({ revoked_at: T0 + 7 });
    expect(await store.revokeKey(OWNER, 'key_missing', T0)).toBeUndefined();
    expect(await audit.list({ action: 'key.revoked' })).toHaveLength(1);
  });

  it('marks first use exactly once, even when replicas race', async () => {
    const team = await store.createTeam(OWNER, { name: 't' });
    const key = await store.createKey(OWNER, { team_id: team.id, name: 'k', role: 'viewer', ...keyFields() });
    const other = new KyselyTenancyStore((await database.second()).db, database.storage.kind, { now });
    const results = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => (i % 2 ? store : other).markFirstUse(key.id, T0 + i)));
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results.indexOf(true) + 1;
    expect((await store.getKey(key.id))!.first_used_at).toBe(T0 + winner);
    expect(await store.markFirstUse(key.id, T0 + 100)).toBe(false);
    expect(await store.markFirstUse('key_missing', T0)).toBe(false);
    const events = await audit.list({ action: 'key.first_used' });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor_key_id: key.id, actor_role: 'viewer', object_id: key.id, team_id: team.id, time: T0 + winner });
  });

  it('records each expiry once across replicas; a new expires_at re-arms it', async () => {
    const team = await store.createTeam(OWNER, { name: 't' });
    const soon = await store.createKey(OWNER, { team_id: team.id, name: 'soon', expires_at: T0 + 10, ...keyFields() });
    const later = await store.createKey(OWNER, { team_id: team.id, name: 'later', expires_at: T0 + 1000, ...keyFields() });
    const revoked = await store.createKey(OWNER, { team_id: team.id, name: 'revoked', expires_at: T0, ...keyFields() });
    await store.createKey(OWNER, { team_id: team.id, name: 'never', ...keyFields() });
    await store.revokeKey(OWNER, revoked.id, T0);
    expect(await store.recordExpired(T0 + 9)).toEqual([]);

    const other = new KyselyTenancyStore((await database.second()).db, database.storage.kind, { now });
    const results = await Promise.all([store.recordExpired(T0 + 10), other.recordExpired(T0 + 10), store.recordExpired(T0 + 11), other.recordExpired(T0 + 12)]);
    const recorded = results.flat();
    expect(recorded.map((key) => key.id)).toEqual([soon.id]);
    expect(await store.recordExpired(T0 + 20)).toEqual([]);
    expect(await audit.list({ action: 'key.expired' })).toMatchObject([{ object_id: soon.id, actor_key_id: 'system', team_id: team.id }]);

    await store.updateKey(OWNER, soon.id, { expires_at: T0 + 500 });
    expect(await store.recordExpired(T0 + 499)).toEqual([]);
    const both = await store.recordExpired(T0 + 1000);
    expect(both.map((key) => key.id).sort()).toEqual([soon.id, later.id].sort());
    expect(await audit.list({ action: 'key.expired' })).toHaveLength(3);
  });

  it('lists by team and project, a page at a time', async () => {
    const a = await store.createTeam(OWNER, { name: 'A' });
    const b = await store.createTeam(OWNER, { name: 'B' });
    const pa = await store.createProject(OWNER, { team_id: a.id, name: 'pa' });
    await store.createProject(OWNER, { team_id: b.id, name: 'pb' });
    const keys = [];
    for (let i = 0; i < 5; i++) keys.push(await store.createKey(OWNER, { team_id: a.id, project_id: i < 3 ? pa.id : null, name: `k${i}`, ...keyFields() }));
    await store.createKey(OWNER, { team_id: b.id, name: 'kb', ...keyFields() });

    expect((await store.listTeams({})).map((t) => t.id).sort()).toEqual([a.id, b.id].sort());
    expect(await store.listTeams({ team_id: a.id })).toEqual([a]);
    expect(await store.listProjects({ team_id: a.id })).toEqual([pa]);
    expect(await store.listProjects({ project_id: pa.id })).toEqual([pa]);
    expect((await store.listKeys({ project_id: pa.id })).map((k) => k.name).sort()).toEqual(['k0', 'k1', 'k2']);

    const ids = keys.map((k) => k.id).sort();
    const first = await store.listKeys({ team_id: a.id, limit: 2 });
    expect(first.map((k) => k.id)).toEqual(ids.slice(0, 2));
    const second = await store.listKeys({ team_id: a.id, limit: 2, after: first[1]!.id });
    expect(second.map((k) => k.id)).toEqual(ids.slice(2, 4));
    const third = await store.listKeys({ team_id: a.id, limit: 2, after: second[1]!.id });
    expect(third.map((k) => k.id)).toEqual(ids.slice(4));
  });
});
