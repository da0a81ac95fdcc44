/**
 * The settle hook: runs on every request, whatever its outcome. It books the actual cost against
 * the budgets the request reserved on (releasing the rest of the reservation), corrects the
 * token-rate counters, writes the request's spend to the ledger, and reports budgets whose spend
 * moved (for alerts). When the upstream reported no usage, the gateway's own count is booked and
 * marked estimated.
 */
import type { Target } from '../config/compile.js';
import type { ChatRequest, ChatResponse, EmbeddingsRequest, Usage } from '../core/types.js';
import type { RequestContext } from '../pipeline/context.js';
import type { Hook } from '../pipeline/contract.js';
import type { Logger } from '../pipeline/services.js';
import { chatInputTokenBound, embeddingsInputTokenBound } from './budgets/input-token-bound.js';
import type { BudgetState, CounterStore, SettleInput, SettleResult } from './counters/contract.js';
import type { BudgetRule } from './policy.js';
import { ADMISSION, type Admission, OUTPUT_BYTES } from './slots.js';
import type { LedgerEntry } from './store-contract.js';

/** A budget whose settled spend moved, before and after this request. */
export interface SettledBudget {
  rule: BudgetRule;
  periodId: string;
  before: { usd: number; tokens: number };
  after: BudgetState;
  teamId: string | undefined;
}

/** What the settle hook needs. */
export interface SettleDeps {
  counters: CounterStore;
  /** Prices a usage at a target; undefined when unknown. */
  cost(target: Target, usage: Usage): number | undefined;
  /** The ledger's queue (never blocks). */
  record(entry: LedgerEntry): void;
  /** The rollup day of a time (governance.timezone). */
  dayOf(time: number): string;
  /** Budgets whose spend moved (alerts). */
  onSettled?(budgets: SettledBudget[]): void;
  /** Every settlement's budget states, in the admission's order (the budget-use gauge); must be cheap. */
  onBudgetStates?(budgets: Admission['budgets'], states: readonly BudgetState[]): void;
  logger: Logger;
}

function responseBytes(response: ChatResponse | undefined): number {
  if (!response || typeof response.text !== 'string') return 0;
  let bytes = Buffer.byteLength(response.text, 'utf8') + Buffer.byteLength(response.reasoning ?? '', 'utf8');
  for (const call of response.toolCalls ?? []) bytes += Buffer.byteLength(call.name, 'utf8') + Buffer.byteLength(call.arguments, 'utf8') + 8;
  return bytes;
}

/** The usage to book: the upstream's, or the gateway's conservative count when it sent none. */
function bookedUsage(ctx: RequestContext): Usage | undefined {
  if (!ctx.target) return undefined;
  const reported = ctx.usage;
  const outputBytes = ctx.get(OUTPUT_BYTES) ?? responseBytes(ctx.response as ChatResponse | undefined);
  if (reported && (reported.inputTokens > 0 || reported.outputTokens > 0 || outputBytes === 0)) return reported;
  // The upstream answered but said nothing of usage (or zeros with output): count it here.
  if (ctx.status >= 400 && outputBytes === 0) return undefined;
  const inputTokens =
    ctx.get(ADMISSION)?.inputTokenBound ??
    (ctx.operation === 'embeddings' ? embeddingsInputTokenBound(ctx.request as EmbeddingsRequest) : chatInputTokenBound(ctx.request as ChatRequest));
  ctx.usageEstimated = true;
  const usage: Usage = { inputTokens, outputTokens: outputBytes };
  ctx.usage = usage;
  return usage;
}

/** Whether the response cache answered this request (nothing was asked upstream). */
function isCacheHit(ctx: RequestContext): boolean {
  return ctx.cacheStatus === 'hit' || ctx.cacheStatus === 'semantic-hit';
}

/**
 * The ledger row of a cache hit: it cost nothing and used no upstream tokens, so it books zeros
 * (budgets and token rates are settled with zeros too) but carries what it saved, for spend views.
 */
function cacheHitEntry(ctx: RequestContext, day: string): LedgerEntry {
  const identity = ctx.identity;
  return {
    request_id: ctx.id,
    time: ctx.time,
    day,
    team_id: identity?.team ?? '',
    project_id: identity?.project ?? '',
    key_id: identity?.keyId ?? '',
    end_user: identity?.endUser ?? '',
    model: ctx.modelRequested,
    provider: '',
    usd: 0,
    input_tokens: 0,
    output_tokens: 0,
    estimated: 0,
    saved_usd: ctx.costSavedUsd ?? 0,
    cache_hit: 1,
  };
}

/** Creates the settle hook. */
export function settleHook(deps: SettleDeps): Hook {
  const settleNow = deps.counters.settleNow?.bind(deps.counters);
  return {
    name: 'governance-settle',
    run(ctx: RequestContext) {
      const usage = bookedUsage(ctx);
      let usd = 0;
      if (usage && ctx.target) {
        if (ctx.usageEstimated || ctx.costUsd === undefined) ctx.costUsd = deps.cost(ctx.target, usage);
        usd = ctx.costUsd ?? 0;
      }
      const tokens = usage ? usage.inputTokens + usage.outputTokens : 0;
      const identity = ctx.identity;
      if (!usage && isCacheHit(ctx)) deps.record(cacheHitEntry(ctx, deps.dayOf(ctx.time)));
      if (usage) {
        deps.record({
          request_id: ctx.id,
          time: ctx.time,
          day: deps.dayOf(ctx.time),
          team_id: identity?.team ?? '',
          project_id: identity?.project ?? '',
          key_id: identity?.keyId ?? '',
          end_user: identity?.endUser ?? '',
          model: ctx.modelRequested,
          provider: ctx.target?.providerId ?? '',
          usd,
          input_tokens: usage.inputTokens,
          output_tokens: usage.outputTokens,
          estimated: ctx.usageEstimated ? 1 : 0,
        });
      }
      const admission = ctx.get(ADMISSION);
      if (!admission?.held) return undefined;
      const rates: SettleInput['rates'][number][] = [];
      for (const rate of admission.rates) {
        if (rate.kind !== 'rpm') rates.push({ id: rate.id, kind: rate.kind, delta: rate.kind === 'concurrency' ? -1 : tokens - admission.tpmEstimate });
      }
      const input: SettleInput = {
        reservationId: admission.reservationId,
        now: Date.now(),
        rates,
        budgets: admission.budgets.map(({ counter }) => ({ id: counter.id, actualUsd: usd, actualTokens: tokens, periodEndsAt: counter.periodEndsAt })),
      };
      const report = (result: SettleResult | undefined): undefined => {
        if (result && deps.onBudgetStates && admission.budgets.length > 0) deps.onBudgetStates(admission.budgets, result.budgets);
        if (!result || !deps.onSettled || (usd === 0 && tokens === 0) || !anyCrossed(admission, result, usd, tokens)) return undefined;
        deps.onSettled(
          admission.budgets.map(({ rule, periodId }, i) => {
            const after = result.budgets[i]!;
            return { rule, periodId, after, before: { usd: after.spentUsd - usd, tokens: after.spentTokens - tokens }, teamId: identity?.team };
          }),
        );
        return undefined;
      };
      // In process, settlement is synchronous: no promise turn at the end of every request.
      if (settleNow) return report(settleNow(input));
      return settleWithRetry(deps, input, ctx.id).then(report);
    },
  };
}

/** Whether this settlement took any budget across one of its alert thresholds (checked without allocating, on every request). */
function anyCrossed(admission: Admission, result: SettleResult, usd: number, tokens: number): boolean {
  for (let i = 0; i < admission.budgets.length; i++) {
    const { budget } = admission.budgets[i]!.rule;
    const after = result.budgets[i];
    if (!after) continue;
    for (const t of budget.alert_at) {
      // A superset of alerts/thresholds.ts's test (same tolerance), which then decides exactly.
      if (budget.usd !== null && after.spentUsd - usd < t * budget.usd && after.spentUsd >= (t - 1e-9) * budget.usd) return true;
      if (budget.tokens !== null && after.spentTokens - tokens < t * budget.tokens && after.spentTokens >= (t - 1e-9) * budget.tokens) return true;
    }
  }
  return false;
}

/** Settles; when the store is briefly unreachable, retries a few times in the background (the reservation expires otherwise, and the ledger still has the spend). */
async function settleWithRetry(deps: SettleDeps, input: SettleInput, requestId: string) {
  try {
    return await deps.counters.settle(input);
  } catch (err) {
    deps.logger.warn({ requestId, err }, 'settlement failed; retrying in the background');
    void (async () => {
      for (let attempt = 1; attempt <= 5; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** attempt).unref());
        try {
          await deps.counters.settle(input);
          return;
        } catch {
          // next attempt
        }
      }
      deps.logger.error({ requestId }, 'settlement abandoned: the reservation will expire; the ledger holds the spend');
    })();
    return undefined;
  }
}
