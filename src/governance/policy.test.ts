import { describe, expect, it } from 'vitest';
import type { ResolvedKey } from './keys/tenancy-cache.js';
import { compileModelGlobs, modelAllowed, modelRateRules, requestPolicy } from './policy.js';
import { budgetSchema, type Project, type Team, type VirtualKey } from './types.js';

const base = { metadata: {}, created_at: 0, updated_at: 0 };
const team: Team = {
  ...base,
  id: 'team_a',
  name: 'A',
  regions: null,
  guardrails: null,
  budget: budgetSchema.parse({ usd: 100 }),
  limits: { rpm: 600 },
  user_budget: budgetSchema.parse({ usd: 5, period: 'day' }),
  user_limits: { rpm: 10 },
  alerts: [],
};
const project: Project = {
  ...base,
  id: 'proj_a',
  team_id: 'team_a',
  name: 'p',
  regions: null,
  guardrails: null,
  budget: null,
  limits: { tpm: 1000 },
  user_budget: null,
  user_limits: null,
};
function keyWith(fields: Partial<VirtualKey>): ResolvedKey {
  const key: VirtualKey = {
    ...base,
    id: 'key_a',
    name: 'k',
    team_id: 'team_a',
    project_id: 'proj_a',
    role: 'member',
    key_hash: 'h',
    key_prefix: 'sk-sb-x',
    models: null,
    regions: null,
    budget: null,
    limits: null,
    expires_at: null,
    revoked_at: null,
    first_used_at: null,
    ...fields,
  };
  return { key, team, project };
}

describe('request policy', () => {
  it('collects the key, project, team, end-user and model rules', () => {
    const resolved = keyWith({ budget: budgetSchema.parse({ usd: 1 }), limits: { concurrency: 2 } });
    const policy = requestPolicy(resolved, 'alice', modelRateRules('gpt', { rpm: 50 }));
    expect(policy.rates.map((r) => r.id)).toEqual([
      'key:key_a:concurrency',
      'project:proj_a:tpm',
      'team:team_a:rpm',
      'user:team:team_a:alice:rpm',
      'model:gpt:rpm',
    ]);
    expect(policy.budgets.map((b) => b.scope)).toEqual([
      { kind: 'key', id: 'key_a' },
      { kind: 'team', id: 'team_a' },
      { kind: 'user', id: 'team_a:alice', owner: { kind: 'team', id: 'team_a' } },
    ]);
  });

  it('has no per-user rules without an end user, and nothing at all for an open caller', () => {
    const policy = requestPolicy(keyWith({}), undefined, undefined);
    expect(policy.rates.some((r) => r.id.startsWith('user:'))).toBe(false);
    expect(requestPolicy(undefined, 'bob', undefined)).toEqual({ rates: [], budgets: [] });
  });

  it('matches model globs anchored, with regex characters taken literally', () => {
    expect(compileModelGlobs(['gpt-4o*', 'claude.sonnet']).test('gpt-4o-mini')).toBe(true);
    expect(compileModelGlobs(['gpt-4o*']).test('my-gpt-4o')).toBe(false);
    expect(compileModelGlobs(['claude.sonnet']).test('claudeXsonnet')).toBe(false);
    expect(modelAllowed(keyWith({ models: ['cheap-*'] }), 'cheap-fast')).toBe(true);
    expect(modelAllowed(keyWith({ models: ['cheap-*'] }), 'expensive')).toBe(false);
    expect(modelAllowed(keyWith({ models: null }), 'anything')).toBe(true);
  });
});
