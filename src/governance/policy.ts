/**
 * Which limits and budgets apply to a request: the key's, its project's, its team's, the end
 * user's (the project's and the team's per-user defaults), and the model alias's. The part that
 * depends only on the key is worked out once per snapshot and kept beside the key object.
 */
import type { RateCounter } from './counters/contract.js';
import type { ResolvedKey } from './keys/tenancy-cache.js';
import type { BudgetScope } from './store-contract.js';
import type { Budget, Limits } from './types.js';

/** One rate limit that applies, before its window is known. */
export interface RateRule {
  /** Counter id without the window, e.g. `key:key_x:rpm`. */
  id: string;
  kind: 'rpm' | 'tpm' | 'concurrency';
  limit: number;
  /** Who it belongs to, for the refusal's message ("project proj_x", "end user alice"). */
  label: string;
  /** For rpm and concurrency, whose amount is always 1: the counter itself, built once and never changed. */
  counter?: RateCounter;
}

/** One budget that applies. */
export interface BudgetRule {
  scope: BudgetScope;
  budget: Budget;
  label: string;
}

/** Everything that applies to one request. */
export interface RequestPolicy {
  rates: RateRule[];
  budgets: BudgetRule[];
}

interface StaticPolicy extends RequestPolicy {
  /** Per-user defaults of the project and team, to instantiate per end user. */
  userDefaults: Array<{ owner: { kind: 'team' | 'project'; id: string }; budget: Budget | null; limits: Limits | null }>;
  models?: RegExp;
}

const KINDS = ['rpm', 'tpm', 'concurrency'] as const;

function addRates(out: RateRule[], prefix: string, limits: Limits | null | undefined, label: string): void {
  if (!limits) return;
  for (const kind of KINDS) {
    const limit = limits[kind];
    if (!limit) continue;
    const id = `${prefix}:${kind}`;
    out.push({ id, kind, limit, label, ...(kind !== 'tpm' && { counter: Object.freeze({ id, kind, limit, amount: 1 }) }) });
  }
}

/** Compiles a list of alias globs (`*` any run of characters) into one anchored pattern. */
export function compileModelGlobs(globs: readonly string[]): RegExp {
  const parts = globs.map((glob) =>
    glob
      .split('*')
      .map((piece) => piece.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*'),
  );
  return new RegExp(`^(?:${parts.join('|')})$`);
}

const STATIC = new WeakMap<object, StaticPolicy>();

function staticPolicy(resolved: ResolvedKey): StaticPolicy {
  const cached = STATIC.get(resolved.key);
  // The key object is replaced when the snapshot reloads, so its team and project are current too.
  if (cached) return cached;
  const { key, project, team } = resolved;
  const policy: StaticPolicy = { rates: [], budgets: [], userDefaults: [] };
  addRates(policy.rates, `key:${key.id}`, key.limits, `key ${key.id}`);
  if (key.budget) policy.budgets.push({ scope: { kind: 'key', id: key.id }, budget: key.budget, label: `key ${key.id}` });
  if (project) {
    addRates(policy.rates, `project:${project.id}`, project.limits, `project ${project.id}`);
    if (project.budget) policy.budgets.push({ scope: { kind: 'project', id: project.id }, budget: project.budget, label: `project ${project.id}` });
    if (project.user_budget || project.user_limits)
      policy.userDefaults.push({ owner: { kind: 'project', id: project.id }, budget: project.user_budget, limits: project.user_limits });
  }
  if (team) {
    addRates(policy.rates, `team:${team.id}`, team.limits, `team ${team.id}`);
    if (team.budget) policy.budgets.push({ scope: { kind: 'team', id: team.id }, budget: team.budget, label: `team ${team.id}` });
    if (team.user_budget || team.user_limits)
      policy.userDefaults.push({ owner: { kind: 'team', id: team.id }, budget: team.user_budget, limits: team.user_limits });
  }
  if (key.models) policy.models = compileModelGlobs(key.models);
  STATIC.set(key, policy);
  return policy;
}

/** Whether the key may call this model alias. */
export function modelAllowed(resolved: ResolvedKey, model: string): boolean {
  const pattern = staticPolicy(resolved).models;
  return pattern === undefined || pattern.test(model);
}

/**
 * The limits and budgets of a request. `modelRules` are the alias's own limits (config
 * models[].limits), compiled at start.
 */
export function requestPolicy(resolved: ResolvedKey | undefined, endUser: string | undefined, modelRules: readonly RateRule[] | undefined): RequestPolicy {
  const base = resolved ? staticPolicy(resolved) : undefined;
  const needsCopy = (base && endUser !== undefined && base.userDefaults.length > 0) || (modelRules && modelRules.length > 0);
  if (!needsCopy) return base ?? { rates: [], budgets: [] };
  const rates = base ? [...base.rates] : [];
  const budgets = base ? [...base.budgets] : [];
  if (base && endUser !== undefined) {
    for (const { owner, budget, limits } of base.userDefaults) {
      const label = `end user '${endUser}' of ${owner.kind} ${owner.id}`;
      addRates(rates, `user:${owner.kind}:${owner.id}:${endUser}`, limits, label);
      if (budget) budgets.push({ scope: { kind: 'user', id: `${owner.id}:${endUser}`, owner }, budget, label });
    }
  }
  if (modelRules) rates.push(...modelRules);
  return { rates, budgets };
}

/** The rate rules of a model alias's `limits` (config), built at start. */
export function modelRateRules(alias: string, limits: Limits | undefined): RateRule[] {
  const out: RateRule[] = [];
  addRates(out, `model:${alias}`, limits, `model ${alias}`);
  return out;
}
