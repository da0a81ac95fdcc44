/**
 * The admit hook: rate limits and hard spend caps, checked and reserved in one atomic call to the
 * counter store before any upstream call. The reservation is the request's worst case
 * (budgets/worst-case.ts); settlement (settle-hook.ts) books the actual cost and releases the rest,
 * so concurrent requests can never spend past a cap.
 */
import { GatewayError, invalidRequest } from '../core/errors.js';
import type { ChatRequest, EmbeddingsRequest } from '../core/types.js';
import type { RequestContext } from '../pipeline/context.js';
import type { Hook } from '../pipeline/contract.js';
import type { Logger } from '../pipeline/services.js';
import { chatInputTokenBound, embeddingsInputTokenBound } from './budgets/input-token-bound.js';
import type { PeriodInfo } from './budgets/period.js';
import { type PriceBoundLookup, type WorstCase, worstCase } from './budgets/worst-case.js';
import type { AdmitInput, AdmitResult, BudgetCounter, CounterStore, RateCounter } from './counters/contract.js';
import { isCounterStoreUnavailable } from './counters/errors.js';
import { NANO_PER_USD, usdToNanoCeil, usdToNanoFloor } from './counters/nano.js';
import { type BudgetRule, modelAllowed, type RateRule, type RequestPolicy, requestPolicy } from './policy.js';
import { formatReset, setRateHeaders } from './rate-headers.js';
import { ADMISSION, type Admission, CALLER } from './slots.js';
import type { BudgetScope } from './store-contract.js';
import type { BudgetPeriod } from './types.js';

/** What the admit hook needs. */
export interface AdmitDeps {
  counters: CounterStore;
  prices: PriceBoundLookup;
  /** The period a budget of this kind is in at `now` (governance.timezone applied). */
  period(period: BudgetPeriod, now: number): Pick<PeriodInfo, 'id' | 'startDay' | 'endsAt'>;
  /** Settled spend of a scope since a day, from the ledger: seeds counters after a restart. */
  spentSince(scope: BudgetScope, fromDay: string | null): Promise<{ usd: number; tokens: number }>;
  /** Rate rules of model aliases (config models[].limits). */
  modelRules: ReadonlyMap<string, RateRule[]>;
  reservationTtlMs: number;
  rateLimitsOnStoreError: 'open' | 'closed';
  defaultMaxOutputTokens: number;
  logger: Logger;
}

/** Longest end user id accepted. */
const MAX_END_USER = 256;
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/** The end user a request acts for: x-switchboard-user, else the body's `user`. */
function endUserOf(ctx: RequestContext): string | undefined {
  const header = ctx.requestHeaders['x-switchboard-user'];
  const value = typeof header === 'string' && header !== '' ? header : (ctx.request as { user?: string }).user;
  if (value === undefined || value === '') return undefined;
  const param = typeof header === 'string' && header !== '' ? 'x-switchboard-user' : 'user';
  if (value.length > MAX_END_USER) throw invalidRequest(`The end user id is longer than ${MAX_END_USER} characters.`, param);
  // It becomes a ledger and log column: PostgreSQL text cannot hold NUL, and such a row would
  // stall the ledger's writes; control characters have no place in a report either.
  if (CONTROL_CHARACTERS.test(value)) throw invalidRequest('The end user id contains control characters.', param);
  return value;
}

function scopeCounterId(scope: BudgetScope): string {
  return scope.kind === 'user' && scope.owner ? `user:${scope.owner.kind}:${scope.id}` : `${scope.kind}:${scope.id}`;
}

function inputBound(ctx: RequestContext): number {
  return ctx.operation === 'embeddings' ? embeddingsInputTokenBound(ctx.request as EmbeddingsRequest) : chatInputTokenBound(ctx.request as ChatRequest);
}

function outputCapOf(ctx: RequestContext): number | undefined {
  return ctx.operation === 'embeddings' ? 0 : (ctx.request as ChatRequest).maxTokens;
}

/** Counter ids by rule, for the period they were built in (rules live as long as their snapshot). */
const COUNTER_IDS = new WeakMap<BudgetRule, { periodId: string; id: string }>();

function counterId(rule: BudgetRule, periodId: string): string {
  const cached = COUNTER_IDS.get(rule);
  if (cached?.periodId === periodId) return cached.id;
  const id = `${scopeCounterId(rule.scope)}:${periodId}`;
  COUNTER_IDS.set(rule, { periodId, id });
  return id;
}

function budgetCounters(rules: readonly BudgetRule[], deps: AdmitDeps, now: number, cost: WorstCase): Admission['budgets'] {
  return rules.map((rule) => {
    const period = deps.period(rule.budget.period, now);
    const counter: BudgetCounter = {
      id: counterId(rule, period.id),
      limitUsd: rule.budget.usd,
      limitTokens: rule.budget.tokens,
      reserveUsd: cost.usd,
      reserveTokens: cost.inputTokens + cost.outputTokens,
      periodEndsAt: period.endsAt,
    };
    return { counter, rule, periodId: period.id };
  });
}

function budgetRefusal(rule: BudgetRule, periodId: string): GatewayError {
  const period = rule.budget.period === 'total' ? 'in total' : `this ${rule.budget.period} (${periodId.slice(periodId.indexOf(':') + 1)})`;
  return new GatewayError(
    'budget_exceeded',
    402,
    `The budget of ${rule.label} is used up ${period}: this request's worst-case cost does not fit in what is left.`,
  );
}

/** The largest max_tokens that fits the tightest clamping budget, or undefined when none clamps or nothing fits. */
function clampedOutput(result: Extract<AdmitResult, { refused: 'budget' }>, budgets: Admission['budgets'], cost: WorstCase): number | undefined {
  const refused = budgets[result.index];
  if (!refused?.rule.budget.clamp_max_tokens) return undefined;
  const { state } = result;
  const counter = refused.counter;
  let room = Number.POSITIVE_INFINITY;
  if (counter.limitUsd !== null && cost.outputPerToken > 0) {
    // In nano-dollars, rounded as the counter stores round (nano.ts): in floating-point USD,
    // $0.015 − $0.01 is 0.00499…, which would clamp to 4 tokens where 5 fit.
    const left = usdToNanoFloor(counter.limitUsd) - Math.round(state.spentUsd * NANO_PER_USD) - Math.round(state.reservedUsd * NANO_PER_USD);
    const fits = (tokens: number) => usdToNanoCeil(cost.inputTokens * cost.inputPerToken + tokens * cost.outputPerToken) <= left;
    let tokens = Math.max(0, Math.floor(left / (cost.outputPerToken * NANO_PER_USD)));
    while (tokens > 0 && !fits(tokens)) tokens--;
    while (fits(tokens + 1)) tokens++;
    room = Math.min(room, fits(tokens) ? tokens : 0);
  }
  if (counter.limitTokens !== null) room = Math.min(room, counter.limitTokens - state.spentTokens - state.reservedTokens - cost.inputTokens);
  return Number.isFinite(room) && room >= 1 ? room : undefined;
}

/** A request's admission, worked out before the counter store is asked. */
interface Pending {
  policy: RequestPolicy;
  admission: Admission;
  cost: WorstCase;
  now: number;
}

/** Works out what applies and what to reserve; undefined when nothing applies. */
function prepare(ctx: RequestContext, deps: AdmitDeps): Pending | undefined {
  const caller = ctx.get(CALLER);
  const endUser = endUserOf(ctx);
  if (endUser !== undefined && ctx.identity) ctx.identity.endUser = endUser;
  if (caller && !modelAllowed(caller, ctx.modelRequested))
    throw new GatewayError('permission_denied', 403, `This API key may not call the model '${ctx.modelRequested}'.`, { param: 'model' });
  const policy = requestPolicy(caller, endUser, deps.modelRules.get(ctx.modelRequested));
  if (policy.rates.length === 0 && policy.budgets.length === 0) return undefined;

  const now = Date.now();
  const bound = inputBound(ctx);
  const cost = worstCase(ctx.route?.reachable ?? ctx.targets, deps.prices, bound, outputCapOf(ctx), deps.defaultMaxOutputTokens);
  if (cost.unpriced) {
    const usdBudget = policy.budgets.find((rule) => rule.budget.usd !== null);
    if (usdBudget)
      throw new GatewayError(
        'price_unknown',
        402,
        `No price is known for ${cost.unpriced}, so the USD budget of ${usdBudget.label} cannot be enforced. The operator can set providers[].prices in the config.`,
      );
  }
  if (policy.budgets.length > 0 && cost.mustSendCap) (ctx.request as ChatRequest).maxTokens = cost.outputTokens;
  const tokens = cost.inputTokens + cost.outputTokens;
  const rates: RateCounter[] = new Array(policy.rates.length);
  for (let i = 0; i < rates.length; i++) {
    const rule = policy.rates[i]!;
    rates[i] = rule.counter ?? { id: rule.id, kind: rule.kind, limit: rule.limit, amount: tokens };
  }
  const admission: Admission = {
    reservationId: ctx.id,
    held: true,
    rates,
    budgets: budgetCounters(policy.budgets, deps, now, cost),
    inputTokenBound: bound,
    tpmEstimate: tokens,
  };
  return { policy, admission, cost, now };
}

/** Answers the store's verdict: lets the request on (with its headers) or throws the refusal. */
function conclude(ctx: RequestContext, pending: Pending, result: AdmitResult): undefined {
  const { admission, policy } = pending;
  if (result.ok) {
    setRateHeaders(ctx.responseHeaders, admission.rates, result.rates);
    ctx.set(ADMISSION, admission);
    return undefined;
  }
  if (result.refused === 'rate') {
    setRateHeaders(ctx.responseHeaders, admission.rates, result.rates);
    const rule = policy.rates[result.index]!;
    const unit = rule.kind === 'rpm' ? 'requests per minute' : rule.kind === 'tpm' ? 'tokens per minute' : 'requests at once';
    const alone =
      rule.kind === 'tpm' && admission.rates[result.index]!.amount > rule.limit ? ' This request alone counts more tokens than the limit allows.' : '';
    throw new GatewayError(
      'rate_limited',
      429,
      `Rate limit of ${rule.label} reached: ${rule.limit} ${unit}. Retry in ${formatReset(result.retryAfterMs)}.${alone}`,
      {
        retryAfterSeconds: Math.max(1, Math.ceil(result.retryAfterMs / 1000)),
      },
    );
  }
  if (result.refused === 'budget') {
    const refused = admission.budgets[result.index]!;
    throw budgetRefusal(refused.rule, refused.periodId);
  }
  throw new GatewayError('budget_unavailable', 503, 'Spend caps could not be loaded from the ledger. Retry shortly.', { retryAfterSeconds: 1 });
}

/** The full path: seeding from the ledger, clamping max_tokens, a store that may be unreachable. */
async function admitAsync(ctx: RequestContext, pending: Pending, deps: AdmitDeps): Promise<undefined> {
  const { admission, policy, now } = pending;
  let result: AdmitResult;
  try {
    result = await admitSeeded(deps, admission, now);
    if (!result.ok && result.refused === 'budget') {
      const room = clampedOutput(result, admission.budgets, pending.cost);
      if (room !== undefined && ctx.operation !== 'embeddings') {
        const request = ctx.request as ChatRequest;
        request.maxTokens = Math.min(room, pending.cost.outputTokens);
        const cost = worstCase(ctx.route?.reachable ?? ctx.targets, deps.prices, admission.inputTokenBound, request.maxTokens, deps.defaultMaxOutputTokens);
        const tokens = cost.inputTokens + cost.outputTokens;
        for (const rate of admission.rates) if (rate.kind === 'tpm') rate.amount = tokens;
        admission.budgets = budgetCounters(policy.budgets, deps, now, cost);
        admission.tpmEstimate = tokens;
        result = await admitSeeded(deps, admission, now);
      }
    }
  } catch (err) {
    if (!isCounterStoreUnavailable(err)) throw err;
    if (admission.budgets.length > 0)
      throw new GatewayError(
        'budget_unavailable',
        503,
        'Spend caps cannot be checked right now (the shared counter store is unreachable), so the request was not sent. Retry shortly.',
        {
          retryAfterSeconds: 1,
        },
      );
    if (deps.rateLimitsOnStoreError === 'closed')
      throw new GatewayError(
        'rate_limit_unavailable',
        503,
        'Rate limits cannot be checked right now (the shared counter store is unreachable). Retry shortly.',
        {
          retryAfterSeconds: 1,
        },
      );
    deps.logger.warn({ requestId: ctx.id }, 'counter store unreachable: rate limits not applied (governance.rate_limits_on_store_error: open)');
    admission.held = false;
    ctx.set(ADMISSION, admission);
    return undefined;
  }
  return conclude(ctx, pending, result);
}

function admitInput(deps: AdmitDeps, admission: Admission, now: number): AdmitInput {
  return {
    reservationId: admission.reservationId,
    now,
    reservationTtlMs: deps.reservationTtlMs,
    rates: admission.rates,
    budgets: admission.budgets.map((b) => b.counter),
  };
}

/** Creates the admit hook. With an in-process store, an admission that needs no seeding or clamping finishes synchronously. */
export function admitHook(deps: AdmitDeps): Hook {
  const admitNow = deps.counters.admitNow?.bind(deps.counters);
  return {
    name: 'governance-admit',
    run(ctx: RequestContext) {
      const pending = prepare(ctx, deps);
      if (!pending) return undefined;
      if (admitNow) {
        const result = admitNow(admitInput(deps, pending.admission, pending.now));
        const clampable = !result.ok && result.refused === 'budget' && pending.admission.budgets[result.index]?.rule.budget.clamp_max_tokens;
        if (result.ok || result.refused === 'rate' || (result.refused === 'budget' && !clampable)) return conclude(ctx, pending, result);
      }
      return admitAsync(ctx, pending, deps);
    },
  };
}

/** Admits, seeding budget counters from the ledger first when the store has none (a restart). */
async function admitSeeded(deps: AdmitDeps, admission: Admission, now: number): Promise<AdmitResult> {
  const input = {
    reservationId: admission.reservationId,
    now,
    reservationTtlMs: deps.reservationTtlMs,
    rates: admission.rates,
    budgets: admission.budgets.map((b) => b.counter),
  };
  let result = await deps.counters.admit(input);
  for (let round = 0; round < 2 && !result.ok && result.refused === 'unseeded'; round++) {
    await Promise.all(
      result.indexes.map(async (index) => {
        const { counter, rule } = admission.budgets[index]!;
        const startDay = deps.period(rule.budget.period, now).startDay;
        let spent: { usd: number; tokens: number };
        try {
          spent = await deps.spentSince(rule.scope, startDay);
        } catch (err) {
          deps.logger.error({ err }, 'cannot read settled spend from the ledger to seed a budget counter');
          throw new GatewayError('budget_unavailable', 503, 'Spend caps cannot be checked right now (the database is unreachable). Retry shortly.', {
            retryAfterSeconds: 1,
          });
        }
        await deps.counters.seed(counter.id, spent.usd, spent.tokens, counter.periodEndsAt);
      }),
    );
    result = await deps.counters.admit(input);
  }
  return result;
}
