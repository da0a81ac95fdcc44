/**
 * The tenant guard lookup: the team's list then the project's, parsed once per stored object and
 * answered as the same arrays until the snapshot is swapped; nothing for callers or snapshots
 * without lists; a stored list that does not parse blocks (logged once), never passes.
 */
import { describe, expect, it } from 'vitest';
import type { Project, Team, TenancySnapshot } from '../governance/types.js';
import { tenantGuardrailsSchema } from '../guardrails/config-schema.js';
import type { CallerIdentity } from '../pipeline/context.js';
import type { Logger } from '../pipeline/services.js';
import { createTenantGuardrailLookup, INVALID_TENANT_GUARDRAILS, INVALID_TENANT_GUARDRAILS_NAME } from './tenant-guardrails.js';

const base = { metadata: {}, created_at: 0, updated_at: 0, regions: null, budget: null, limits: null, user_budget: null, user_limits: null };
const PII = { name: 'pii', type: 'pii', action: 'redact', entities: ['EMAIL'] };
const TERMS = { name: 'terms', type: 'denied_terms', terms: ['zeus'] };

function team(id: string, guardrails: Record<string, unknown>[] | null): Team {
  return { ...base, id, name: id, alerts: [], guardrails };
}
function project(id: string, teamId: string, guardrails: Record<string, unknown>[] | null): Project {
  return { ...base, id, name: id, team_id: teamId, guardrails };
}
function snapshotOf(teams: Team[], projects: Project[], epoch = 1): TenancySnapshot {
  return { epoch, teams: new Map(teams.map((t) => [t.id, t])), projects: new Map(projects.map((p) => [p.id, p])), keysByHash: new Map() };
}
const caller = (teamId?: string, projectId?: string): CallerIdentity => ({ method: 'virtual_key', team: teamId, project: projectId });

function recordingLogger() {
  const errors: Array<{ fields: object; message: string }> = [];
  const logger: Logger = { error: (fields, message) => void errors.push({ fields, message }), warn() {}, info() {} };
  return { logger, errors };
}

describe('createTenantGuardrailLookup', () => {
  it("answers the team's list then the project's, parsed with defaults, only the non-empty ones", () => {
    const snap = snapshotOf(
      [team('t1', [PII]), team('t2', null), team('t3', [])],
      [project('p1', 't1', [TERMS]), project('p2', 't1', null), project('p3', 't2', [TERMS]), project('p4', 't3', null)],
    );
    const lookup = createTenantGuardrailLookup(() => snap);
    const [pii, terms] = [tenantGuardrailsSchema.parse([PII])!, tenantGuardrailsSchema.parse([TERMS])!];
    expect(lookup(caller('t1', 'p1'))).toEqual([pii, terms]);
    expect(lookup(caller('t1', 'p1'))[0]![0]).toMatchObject({ on: ['input'], fail: 'closed', action: 'redact' });
    expect(lookup(caller('t1', 'p2'))).toEqual([pii]);
    expect(lookup(caller('t1'))).toEqual([pii]);
    expect(lookup(caller('t2', 'p3'))).toEqual([terms]);
    expect(lookup(caller('t3', 'p4'))).toEqual([]);
    expect(lookup(caller('t2'))).toEqual([]);
    expect(lookup(caller('nobody', 'nothing'))).toEqual([]);
    expect(lookup(undefined)).toEqual([]);
    expect(lookup({ method: 'admin_key' })).toEqual([]);
  });

  it('answers the same arrays on every call until the snapshot is swapped, then new ones', () => {
    let snap = snapshotOf([team('t1', [PII])], [project('p1', 't1', [TERMS])]);
    const lookup = createTenantGuardrailLookup(() => snap);
    const first = lookup(caller('t1', 'p1'));
    const again = lookup(caller('t1', 'p1'));
    expect(again).toBe(first);
    expect(again[0]).toBe(first[0]);
    expect(again[1]).toBe(first[1]);
    // The team's list is the same array whether or not the caller has a project.
    expect(lookup(caller('t1'))[0]).toBe(first[0]);

    snap = snapshotOf([team('t1', [PII])], [project('p1', 't1', [{ ...TERMS, terms: ['hera'] }])], 2);
    const swapped = lookup(caller('t1', 'p1'));
    expect(swapped[0]).not.toBe(first[0]);
    expect(swapped[0]).toEqual(first[0]);
    expect(swapped[1]![0]).toMatchObject({ terms: ['hera'] });
    expect(lookup(caller('t1', 'p1'))[1]).toBe(swapped[1]);
  });

  it('answers one shared empty list when no team or project has guardrails, or there is no snapshot', () => {
    const snap = snapshotOf([team('t1', null)], [project('p1', 't1', null)]);
    const lookup = createTenantGuardrailLookup(() => snap);
    const none = lookup(caller('t1', 'p1'));
    expect(none).toEqual([]);
    expect(lookup(caller('t1'))).toBe(none);
    expect(createTenantGuardrailLookup(() => undefined)(caller('t1', 'p1'))).toEqual([]);
  });

  it('blocks for a stored list that does not parse, logging it once per object and content', () => {
    const { logger, errors } = recordingLogger();
    const broken = [{ name: 'pii', type: 'pii', action: 'explode' }];
    let snap = snapshotOf([team('t1', broken), team('t2', [{ type: 'unreadable' }])], [project('p1', 't1', [TERMS])]);
    const lookup = createTenantGuardrailLookup(() => snap, { logger });
    const lists = lookup(caller('t1', 'p1'));
    expect(lists[0]).toBe(INVALID_TENANT_GUARDRAILS);
    expect(lists[1]).toEqual(tenantGuardrailsSchema.parse([TERMS]));
    expect(lookup(caller('t2'))).toEqual([INVALID_TENANT_GUARDRAILS]);
    expect(INVALID_TENANT_GUARDRAILS).toEqual([
      expect.objectContaining({ type: 'denied_terms', name: INVALID_TENANT_GUARDRAILS_NAME, action: 'block', fail: 'closed', on: ['input', 'output'] }),
    ]);
    // Its pattern matches any text at all.
    const guard = INVALID_TENANT_GUARDRAILS[0]!;
    expect(guard.type === 'denied_terms' && guard.patterns.every((p) => new RegExp(p, 'u').test('x') && new RegExp(p, 'u').test('\n'))).toBe(true);
    lookup(caller('t1', 'p1'));
    lookup(caller('t1'));
    expect(errors).toHaveLength(2);
    expect(errors[0]!.message).toContain('team t1');
    expect(errors[0]!.message).toContain('guardrails[0].action');
    expect(errors[0]!.fields).toMatchObject({ team: 't1', path: 'guardrails[0].action' });
    // A reload with the same broken content says nothing new.
    snap = snapshotOf([team('t1', broken), team('t2', [{ type: 'unreadable' }])], [project('p1', 't1', [TERMS])], 2);
    expect(lookup(caller('t1', 'p1'))[0]).toBe(INVALID_TENANT_GUARDRAILS);
    expect(errors).toHaveLength(2);
  });
});
