/**
 * Objects as the admin API answers them: times as ISO strings, keys without their hash, webhook
 * secrets and Slack webhook paths masked. Fields are listed one by one, so a field added to a
 * stored type never reaches the wire without a decision here.
 */
import type { AlertTarget, Project, Team, VirtualKey } from '../governance/types.js';

/** What answers show in place of a secret; sending it back is refused with a clear message. */
export const MASK = '***hidden***';

/** An epoch-ms time as ISO 8601, null kept. */
export function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/**
 * An alert target as shown: a webhook's secret masked; a Slack URL cut to its host and last four
 * characters (a Slack incoming-webhook URL is itself the credential that lets anyone post).
 */
export function maskAlertTarget(target: AlertTarget): Record<string, string> {
  if (target.type === 'webhook') return { type: 'webhook', url: target.url, secret: MASK };
  return { type: 'slack', url: maskUrl(target.url) };
}

/** A URL reduced to its origin and the last four characters of the rest. */
export function maskUrl(url: string): string {
  if (!URL.canParse(url)) return MASK;
  const parsed = new URL(url);
  const rest = url.slice(parsed.origin.length);
  return rest.length <= 1 ? parsed.origin : `${parsed.origin}/${MASK}${rest.slice(-4)}`;
}

/** A team as answered. */
export function teamOut(team: Team) {
  return {
    id: team.id,
    object: 'team' as const,
    name: team.name,
    metadata: team.metadata,
    regions: team.regions,
    guardrails: team.guardrails,
    budget: team.budget,
    limits: team.limits,
    user_budget: team.user_budget,
    user_limits: team.user_limits,
    alerts: team.alerts.map(maskAlertTarget),
    created_at: iso(team.created_at),
    updated_at: iso(team.updated_at),
  };
}

/** A project as answered. */
export function projectOut(project: Project) {
  return {
    id: project.id,
    object: 'project' as const,
    team_id: project.team_id,
    name: project.name,
    metadata: project.metadata,
    regions: project.regions,
    guardrails: project.guardrails,
    budget: project.budget,
    limits: project.limits,
    user_budget: project.user_budget,
    user_limits: project.user_limits,
    created_at: iso(project.created_at),
    updated_at: iso(project.updated_at),
  };
}

/** A key as answered: its display prefix, never its hash. */
export function keyOut(key: VirtualKey) {
  return {
    id: key.id,
    object: 'key' as const,
    team_id: key.team_id,
    project_id: key.project_id,
    name: key.name,
    role: key.role,
    key_prefix: key.key_prefix,
    models: key.models,
    regions: key.regions,
    budget: key.budget,
    limits: key.limits,
    metadata: key.metadata,
    expires_at: iso(key.expires_at),
    revoked_at: iso(key.revoked_at),
    first_used_at: iso(key.first_used_at),
    created_at: iso(key.created_at),
    updated_at: iso(key.updated_at),
  };
}

/**
 * A stored JSON snapshot (audit before/after, alert payloads) made safe to answer: key hashes
 * dropped, secrets masked and http(s) URLs cut to their origin, at any depth. Text that is not JSON is returned as is.
 */
export function safeJson(text: string | null): unknown {
  if (text === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return text;
  }
  return scrub(value, 0);
}

function scrub(value: unknown, depth: number): unknown {
  if (depth > 32) return null;
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  if (value === null || typeof value !== 'object') return value;
  // A null prototype: a '__proto__' key in stored JSON stays a plain key.
  const out: Record<string, unknown> = Object.create(null);
  for (const [k, v] of Object.entries(value)) {
    if (k === 'key_hash') continue;
    if ((k === 'secret' || k === 'key') && typeof v === 'string') out[k] = MASK;
    // Any http(s) URL (a delivery's target, an alert's url): a Slack webhook URL is a credential.
    else if (typeof v === 'string' && /^https?:\/\//i.test(v)) out[k] = maskUrl(v);
    else out[k] = scrub(v, depth + 1);
  }
  return out;
}
