/**
 * What governance needs from storage: tenancy (teams, projects, keys), the audit chain, the spend
 * ledger and its rollups, and alert bookkeeping. storage/ implements these over Kysely for SQLite
 * and PostgreSQL; admin/ and the governance hooks use them. Every write to teams, projects or keys
 * bumps the epoch in the same transaction, so replicas that poll it reload within one interval.
 */
import type { AlertTarget, Budget, Limits, Project, Team, TenancySnapshot, VirtualKey } from './types.js';

/** Who did an admin action: for the audit log. */
export interface Actor {
  /** 'admin_key' for the config's key, else the virtual key's id. */
  key_id: string;
  role: string;
}

/** Fields a team is created or patched with. */
export interface TeamInput {
  name?: string;
  metadata?: Record<string, string>;
  regions?: string[] | null;
  /** Its own guard list, validated by the caller (the admin API); null removes it. */
  guardrails?: Record<string, unknown>[] | null;
  budget?: Budget | null;
  limits?: Limits | null;
  user_budget?: Budget | null;
  user_limits?: Limits | null;
  alerts?: AlertTarget[];
}

/** Fields a project is created or patched with. */
export interface ProjectInput extends Omit<TeamInput, 'alerts'> {
  team_id?: string;
}

/** Fields a key is created or patched with (the secret is made by the caller and passed hashed). */
export interface KeyInput {
  name?: string;
  metadata?: Record<string, string>;
  team_id?: string;
  project_id?: string | null;
  role?: VirtualKey['role'];
  models?: string[] | null;
  regions?: string[] | null;
  budget?: Budget | null;
  limits?: Limits | null;
  expires_at?: number | null;
}

/** Filters for listing; team_id scopes a team admin to their team. */
export interface ListFilter {
  team_id?: string;
  project_id?: string;
  limit?: number;
  /** Opaque cursor: the last id of the previous page. */
  after?: string;
}

/** Teams, projects and keys. Writes take the actor and append to the audit chain in the same transaction. */
export interface TenancyStore {
  /** The current change counter (one cheap query; replicas poll it). */
  epoch(): Promise<number>;
  /** Everything the request path needs, in one consistent read. */
  snapshot(): Promise<TenancySnapshot>;

  createTeam(actor: Actor, input: TeamInput & { name: string }): Promise<Team>;
  getTeam(id: string): Promise<Team | undefined>;
  listTeams(filter: ListFilter): Promise<Team[]>;
  updateTeam(actor: Actor, id: string, patch: TeamInput): Promise<Team | undefined>;
  /** Refuses (returns 'not_empty') while projects or live keys remain. */
  deleteTeam(actor: Actor, id: string): Promise<'deleted' | 'not_found' | 'not_empty'>;

  createProject(actor: Actor, input: ProjectInput & { name: string; team_id: string }): Promise<Project>;
  getProject(id: string): Promise<Project | undefined>;
  listProjects(filter: ListFilter): Promise<Project[]>;
  updateProject(actor: Actor, id: string, patch: ProjectInput): Promise<Project | undefined>;
  deleteProject(actor: Actor, id: string): Promise<'deleted' | 'not_found' | 'not_empty'>;

  createKey(actor: Actor, input: KeyInput & { name: string; team_id: string; key_hash: string; key_prefix: string }): Promise<VirtualKey>;
  getKey(id: string): Promise<VirtualKey | undefined>;
  listKeys(filter: ListFilter): Promise<VirtualKey[]>;
  updateKey(actor: Actor, id: string, patch: KeyInput): Promise<VirtualKey | undefined>;
  /** Sets revoked_at (idempotent); the row stays for the ledger and the audit log. */
  revokeKey(actor: Actor, id: string, now: number): Promise<VirtualKey | undefined>;
  /** Sets first_used_at if unset; true only for the one call (on any replica) that set it. */
  markFirstUse(keyId: string, now: number): Promise<boolean>;
  /** Keys past expires_at not yet recorded as expired: records them (audit `key.expired`) and returns them. */
  recordExpired(now: number): Promise<VirtualKey[]>;
}

/** One audit row as stored. */
export interface AuditRow {
  seq: number;
  /** ms since the epoch. */
  time: number;
  actor_key_id: string;
  actor_role: string;
  /** e.g. team.created, key.revoked, key.first_used, key.expired. */
  action: string;
  object_type: string;
  object_id: string;
  team_id: string | null;
  /** JSON text of the object before and after (secrets never included), or null. */
  before: string | null;
  after: string | null;
  prev_hash: string;
  hash: string;
}

/** Filters for reading the audit log. */
export interface AuditFilter {
  action?: string;
  object_id?: string;
  actor_key_id?: string;
  team_id?: string;
  from?: number;
  to?: number;
  limit?: number;
  after_seq?: number;
}

/** The append-only, hash-chained audit log. */
export interface AuditStore {
  /** Appends one event (outside an admin write: key first use, expiry). */
  append(event: Omit<AuditRow, 'seq' | 'prev_hash' | 'hash'>): Promise<AuditRow>;
  list(filter: AuditFilter): Promise<AuditRow[]>;
  /** Walks the chain; the first row whose hash or link does not match, if any. */
  verify(): Promise<{ ok: true; rows: number } | { ok: false; rows: number; seq: number; reason: string }>;
}

/** One request's spend, as settled. */
export interface LedgerEntry {
  request_id: string;
  /** ms since the epoch. */
  time: number;
  /** The rollup day (YYYY-MM-DD) in governance.timezone. */
  day: string;
  team_id: string;
  project_id: string;
  key_id: string;
  end_user: string;
  /** The model the client asked for (the alias). */
  model: string;
  provider: string;
  usd: number;
  input_tokens: number;
  output_tokens: number;
  /** 1 when usage was counted by the gateway because the upstream reported none. */
  estimated: number;
  /** A response-cache hit: the upstream cost it saved (0 or absent otherwise). */
  saved_usd?: number;
  /** 1 when the response cache answered (usd and tokens are then 0). */
  cache_hit?: number;
}

/** Spend grouped one way; ids with names where the group has them. */
export interface SpendRow {
  team_id?: string;
  team_name?: string | null;
  project_id?: string;
  project_name?: string | null;
  key_id?: string;
  key_name?: string | null;
  user?: string;
  model?: string;
  usd: number;
  input_tokens: number;
  output_tokens: number;
  requests: number;
  /** Upstream cost that response-cache hits saved. */
  saved_usd: number;
  /** Requests the response cache answered. */
  cache_hits: number;
}

/** How to group spend. */
export const SPEND_GROUPS = ['team', 'project', 'key', 'user', 'model'] as const;
/** One of SPEND_GROUPS. */
export type SpendGroup = (typeof SPEND_GROUPS)[number];

/** The spend ledger (one row per request, retained N days) and its daily rollups (kept). */
export interface LedgerStore {
  /** Inserts the rows and adds them to the rollups, in one transaction. */
  write(entries: readonly LedgerEntry[]): Promise<void>;
  /** Spend grouped by one field, days from..to inclusive (YYYY-MM-DD), optionally within one team. */
  spend(groupBy: SpendGroup, from: string, to: string, teamId?: string): Promise<SpendRow[]>;
  /** Settled spend of one budget scope since a day (inclusive): seeds counters after a restart. */
  spentSince(scope: BudgetScope, fromDay: string | null): Promise<{ usd: number; tokens: number }>;
  /** Deletes ledger rows older than the time; rollups stay. Returns how many. */
  sweep(before: number): Promise<number>;
}

/** What a budget is on. For `user`, id is `TEAM_OR_PROJECT_ID:END_USER` and field names the owner. */
export interface BudgetScope {
  kind: 'key' | 'project' | 'team' | 'user';
  id: string;
  /** For user scopes: the team or project whose user_budget applies. */
  owner?: { kind: 'team' | 'project'; id: string };
}

/** Alert bookkeeping: one row per (budget, period, threshold), claimed by exactly one replica. */
export interface AlertStore {
  /** Claims the alert; true only for the first claimer anywhere. teamId files it under a team for list(). */
  claim(alertId: string, now: number, payload: string, teamId?: string | null): Promise<boolean>;
  /** Records a delivery outcome. */
  recordDelivery(alertId: string, target: string, ok: boolean, attempts: number, error: string | null, now: number): Promise<void>;
  /** Newest first; deliveries is a JSON array of { target, ok, attempts, error, time }. */
  list(filter: { team_id?: string; limit?: number }): Promise<Array<{ id: string; time: number; payload: string; deliveries: string }>>;
}
