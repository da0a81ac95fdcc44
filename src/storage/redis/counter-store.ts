/**
 * The Redis CounterStore: the limits hold across replicas because every admission is one Lua
 * script (one round trip, atomic), and so is every settlement. Scripts are registered with ioredis
 * defineCommand: the first call on a connection sends EVAL with the script, later calls EVALSHA,
 * and a NOSCRIPT (script cache flushed) falls back to EVAL by itself.
 *
 * Key layout, under the client's key prefix P (default `sb:`, see connect.ts):
 *   P rl:{counterId}:{window}   string   rpm/tpm count of one epoch minute (window = floor(now / 60000));
 *                                         expires 60 s after the window ends
 *   P cc:{counterId}            zset     requests in flight: reservation id → expiry (now + TTL);
 *                                         key expires 60 s after the newest member would
 *   P bg:{budgetId}             hash     su, st (settled nano-dollars, tokens), ru, rt (reserved),
 *                                         r:{reservationId} = "NANO:TOKENS"; expires a day after
 *                                         the period ends (never for `total`)
 *   P br:{budgetId}             zset     open reservations: reservation id → expiry; same TTL as bg
 *   P st:{reservationId}        string   marks a settled reservation for settledIdsTtlMs
 * Money is integer nano-dollars inside (governance/counters/nano.ts); the API stays in USD.
 */
import type { Redis } from 'ioredis';
import type {
  AdmitInput,
  AdmitResult,
  BudgetState,
  CounterStore,
  RateCounter,
  RateState,
  SettleInput,
  SettleResult,
} from '../../governance/counters/contract.js';
import { CounterStoreUnavailableError } from '../../governance/counters/errors.js';
import { limitFloor, nanoToUsd, tokensCeil, usdToNanoCeil, usdToNanoFloor } from '../../governance/counters/nano.js';
import {
  budgetExpiresAt,
  CONCURRENCY_RETRY_MS,
  DEFAULT_SETTLED_IDS_TTL_MS,
  KEY_SLACK_MS,
  MIN_BUDGET_TTL_MS,
  windowOf,
  windowResetMs,
} from '../../governance/counters/rules.js';
import { type RedisConnectOptions, connectRedis, describeRedisUrl } from './connect.js';
import { ADMIT_LUA, SEED_LUA, SETTLE_LUA } from './counter-scripts.js';

/** Options for the Redis counter store. */
export interface RedisCounterStoreOptions {
  /** Names the server in errors, without its password (describeRedisUrl). */
  target?: string;
  /** Whether close() also closes the client (true when the store is the client's only user). */
  ownsClient?: boolean;
  /** How long a settled reservation id is remembered so a retried settle changes nothing; 0 turns that off. */
  settledIdsTtlMs?: number;
  /** The clock seed() dates budget expiry with (admit and settle take `now` from their input). */
  now?: () => number;
}

type ScriptReply = Array<number | string>;

/** The commands defineCommand adds to the client. */
interface CounterCommands {
  sbCounterAdmit(numKeys: number, ...keysAndArgs: Array<string | number>): Promise<ScriptReply>;
  sbCounterSettle(numKeys: number, ...keysAndArgs: Array<string | number>): Promise<ScriptReply>;
  sbCounterSeed(numKeys: number, ...keysAndArgs: Array<string | number>): Promise<number>;
}

// Server replies that mean "not now" rather than "wrong": the store is unavailable, not broken.
const UNAVAILABLE_REPLIES = /^(LOADING|BUSY|MASTERDOWN|TRYAGAIN|READONLY|OOM|CLUSTERDOWN)\b/;

/** The Redis CounterStore. */
export class RedisCounterStore implements CounterStore {
  readonly kind = 'redis' as const;
  private readonly commands: CounterCommands;
  private readonly target: string;
  private readonly ownsClient: boolean;
  private readonly settledIdsTtlMs: number;
  private readonly clock: () => number;

  constructor(
    private readonly client: Redis,
    options: RedisCounterStoreOptions = {},
  ) {
    this.target = options.target ?? 'redis';
    this.ownsClient = options.ownsClient ?? false;
    this.settledIdsTtlMs = options.settledIdsTtlMs ?? DEFAULT_SETTLED_IDS_TTL_MS;
    this.clock = options.now ?? Date.now;
    // The key count varies per call, so it goes first in each call (no numberOfKeys).
    client.defineCommand('sbCounterAdmit', { lua: ADMIT_LUA });
    client.defineCommand('sbCounterSettle', { lua: SETTLE_LUA });
    client.defineCommand('sbCounterSeed', { lua: SEED_LUA });
    this.commands = client as unknown as CounterCommands;
  }

  async admit(input: AdmitInput): Promise<AdmitResult> {
    const { now, rates, budgets } = input;
    const window = windowOf(now);
    const keys: string[] = [];
    const args: Array<string | number> = [now, input.reservationId, Math.max(0, Math.ceil(input.reservationTtlMs)), rates.length, budgets.length];
    const limits = rates.map((r) => limitFloor(r.limit));
    rates.forEach((rate, i) => {
      keys.push(rateKey(rate.kind, rate.id, window));
      args.push(kindArg(rate.kind), limits[i]!, tokensCeil(rate.amount), rateKeyTtl(rate.kind, now, input.reservationTtlMs));
    });
    for (const budget of budgets) {
      keys.push(`bg:${budget.id}`, `br:${budget.id}`);
      args.push(
        budget.limitUsd === null ? -1 : usdToNanoFloor(budget.limitUsd),
        budget.limitTokens === null ? -1 : limitFloor(budget.limitTokens),
        usdToNanoCeil(budget.reserveUsd),
        tokensCeil(budget.reserveTokens),
      );
    }
    const reply = (await this.run(() => this.commands.sbCounterAdmit(keys.length, ...keys, ...args))).map(Number);
    const resets = rates.map((r) => (r.kind === 'concurrency' ? 0 : windowResetMs(now)));
    const states = (counts: number[]): RateState[] =>
      rates.map((_, i) => ({ limit: limits[i]!, remaining: Math.max(0, limits[i]! - counts[i]!), resetMs: resets[i]! }));
    switch (reply[0]) {
      case 0:
        return { ok: true, rates: states(reply.slice(1, 1 + rates.length)), budgets: budgetStates(reply, 1 + rates.length, budgets.length) };
      case 1: {
        const index = reply[1]!;
        const retryAfterMs = rates[index]!.kind === 'concurrency' ? CONCURRENCY_RETRY_MS : resets[index]!;
        return { ok: false, refused: 'rate', index, retryAfterMs, rates: states(reply.slice(2, 2 + rates.length)) };
      }
      case 2:
        return { ok: false, refused: 'budget', index: reply[1]!, state: budgetStates(reply, 2, 1)[0]! };
      case 3:
        return { ok: false, refused: 'unseeded', indexes: reply.slice(1) };
      default:
        throw new Error(`counter admit script answered ${String(reply[0])}`);
    }
  }

  /**
   * Settles a reservation. A retried settle of the same id within settledIdsTtlMs changes nothing
   * (it answers the states as they are); after that, booking it again is the caller's doing.
   */
  async settle(input: SettleInput): Promise<SettleResult> {
    const { now, rates, budgets, reservationId } = input;
    const window = windowOf(now);
    const keys: string[] = [`st:${reservationId}`];
    const args: Array<string | number> = [now, reservationId, Math.max(0, Math.ceil(this.settledIdsTtlMs)), rates.length, budgets.length];
    for (const rate of rates) {
      keys.push(rateKey(rate.kind, rate.id, window));
      const delta = Number.isFinite(rate.delta) ? Math.round(rate.delta) : 0;
      args.push(kindArg(rate.kind), delta, rateKeyTtl(rate.kind, now, 0));
    }
    for (const budget of budgets) {
      keys.push(`bg:${budget.id}`, `br:${budget.id}`);
      args.push(usdToNanoCeil(budget.actualUsd), tokensCeil(budget.actualTokens));
    }
    const reply = (await this.run(() => this.commands.sbCounterSettle(keys.length, ...keys, ...args))).map(Number);
    return { budgets: budgetStates(reply, 1, budgets.length) };
  }

  async seed(budgetId: string, spentUsd: number, spentTokens: number, periodEndsAt: number | null): Promise<void> {
    const expiresAt = budgetExpiresAt(periodEndsAt);
    const ttl = expiresAt === null ? '' : Math.max(MIN_BUDGET_TTL_MS, Math.ceil(expiresAt - this.clock()));
    await this.run(() => this.commands.sbCounterSeed(2, `bg:${budgetId}`, `br:${budgetId}`, usdToNanoCeil(spentUsd), tokensCeil(spentTokens), ttl));
  }

  async close(): Promise<void> {
    if (!this.ownsClient) return;
    try {
      await this.client.quit();
    } catch {
      // Not connected: nothing to say goodbye to.
      this.client.disconnect();
    }
  }

  /** Runs one script call; a connection failure or timeout becomes CounterStoreUnavailableError. */
  private async run<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const isReply = (err as { name?: unknown } | null)?.name === 'ReplyError';
      // A script error is a bug to see, not an outage to ride out.
      if (isReply && !UNAVAILABLE_REPLIES.test(message)) throw err;
      throw new CounterStoreUnavailableError(`the counter store (${this.target}) is unavailable: ${message}`, { cause: err });
    }
  }
}

function rateKey(kind: RateCounter['kind'], id: string, window: number): string {
  return kind === 'concurrency' ? `cc:${id}` : `rl:${id}:${window}`;
}

function kindArg(kind: RateCounter['kind']): 'c' | 'w' {
  return kind === 'concurrency' ? 'c' : 'w';
}

/** How long a rate key lives after this call: past its window (or past the newest reservation) by KEY_SLACK_MS. */
function rateKeyTtl(kind: RateCounter['kind'], now: number, reservationTtlMs: number): number {
  return Math.ceil((kind === 'concurrency' ? reservationTtlMs : windowResetMs(now)) + KEY_SLACK_MS);
}

/** Reads `count` budget states of 4 integers each from a script reply, starting at `from`. */
function budgetStates(reply: number[], from: number, count: number): BudgetState[] {
  const states: BudgetState[] = [];
  for (let j = 0; j < count; j++) {
    const at = from + j * 4;
    states.push({ spentUsd: nanoToUsd(reply[at]!), spentTokens: reply[at + 1]!, reservedUsd: nanoToUsd(reply[at + 2]!), reservedTokens: reply[at + 3]! });
  }
  return states;
}

/** Connects to `url` (connect.ts options) and returns a store that owns the connection; commands fail fast until it is ready. */
export function openRedisCounterStore(
  url: string,
  options: RedisConnectOptions & Omit<RedisCounterStoreOptions, 'target' | 'ownsClient'> = {},
): RedisCounterStore {
  const client = connectRedis(url, options);
  return new RedisCounterStore(client, { ...options, target: describeRedisUrl(url), ownsClient: true });
}
