/**
 * The settle hook on a response-cache hit: the ledger gets a zero-cost row carrying what the hit
 * saved, and the reservation is settled with nothing spent (budgets) and no tokens (token rates).
 */
import { describe, expect, it } from 'vitest';
import { RequestContext } from '../pipeline/context.js';
import type { BudgetCounter, CounterStore, SettleInput } from './counters/contract.js';
import type { BudgetRule } from './policy.js';
import { settleHook } from './settle-hook.js';
import { ADMISSION } from './slots.js';
import type { LedgerEntry } from './store-contract.js';

function cacheHitContext(): RequestContext {
  const ctx = new RequestContext({
    requestId: 'req_hit',
    startedAt: performance.now(),
    time: Date.UTC(2027, 0, 2),
    operation: 'chat',
    ingress: 'openai',
    requestHeaders: {},
  });
  ctx.modelRequested = 'fast';
  ctx.identity = { method: 'virtual_key', team: 'team_a', project: 'proj_a', keyId: 'key_a' };
  ctx.cacheStatus = 'hit';
  ctx.costSavedUsd = 0.125;
  ctx.costUsd = 0;
  ctx.usage = { inputTokens: 40, outputTokens: 12 };
  ctx.set(ADMISSION, {
    reservationId: 'res_1',
    held: true,
    rates: [{ id: 'tpm:key_a', kind: 'tpm' } as never, { id: 'conc:key_a', kind: 'concurrency' } as never],
    budgets: [{ counter: { id: 'budget:team_a', periodEndsAt: null } as BudgetCounter, rule: {} as BudgetRule, periodId: 'all' }],
    inputTokenBound: 40,
    tpmEstimate: 140,
  });
  return ctx;
}

describe('settle hook on a cache hit', () => {
  it('records a zero-cost ledger row with the saving and books nothing against budgets or token rates', () => {
    const recorded: LedgerEntry[] = [];
    const settled: SettleInput[] = [];
    const counters = {
      kind: 'memory',
      settleNow(input: SettleInput) {
        settled.push(input);
        return { budgets: [{ spentUsd: 0, spentTokens: 0 }] };
      },
    } as unknown as CounterStore;
    const hook = settleHook({
      counters,
      cost: () => {
        throw new Error('a hit is never priced');
      },
      record: (entry) => recorded.push(entry),
      dayOf: () => '2027-01-02',
      logger: { warn() {}, error() {}, info() {}, debug() {} } as never,
    });
    hook.run(cacheHitContext());
    expect(recorded).toEqual([
      {
        request_id: 'req_hit',
        time: Date.UTC(2027, 0, 2),
        day: '2027-01-02',
        team_id: 'team_a',
        project_id: 'proj_a',
        key_id: 'key_a',
        end_user: '',
        model: 'fast',
        provider: '',
        usd: 0,
        input_tokens: 0,
        output_tokens: 0,
        estimated: 0,
        saved_usd: 0.125,
        cache_hit: 1,
      },
    ]);
    expect(settled).toHaveLength(1);
    expect(settled[0]!.budgets).toEqual([{ id: 'budget:team_a', actualUsd: 0, actualTokens: 0, periodEndsAt: null }]);
    // The tpm reservation is handed back whole; the concurrency slot released.
    expect(settled[0]!.rates).toEqual([
      { id: 'tpm:key_a', kind: 'tpm', delta: -140 },
      { id: 'conc:key_a', kind: 'concurrency', delta: -1 },
    ]);
  });
});
