/**
 * Wires governance for the composition root: the stores on the open database, the tenancy
 * snapshot, the counter store (Redis when configured, else in process), the durable ledger, the
 * alert sender, and the hooks and tap the plan builder adds. Also the background chores: key
 * expiry records and ledger retention.
 */
import type { RuntimePlan } from '../config/compile.js';
import type { Target } from '../config/compile.js';
import type { Usage } from '../core/types.js';
import { admitHook } from '../governance/admit-hook.js';
import { AlertSender } from '../governance/alerts/alert-sender.js';
import { budgetCrossings } from '../governance/alerts/thresholds.js';
import { dayOf, periodOf } from '../governance/budgets/period.js';
import type { CounterStore } from '../governance/counters/contract.js';
import { virtualKeyHook } from '../governance/keys/authenticate-hook.js';
import { TenancyCache } from '../governance/keys/tenancy-cache.js';
import { DurableLedger } from '../governance/ledger/durable-ledger.js';
import { type LedgerRetention, startLedgerRetention } from '../governance/ledger/retention.js';
import { BudgetUseTracker, type BudgetUseReading } from '../governance/budgets/use-tracker.js';
import { outputMeterTap } from '../governance/output-meter-tap.js';
import { modelRateRules, type RateRule } from '../governance/policy.js';
import { type SettledBudget, settleHook } from '../governance/settle-hook.js';
import type { BudgetScope } from '../governance/store-contract.js';
import type { Hook, StreamTap } from '../pipeline/contract.js';
import type { Logger } from '../pipeline/services.js';
import { type GovernanceStores, openGovernanceStores } from '../storage/governance/index.js';
import { MemoryCounterStore } from '../storage/memory/counter-store.js';
import type { Storage } from '../storage/open.js';
import { connectRedis, describeRedisUrl, redisReady } from '../storage/redis/connect.js';
import { RedisCounterStore } from '../storage/redis/counter-store.js';
import type { HttpClient } from '../transport/http-client.js';
import { createPriceBoundLookup } from './price-bounds.js';

/** How often keys past their expiry are recorded in the audit log. */
const EXPIRY_SWEEP_MS = 10_000;
/** How long start waits for Redis before going on (requests then fail closed until it answers). */
const REDIS_READY_MS = 3_000;

/** Governance, running. */
export interface Governance {
  stores: GovernanceStores;
  cache: TenancyCache;
  counters: CounterStore;
  ledger: DurableLedger;
  alerts: AlertSender;
  /** The authenticate hook, handing credentials that are not virtual keys to `fallback` (admin key, open mode). */
  authenticate(fallback: Hook | undefined): Hook;
  hooks: { admit: Hook; settle: Hook };
  taps: StreamTap[];
  /** For /healthz. */
  health(): Record<string, unknown>;
  /** Each budget's use as the last settlement against it saw it (the budget-use gauge). */
  budgetUse(): BudgetUseReading[];
  close(): Promise<void>;
}

/** What governance is started with. */
export interface GovernanceInputs {
  plan: RuntimePlan;
  storage: Storage;
  http: HttpClient;
  cost(target: Target, usage: Usage): number | undefined;
  logger: Logger;
  onNote?(note: string): void;
}

async function openCounters(inputs: GovernanceInputs): Promise<CounterStore> {
  const config = inputs.plan.config;
  // In process, a settle never fails and is never retried, so settled ids need not be remembered.
  if (!config.redis) return new MemoryCounterStore({ settledIdsTtlMs: 0 });
  const client = connectRedis(config.redis, {
    keyPrefix: config.governance.redis_prefix,
    commandTimeoutMs: config.governance.redis_command_timeout_ms,
    onError: (message) => inputs.logger.warn({ redis: describeRedisUrl(config.redis!), message }, 'redis unreachable'),
  });
  if (!(await redisReady(client, REDIS_READY_MS)))
    inputs.onNote?.(`redis ${describeRedisUrl(config.redis)} is not answering yet: budgeted requests get 503 until it does`);
  return new RedisCounterStore(client, { target: describeRedisUrl(config.redis), ownsClient: true });
}

function compileModelRules(plan: RuntimePlan): Map<string, RateRule[]> {
  const rules = new Map<string, RateRule[]>();
  for (const model of plan.config.models) if (model.limits) rules.set(model.name, modelRateRules(model.name, model.limits));
  return rules;
}

/** The display name of a budget's owner, for alert messages (alerts are rare: a scan is fine). */
function scopeName(cache: TenancyCache, scope: BudgetScope): string | null {
  const snapshot = cache.snapshot;
  switch (scope.kind) {
    case 'team':
      return snapshot.teams.get(scope.id)?.name ?? null;
    case 'project':
      return snapshot.projects.get(scope.id)?.name ?? null;
    case 'key':
      for (const key of snapshot.keysByHash.values()) if (key.id === scope.id) return key.name;
      return null;
    case 'user':
      return scope.owner ? scope.id.slice(scope.owner.id.length + 1) : scope.id;
  }
}

/** Starts governance on an open database. */
export async function startGovernance(inputs: GovernanceInputs): Promise<Governance> {
  const { plan, logger } = inputs;
  const settings = plan.config.governance;
  const tz = settings.timezone;
  const stores = openGovernanceStores(inputs.storage);
  const cache = new TenancyCache(stores.tenancy, settings.refresh_ms, logger);
  await cache.start();
  const counters = await openCounters(inputs);
  const ledger = new DurableLedger({
    write: (entries) => stores.ledger.write(entries),
    spillFile: settings.spill_file,
    bufferMax: settings.ledger_buffer_max,
    flushIntervalMs: settings.ledger_flush_ms,
    logger,
  });
  const retention: LedgerRetention = startLedgerRetention(stores.ledger, { retentionDays: settings.ledger_retention_days, logger });
  const alerts = new AlertSender({
    store: stores.alerts,
    http: inputs.http,
    targets: plan.config.alerts,
    teamTargets: (teamId) => cache.snapshot.teams.get(teamId)?.alerts,
    logger,
  });
  const expiry = setInterval(() => {
    stores.tenancy.recordExpired(Date.now()).catch((err: unknown) => logger.warn({ err }, 'recording expired keys failed'));
  }, EXPIRY_SWEEP_MS);
  expiry.unref();

  const notifyCrossings = (settled: SettledBudget[]) => {
    for (const { rule, periodId, before, after, teamId } of settled) {
      const spent = { usd: after.spentUsd, tokens: after.spentTokens };
      for (const crossing of budgetCrossings(rule.budget, before, spent)) {
        const team = teamId ? cache.snapshot.teams.get(teamId) : undefined;
        alerts.notify({
          scope: { kind: rule.scope.kind, id: rule.scope.id },
          team_id: teamId ?? '',
          team_name: team?.name ?? null,
          scope_name: scopeName(cache, rule.scope),
          unit: crossing.unit,
          cap: crossing.cap,
          spent: spent[crossing.unit],
          threshold: crossing.threshold,
          period_id: periodId,
        });
      }
    }
  };

  const onFirstUse = (keyId: string) =>
    stores.tenancy.markFirstUse(keyId, Date.now()).then(
      () => true,
      (err: unknown) => {
        logger.warn({ err, keyId }, 'recording a key first use failed; it will be tried again');
        return false;
      },
    );
  const budgetUse = new BudgetUseTracker({ trackUsers: plan.config.observability.metrics.end_user_labels });
  const hooks = {
    admit: admitHook({
      counters,
      prices: createPriceBoundLookup(plan),
      period: (period, now) => periodOf(period, now, tz),
      spentSince: (scope, fromDay) => stores.ledger.spentSince(scope, fromDay),
      modelRules: compileModelRules(plan),
      reservationTtlMs: settings.reservation_ttl_ms,
      rateLimitsOnStoreError: settings.rate_limits_on_store_error,
      defaultMaxOutputTokens: settings.default_max_output_tokens,
      logger,
    }),
    settle: settleHook({
      counters,
      cost: inputs.cost,
      record: (entry) => ledger.record(entry),
      dayOf: (time) => dayOf(time, tz),
      onSettled: notifyCrossings,
      onBudgetStates: (budgets, states) => budgetUse.update(budgets, states),
      logger,
    }),
  };

  return {
    stores,
    cache,
    counters,
    ledger,
    alerts,
    authenticate: (fallback) => virtualKeyHook(cache, fallback, onFirstUse),
    hooks,
    taps: [outputMeterTap],
    health: () => ({ ledger: ledger.stats(), counters: counters.kind, tenancy_epoch: cache.snapshot.epoch }),
    budgetUse: () => budgetUse.readings(),
    async close() {
      clearInterval(expiry);
      retention.stop();
      await cache.stop();
      await alerts.close(2_000);
      await ledger.close();
      await counters.close();
    },
  };
}
