/**
 * Rows of teams, projects and api_keys to governance objects and back, and the audit view of each
 * object: what goes into an audit row's before/after, with every secret left out.
 */
import type { AlertTarget, Project, Team, VirtualKey } from '../../governance/types.js';
import type { ApiKeysTable, ProjectsTable, TeamsTable } from '../schema.js';
import {
  num,
  numOrNull,
  parseAlerts,
  parseBudget,
  parseLimits,
  parseMetadata,
  parseModels,
  parseRegions,
  parseTenantGuardrails,
  toJsonColumn,
} from './json-columns.js';

/** A team row as read. */
export function teamFromRow(row: TeamsTable): Team {
  return {
    id: row.id,
    name: row.name,
    metadata: parseMetadata(row.metadata),
    regions: parseRegions(row.regions),
    guardrails: parseTenantGuardrails(row.guardrails),
    budget: parseBudget(row.budget),
    limits: parseLimits(row.limits),
    user_budget: parseBudget(row.user_budget, 'user_budget'),
    user_limits: parseLimits(row.user_limits, 'user_limits'),
    alerts: parseAlerts(row.alerts),
    created_at: num(row.created_at),
    updated_at: num(row.updated_at),
  };
}

/** A team as a row. */
export function teamToRow(team: Team): TeamsTable {
  return {
    id: team.id,
    name: team.name,
    metadata: JSON.stringify(team.metadata),
    regions: toJsonColumn(team.regions),
    guardrails: toJsonColumn(team.guardrails),
    budget: toJsonColumn(team.budget),
    limits: toJsonColumn(team.limits),
    user_budget: toJsonColumn(team.user_budget),
    user_limits: toJsonColumn(team.user_limits),
    alerts: JSON.stringify(team.alerts),
    created_at: team.created_at,
    updated_at: team.updated_at,
  };
}

/** A project row as read. */
export function projectFromRow(row: ProjectsTable): Project {
  return {
    id: row.id,
    team_id: row.team_id,
    name: row.name,
    metadata: parseMetadata(row.metadata),
    regions: parseRegions(row.regions),
    guardrails: parseTenantGuardrails(row.guardrails),
    budget: parseBudget(row.budget),
    limits: parseLimits(row.limits),
    user_budget: parseBudget(row.user_budget, 'user_budget'),
    user_limits: parseLimits(row.user_limits, 'user_limits'),
    created_at: num(row.created_at),
    updated_at: num(row.updated_at),
  };
}

/** A project as a row. */
export function projectToRow(project: Project): ProjectsTable {
  return {
    id: project.id,
    team_id: project.team_id,
    name: project.name,
    metadata: JSON.stringify(project.metadata),
    regions: toJsonColumn(project.regions),
    guardrails: toJsonColumn(project.guardrails),
    budget: toJsonColumn(project.budget),
    limits: toJsonColumn(project.limits),
    user_budget: toJsonColumn(project.user_budget),
    user_limits: toJsonColumn(project.user_limits),
    created_at: project.created_at,
    updated_at: project.updated_at,
  };
}

/** A key row as read (expiry_recorded is bookkeeping, not part of the key). */
export function keyFromRow(row: ApiKeysTable): VirtualKey {
  return {
    id: row.id,
    team_id: row.team_id,
    project_id: row.project_id,
    name: row.name,
    role: row.role as VirtualKey['role'],
    key_hash: row.key_hash,
    key_prefix: row.key_prefix,
    models: parseModels(row.models),
    regions: parseRegions(row.regions),
    budget: parseBudget(row.budget),
    limits: parseLimits(row.limits),
    metadata: parseMetadata(row.metadata),
    expires_at: numOrNull(row.expires_at),
    revoked_at: numOrNull(row.revoked_at),
    first_used_at: numOrNull(row.first_used_at),
    created_at: num(row.created_at),
    updated_at: num(row.updated_at),
  };
}

/** A key as a row. */
export function keyToRow(key: VirtualKey, expiryRecorded = 0): ApiKeysTable {
  return {
    id: key.id,
    team_id: key.team_id,
    project_id: key.project_id,
    name: key.name,
    role: key.role,
    key_hash: key.key_hash,
    key_prefix: key.key_prefix,
    models: toJsonColumn(key.models),
    regions: toJsonColumn(key.regions),
    budget: toJsonColumn(key.budget),
    limits: toJsonColumn(key.limits),
    metadata: JSON.stringify(key.metadata),
    expires_at: key.expires_at,
    revoked_at: key.revoked_at,
    first_used_at: key.first_used_at,
    expiry_recorded: expiryRecorded,
    created_at: key.created_at,
    updated_at: key.updated_at,
  };
}

/**
 * An alert target as the audit log shows it: the type and the URL's origin only. A webhook's
 * signing secret is a secret, and so is a Slack incoming-webhook URL's path (it is the credential).
 */
function auditTarget(target: AlertTarget): { type: string; url: string } {
  let origin: string;
  try {
    origin = new URL(target.url).origin;
  } catch {
    origin = '[invalid url]';
  }
  return { type: target.type, url: `${origin}/[redacted]` };
}

/** A team's JSON for an audit row: alert targets without their secrets. */
export function teamAuditJson(team: Team): string {
  return JSON.stringify({ ...team, alerts: team.alerts.map(auditTarget) });
}

/** A project's JSON for an audit row. */
export function projectAuditJson(project: Project): string {
  return JSON.stringify(project);
}

/** A key's JSON for an audit row: never key_hash (a hash of a secret is as good as one for a lookup). */
export function keyAuditJson(key: VirtualKey): string {
  const { key_hash: _hash, ...rest } = key;
  return JSON.stringify(rest);
}
