/**
 * The guard lists teams and projects carry (admin API), as the request path asks for them: the
 * caller's team's list, then its project's, parsed with guardrails' tenant schema. Governance
 * keeps the lists as opaque JSON (features stay apart); this is where the two meet.
 *
 * Parsed once per stored object: snapshots are swapped whole, so a WeakMap keyed by the team or
 * project object holds each parse for exactly as long as that snapshot lives, and every call until
 * the next swap answers the very same arrays (guardrails caches its compiled guards by array
 * identity). When no team or project of the snapshot has a list, a call is two comparisons.
 *
 * A stored list that does not parse (a hand-edited row) must never pass silently: it is logged
 * once and replaced by INVALID_TENANT_GUARDRAILS, one guard that blocks every request of that team
 * or project carrying any text, until someone fixes the list through the admin API.
 */
import type { Project, Team, TenancySnapshot } from '../governance/types.js';
import { type TenantGuardrailConfig, tenantGuardrailsSchema } from '../guardrails/config-schema.js';
import type { CallerIdentity } from '../pipeline/context.js';
import type { Logger } from '../pipeline/services.js';

/** The caller's guard lists: the team's, then the project's; only the non-empty ones. */
export type TenantGuardrailLists = readonly (readonly TenantGuardrailConfig[])[];

/** The lookup of one gateway: answers the same arrays for the same caller until the snapshot changes. */
export type TenantGuardrailLookup = (identity: CallerIdentity | undefined) => TenantGuardrailLists;

/** The name of the fail-closed guard that stands in for a stored list that does not parse. */
export const INVALID_TENANT_GUARDRAILS_NAME = 'invalid-tenant-guardrails';

/** The stand-in for a stored list that does not parse: a denied_terms guard whose pattern matches any character, blocking on both stages. */
export const INVALID_TENANT_GUARDRAILS: readonly TenantGuardrailConfig[] = Object.freeze(
  tenantGuardrailsSchema.parse([
    { type: 'denied_terms', name: INVALID_TENANT_GUARDRAILS_NAME, patterns: ['[\\s\\S]'], on: ['input', 'output'], action: 'block', fail: 'closed' },
  ]) ?? [],
);

const NONE: TenantGuardrailLists = Object.freeze([]);

/** Options of the lookup. */
export interface TenantGuardrailLookupOptions {
  /** Where an unparseable stored list is reported (once per object and content). */
  logger?: Logger;
}

function anyGuarded(snapshot: TenancySnapshot): boolean {
  for (const team of snapshot.teams.values()) if (team.guardrails !== null && team.guardrails.length > 0) return true;
  for (const project of snapshot.projects.values()) if (project.guardrails !== null && project.guardrails.length > 0) return true;
  return false;
}

/**
 * A lookup over the tenancy snapshot in force (e.g. `() => governance.cache.snapshot`; undefined
 * when the gateway has none). Call it with the request's identity once it is authenticated.
 */
export function createTenantGuardrailLookup(snapshot: () => TenancySnapshot | undefined, options: TenantGuardrailLookupOptions = {}): TenantGuardrailLookup {
  /** Each stored object's parsed list; null: none (absent or empty). */
  const parsed = new WeakMap<Team | Project, readonly TenantGuardrailConfig[] | null>();
  /** Each project's answer (with its team's list first), and the team object it was built with. */
  const combined = new WeakMap<Project, { team: Team | undefined; lists: TenantGuardrailLists }>();
  /** Each team's answer for callers without a project. */
  const teamOnly = new WeakMap<Team, TenantGuardrailLists>();
  const reported = new Set<string>();
  let lastSnapshot: TenancySnapshot | undefined;
  let lastAnyGuarded = false;

  function listOf(object: Team | Project | undefined, kind: 'team' | 'project'): readonly TenantGuardrailConfig[] | null {
    if (object === undefined || object.guardrails === null || object.guardrails.length === 0) return null;
    const known = parsed.get(object);
    if (known !== undefined) return known;
    const result = tenantGuardrailsSchema.safeParse(object.guardrails);
    let list: readonly TenantGuardrailConfig[] | null;
    if (result.success) {
      list = result.data === null || result.data.length === 0 ? null : Object.freeze(result.data);
    } else {
      list = INVALID_TENANT_GUARDRAILS;
      const issue = result.error.issues[0];
      const where = `${kind} ${object.id}`;
      const key = `${where}\u0000${JSON.stringify(object.guardrails)}`;
      if (!reported.has(key)) {
        reported.add(key);
        const path = issue ? `guardrails${issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}` : 'guardrails';
        options.logger?.error(
          { [kind]: object.id, path, issue: issue?.message },
          `the stored guardrails of ${where} do not parse (${path}): its requests are blocked by '${INVALID_TENANT_GUARDRAILS_NAME}' until the list is fixed with PATCH /admin/v1/${kind}s/${object.id}`,
        );
      }
    }
    parsed.set(object, list);
    return list;
  }

  return (identity) => {
    if (identity === undefined || identity.team === undefined) return NONE;
    const current = snapshot();
    if (current === undefined) return NONE;
    if (current !== lastSnapshot) {
      lastSnapshot = current;
      lastAnyGuarded = anyGuarded(current);
    }
    if (!lastAnyGuarded) return NONE;
    const team = current.teams.get(identity.team);
    const project = identity.project === undefined ? undefined : current.projects.get(identity.project);
    if (project === undefined) {
      if (team === undefined) return NONE;
      let lists = teamOnly.get(team);
      if (lists === undefined) {
        const list = listOf(team, 'team');
        lists = list === null ? NONE : Object.freeze([list]);
        teamOnly.set(team, lists);
      }
      return lists;
    }
    const cached = combined.get(project);
    if (cached !== undefined && cached.team === team) return cached.lists;
    const found = [listOf(team, 'team'), listOf(project, 'project')].filter((list) => list !== null);
    const lists = found.length === 0 ? NONE : Object.freeze(found);
    combined.set(project, { team, lists });
    return lists;
  };
}
