/**
 * Teams, projects and virtual keys over Kysely, one implementation for SQLite and PostgreSQL.
 * Every write is one transaction that changes the rows, bumps the epoch replicas poll, and
 * appends the audit event (tenancy-tx.ts); the snapshot reads everything with the epoch it
 * reflects in one consistent read.
 */
import type { Kysely } from 'kysely';
import { randomId } from '../../core/ids.js';
import type { Actor, KeyInput, ListFilter, ProjectInput, TeamInput, TenancyStore } from '../../governance/store-contract.js';
import type { Project, Team, TenancySnapshot, VirtualKey } from '../../governance/types.js';
import type { StorageSchema } from '../schema.js';
import { num } from './json-columns.js';
import { markFirstUse, recordExpired, revokeKey } from './key-events.js';
import { applyPatch, requireTeam, requireTeamAndProject } from './references.js';
import { keyAuditJson, keyFromRow, keyToRow, projectAuditJson, projectFromRow, projectToRow, teamAuditJson, teamFromRow, teamToRow } from './rows.js';
import { Rollback, tenancyWrite, unique } from './tenancy-tx.js';

/** Options of the tenancy store. */
export interface TenancyStoreOptions {
  /** The clock for created_at, updated_at and audit times (tests move it). */
  now?: () => number;
}

/** Items a list returns when the filter names no limit. */
const DEFAULT_LIMIT = 100;
/** Items a list returns at most. */
const MAX_LIMIT = 1000;

const TEAM_FIELDS = ['name', 'metadata', 'regions', 'guardrails', 'budget', 'limits', 'user_budget', 'user_limits', 'alerts'] as const;
const PROJECT_FIELDS = ['name', 'metadata', 'regions', 'guardrails', 'budget', 'limits', 'user_budget', 'user_limits', 'team_id'] as const;
const KEY_FIELDS = ['name', 'metadata', 'team_id', 'project_id', 'role', 'models', 'regions', 'budget', 'limits', 'expires_at'] as const;

function limitOf(filter: ListFilter): number {
  return Math.min(MAX_LIMIT, Math.max(1, Math.floor(filter.limit ?? DEFAULT_LIMIT)));
}

/** A TenancyStore on SQLite or PostgreSQL. */
export class KyselyTenancyStore implements TenancyStore {
  private readonly now: () => number;

  constructor(
    private readonly db: Kysely<StorageSchema>,
    private readonly kind: 'sqlite' | 'postgres',
    options: TenancyStoreOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  async epoch(): Promise<number> {
    const row = await this.db.selectFrom('governance_state').select('epoch').where('id', '=', 1).executeTakeFirstOrThrow();
    return num(row.epoch);
  }

  async snapshot(): Promise<TenancySnapshot> {
    // Repeatable read on PostgreSQL: every statement sees the same committed state as the epoch.
    // A SQLite transaction reads one snapshot already (and the dialect ignores isolation levels).
    const transaction =
      this.kind === 'postgres' ? this.db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only') : this.db.transaction();
    return transaction.execute(async (trx) => {
      const state = await trx.selectFrom('governance_state').select('epoch').where('id', '=', 1).executeTakeFirstOrThrow();
      const teams = await trx.selectFrom('teams').selectAll().execute();
      const projects = await trx.selectFrom('projects').selectAll().execute();
      const keys = await trx.selectFrom('api_keys').selectAll().where('revoked_at', 'is', null).execute();
      return {
        epoch: num(state.epoch),
        teams: new Map(teams.map((row) => [row.id, teamFromRow(row)])),
        projects: new Map(projects.map((row) => [row.id, projectFromRow(row)])),
        keysByHash: new Map(keys.map((row) => [row.key_hash, keyFromRow(row)])),
      };
    });
  }

  // Teams.

  createTeam(actor: Actor, input: TeamInput & { name: string }): Promise<Team> {
    const now = this.now();
    const team: Team = {
      id: `team_${randomId(20)}`,
      name: input.name,
      metadata: input.metadata ?? {},
      regions: input.regions ?? null,
      guardrails: input.guardrails ?? null,
      budget: input.budget ?? null,
      limits: input.limits ?? null,
      user_budget: input.user_budget ?? null,
      user_limits: input.user_limits ?? null,
      alerts: input.alerts ?? [],
      created_at: now,
      updated_at: now,
    };
    return tenancyWrite(this.db, this.kind, async ({ trx, audit }) => {
      await unique(trx.insertInto('teams').values(teamToRow(team)).execute(), `a team named '${team.name}' already exists`);
      await audit({
        actor,
        action: 'team.created',
        object_type: 'team',
        object_id: team.id,
        team_id: team.id,
        before: null,
        after: teamAuditJson(team),
        time: now,
      });
      return team;
    });
  }

  async getTeam(id: string): Promise<Team | undefined> {
    const row = await this.db.selectFrom('teams').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? teamFromRow(row) : undefined;
  }

  async listTeams(filter: ListFilter): Promise<Team[]> {
    const rows = await this.db
      .selectFrom('teams')
      .selectAll()
      .$if(filter.team_id !== undefined, (qb) => qb.where('id', '=', filter.team_id!))
      .$if(filter.after !== undefined, (qb) => qb.where('id', '>', filter.after!))
      .orderBy('id')
      .limit(limitOf(filter))
      .execute();
    return rows.map(teamFromRow);
  }

  updateTeam(actor: Actor, id: string, patch: TeamInput): Promise<Team | undefined> {
    const now = this.now();
    return tenancyWrite(this.db, this.kind, async ({ trx, audit }) => {
      const row = await trx.selectFrom('teams').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) return new Rollback(undefined);
      const before = teamFromRow(row);
      const after: Team = { ...applyPatch(before, patch, TEAM_FIELDS), updated_at: now };
      const { id: _id, ...values } = teamToRow(after);
      await unique(trx.updateTable('teams').set(values).where('id', '=', id).execute(), `a team named '${after.name}' already exists`);
      await audit({
        actor,
        action: 'team.updated',
        object_type: 'team',
        object_id: id,
        team_id: id,
        before: teamAuditJson(before),
        after: teamAuditJson(after),
        time: now,
      });
      return after;
    });
  }

  deleteTeam(actor: Actor, id: string): Promise<'deleted' | 'not_found' | 'not_empty'> {
    const now = this.now();
    return tenancyWrite(this.db, this.kind, async ({ trx, audit }) => {
      const row = await trx.selectFrom('teams').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) return new Rollback('not_found' as const);
      const project = await trx.selectFrom('projects').select('id').where('team_id', '=', id).limit(1).executeTakeFirst();
      const key = await trx.selectFrom('api_keys').select('id').where('team_id', '=', id).where('revoked_at', 'is', null).limit(1).executeTakeFirst();
      if (project || key) return new Rollback('not_empty' as const);
      await trx.deleteFrom('teams').where('id', '=', id).execute();
      await audit({
        actor,
        action: 'team.deleted',
        object_type: 'team',
        object_id: id,
        team_id: id,
        before: teamAuditJson(teamFromRow(row)),
        after: null,
        time: now,
      });
      return 'deleted' as const;
    });
  }

  // Projects.

  createProject(actor: Actor, input: ProjectInput & { name: string; team_id: string }): Promise<Project> {
    const now = this.now();
    const project: Project = {
      id: `proj_${randomId(20)}`,
      team_id: input.team_id,
      name: input.name,
      metadata: input.metadata ?? {},
      regions: input.regions ?? null,
      guardrails: input.guardrails ?? null,
      budget: input.budget ?? null,
      limits: input.limits ?? null,
      user_budget: input.user_budget ?? null,
      user_limits: input.user_limits ?? null,
      created_at: now,
      updated_at: now,
    };
    return tenancyWrite(this.db, this.kind, async ({ trx, audit }) => {
      await requireTeam(trx, project.team_id);
      await unique(
        trx.insertInto('projects').values(projectToRow(project)).execute(),
        `team '${project.team_id}' has a project named '${project.name}' already`,
      );
      await audit({
        actor,
        action: 'project.created',
        object_type: 'project',
        object_id: project.id,
        team_id: project.team_id,
        before: null,
        after: projectAuditJson(project),
        time: now,
      });
      return project;
    });
  }

  async getProject(id: string): Promise<Project | undefined> {
    const row = await this.db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? projectFromRow(row) : undefined;
  }

  async listProjects(filter: ListFilter): Promise<Project[]> {
    const rows = await this.db
      .selectFrom('projects')
      .selectAll()
      .$if(filter.team_id !== undefined, (qb) => qb.where('team_id', '=', filter.team_id!))
      .$if(filter.project_id !== undefined, (qb) => qb.where('id', '=', filter.project_id!))
      .$if(filter.after !== undefined, (qb) => qb.where('id', '>', filter.after!))
      .orderBy('id')
      .limit(limitOf(filter))
      .execute();
    return rows.map(projectFromRow);
  }

  /** Moving a project to another team moves its keys with it (revoked ones too), so every key's project stays inside the key's team. */
  updateProject(actor: Actor, id: string, patch: ProjectInput): Promise<Project | undefined> {
    const now = this.now();
    return tenancyWrite(this.db, this.kind, async ({ trx, audit }) => {
      const row = await trx.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) return new Rollback(undefined);
      const before = projectFromRow(row);
      const after: Project = { ...applyPatch(before, patch, PROJECT_FIELDS), updated_at: now };
      if (after.team_id !== before.team_id) await requireTeam(trx, after.team_id);
      const { id: _id, ...values } = projectToRow(after);
      await unique(
        trx.updateTable('projects').set(values).where('id', '=', id).execute(),
        `team '${after.team_id}' has a project named '${after.name}' already`,
      );
      await audit({
        actor,
        action: 'project.updated',
        object_type: 'project',
        object_id: id,
        team_id: after.team_id,
        before: projectAuditJson(before),
        after: projectAuditJson(after),
        time: now,
      });
      if (after.team_id === before.team_id) return after;
      const keys = await trx.selectFrom('api_keys').selectAll().where('project_id', '=', id).orderBy('id').execute();
      await trx.updateTable('api_keys').set({ team_id: after.team_id, updated_at: now }).where('project_id', '=', id).execute();
      for (const keyRow of keys) {
        const key = keyFromRow(keyRow);
        const moved = { ...key, team_id: after.team_id, updated_at: now };
        await audit({
          actor,
          action: 'key.updated',
          object_type: 'key',
          object_id: key.id,
          team_id: after.team_id,
          before: keyAuditJson(key),
          after: keyAuditJson(moved),
          time: now,
        });
      }
      return after;
    });
  }

  deleteProject(actor: Actor, id: string): Promise<'deleted' | 'not_found' | 'not_empty'> {
    const now = this.now();
    return tenancyWrite(this.db, this.kind, async ({ trx, audit }) => {
      const row = await trx.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) return new Rollback('not_found' as const);
      const key = await trx.selectFrom('api_keys').select('id').where('project_id', '=', id).where('revoked_at', 'is', null).limit(1).executeTakeFirst();
      if (key) return new Rollback('not_empty' as const);
      await trx.deleteFrom('projects').where('id', '=', id).execute();
      const before = projectFromRow(row);
      await audit({
        actor,
        action: 'project.deleted',
        object_type: 'project',
        object_id: id,
        team_id: before.team_id,
        before: projectAuditJson(before),
        after: null,
        time: now,
      });
      return 'deleted' as const;
    });
  }

  // Keys.

  createKey(actor: Actor, input: KeyInput & { name: string; team_id: string; key_hash: string; key_prefix: string }): Promise<VirtualKey> {
    const now = this.now();
    const key: VirtualKey = {
      id: `key_${randomId(20)}`,
      team_id: input.team_id,
      project_id: input.project_id ?? null,
      name: input.name,
      role: input.role ?? 'member',
      key_hash: input.key_hash,
      key_prefix: input.key_prefix,
      models: input.models ?? null,
      regions: input.regions ?? null,
      budget: input.budget ?? null,
      limits: input.limits ?? null,
      metadata: input.metadata ?? {},
      expires_at: input.expires_at ?? null,
      revoked_at: null,
      first_used_at: null,
      created_at: now,
      updated_at: now,
    };
    return tenancyWrite(this.db, this.kind, async ({ trx, audit }) => {
      await requireTeamAndProject(trx, key.team_id, key.project_id);
      // The message never repeats the hash: a conflict here means a secret was reused.
      await unique(trx.insertInto('api_keys').values(keyToRow(key)).execute(), 'a key with this secret exists already');
      await audit({
        actor,
        action: 'key.created',
        object_type: 'key',
        object_id: key.id,
        team_id: key.team_id,
        before: null,
        after: keyAuditJson(key),
        time: now,
      });
      return key;
    });
  }

  async getKey(id: string): Promise<VirtualKey | undefined> {
    const row = await this.db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? keyFromRow(row) : undefined;
  }

  /** Revoked keys included (they stay for the ledger and the audit log). */
  async listKeys(filter: ListFilter): Promise<VirtualKey[]> {
    const rows = await this.db
      .selectFrom('api_keys')
      .selectAll()
      .$if(filter.team_id !== undefined, (qb) => qb.where('team_id', '=', filter.team_id!))
      .$if(filter.project_id !== undefined, (qb) => qb.where('project_id', '=', filter.project_id!))
      .$if(filter.after !== undefined, (qb) => qb.where('id', '>', filter.after!))
      .orderBy('id')
      .limit(limitOf(filter))
      .execute();
    return rows.map(keyFromRow);
  }

  /** A new expires_at clears the recorded expiry, so the key's next expiry is audited again. */
  updateKey(actor: Actor, id: string, patch: KeyInput): Promise<VirtualKey | undefined> {
    const now = this.now();
    return tenancyWrite(this.db, this.kind, async ({ trx, audit }) => {
      const row = await trx.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) return new Rollback(undefined);
      const before = keyFromRow(row);
      const after: VirtualKey = { ...applyPatch(before, patch, KEY_FIELDS), updated_at: now };
      if (after.team_id !== before.team_id || after.project_id !== before.project_id) await requireTeamAndProject(trx, after.team_id, after.project_id);
      const expiryRecorded = after.expires_at === before.expires_at ? row.expiry_recorded : 0;
      const { id: _id, ...values } = keyToRow(after, num(expiryRecorded));
      await trx.updateTable('api_keys').set(values).where('id', '=', id).execute();
      await audit({
        actor,
        action: 'key.updated',
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

  revokeKey(actor: Actor, id: string, now: number): Promise<VirtualKey | undefined> {
    return revokeKey(this.db, this.kind, actor, id, now);
  }

  markFirstUse(keyId: string, now: number): Promise<boolean> {
    return markFirstUse(this.db, this.kind, keyId, now);
  }

  recordExpired(now: number): Promise<VirtualKey[]> {
    return recordExpired(this.db, this.kind, now);
  }
}
