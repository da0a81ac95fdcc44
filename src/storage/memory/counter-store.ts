/**
 * The in-process CounterStore (the embedded default): the same rules as the Redis store (see
 * governance/counters/contract.ts and rules.ts), held in Maps. Each call runs to completion on
 * the event loop without awaiting, so admission is atomic without locks. Money is integer
 * nano-dollars inside, USD at the edges. Memory stays bounded: expired reservations go on the
 * admissions that touch them, and a sweep once a minute (of the callers' clock) drops dead windows,
 * empty concurrency sets, expired budgets and forgotten settled ids.
 */
import type {
  AdmitInput,
  AdmitResult,
  BudgetCounter,
  BudgetState,
  CounterStore,
  RateState,
  SettleInput,
  SettleResult,
} from '../../governance/counters/contract.js';
import { limitFloor, nanoToUsd, tokensCeil, usdToNanoCeil, usdToNanoFloor } from '../../governance/counters/nano.js';
import { budgetExpiresAt, CONCURRENCY_RETRY_MS, DEFAULT_SETTLED_IDS_TTL_MS, WINDOW_MS, windowOf, windowResetMs } from '../../governance/counters/rules.js';

/** Options for the memory counter store. */
export interface MemoryCounterStoreOptions {
  /** The clock seed() dates budget expiry with (admit and settle take `now` from their input). */
  now?: () => number;
  /** How long a settled reservation id is remembered so a retried settle changes nothing; 0 turns that off. */
  settledIdsTtlMs?: number;
}

interface WindowCount {
  window: number;
  count: number;
}

/** Members by reservation id with their expiry, plus the earliest expiry so purging is skipped until one is due. */
interface Expiring<T> {
  members: Map<string, T>;
  nextExpiry: number;
}

interface Reservation {
  expiresAt: number;
  usd: number;
  tokens: number;
}

interface Budget extends Expiring<Reservation> {
  spentUsd: number;
  spentTokens: number;
  reservedUsd: number;
  reservedTokens: number;
  /** null for `total` budgets. */
  expiresAt: number | null;
}

/** The in-process CounterStore. */
export class MemoryCounterStore implements CounterStore {
  readonly kind = 'memory' as const;
  private readonly windows = new Map<string, WindowCount>();
  private readonly inFlight = new Map<string, Expiring<{ expiresAt: number }>>();
  private readonly budgets = new Map<string, Budget>();
  /** Settled reservation ids → when they may be forgotten; insertion order is close to expiry order. */
  private readonly settled = new Map<string, number>();
  private readonly clock: () => number;
  private readonly settledIdsTtlMs: number;
  private lastSweep = Number.NEGATIVE_INFINITY;

  constructor(options: MemoryCounterStoreOptions = {}) {
    this.clock = options.now ?? Date.now;
    this.settledIdsTtlMs = options.settledIdsTtlMs ?? DEFAULT_SETTLED_IDS_TTL_MS;
  }

  async admit(input: AdmitInput): Promise<AdmitResult> {
    return this.admitNow(input);
  }

  /**
   * admit() without the promise: the hook calls this directly, so an in-process admission takes
   * no turn of the event loop. Written as flat loops: it runs on every governed request.
   */
  admitNow(input: AdmitInput): AdmitResult {
    const { now, rates, budgets } = input;
    this.maybeSweep(now);
    const cells: Budget[] = new Array(budgets.length);
    let unseeded: number[] | undefined;
    for (let i = 0; i < budgets.length; i++) {
      const cell = this.liveBudget(budgets[i]!.id, now);
      if (cell) cells[i] = cell;
      else (unseeded ??= []).push(i);
    }
    if (unseeded) return { ok: false, refused: 'unseeded', indexes: unseeded };

    const window = windowOf(now);
    const reset = windowResetMs(now);
    const current: number[] = new Array(rates.length);
    for (let i = 0; i < rates.length; i++) {
      const rate = rates[i]!;
      if (rate.kind === 'concurrency') this.purgeInFlight(rate.id, now);
      const count = this.rateCurrent(rate.id, rate.kind, window);
      current[i] = count;
      if (count + tokensCeil(rate.amount) > limitFloor(rate.limit)) {
        return {
          ok: false,
          refused: 'rate',
          index: i,
          retryAfterMs: rate.kind === 'concurrency' ? CONCURRENCY_RETRY_MS : reset,
          rates: rates.map((r, j) =>
            rateState(limitFloor(r.limit), j <= i ? current[j]! : this.rateCurrent(r.id, r.kind, window), r.kind === 'concurrency' ? 0 : reset),
          ),
        };
      }
    }
    for (let i = 0; i < budgets.length; i++) {
      const budget = budgets[i]!;
      if (!fits(budget, cells[i]!, usdToNanoCeil(budget.reserveUsd), tokensCeil(budget.reserveTokens)))
        return { ok: false, refused: 'budget', index: i, state: budgetState(cells[i]) };
    }

    // Everything fits: apply it all.
    const expiresAt = now + input.reservationTtlMs;
    const rateStates: RateState[] = new Array(rates.length);
    for (let i = 0; i < rates.length; i++) {
      const rate = rates[i]!;
      const amount = tokensCeil(rate.amount);
      const limit = limitFloor(rate.limit);
      if (amount > 0) {
        if (rate.kind === 'concurrency') {
          let set = this.inFlight.get(rate.id);
          if (!set) this.inFlight.set(rate.id, (set = { members: new Map(), nextExpiry: Number.POSITIVE_INFINITY }));
          addExpiring(set, input.reservationId, { expiresAt });
        } else {
          const counted = this.windows.get(rate.id);
          if (counted) {
            counted.window = window;
            counted.count = current[i]! + amount;
          } else this.windows.set(rate.id, { window, count: current[i]! + amount });
        }
      }
      rateStates[i] = rateState(limit, current[i]! + amount, rate.kind === 'concurrency' ? 0 : reset);
    }
    const budgetStates: BudgetState[] = new Array(budgets.length);
    for (let i = 0; i < budgets.length; i++) {
      const cell = cells[i]!;
      const usd = usdToNanoCeil(budgets[i]!.reserveUsd);
      const tokens = tokensCeil(budgets[i]!.reserveTokens);
      if (usd !== 0 || tokens !== 0) {
        // A reused reservation id replaces its earlier reservation rather than holding both.
        releaseReservation(cell, input.reservationId);
        cell.reservedUsd += usd;
        cell.reservedTokens += tokens;
        addExpiring(cell, input.reservationId, { expiresAt, usd, tokens });
      }
      budgetStates[i] = budgetState(cell);
    }
    return { ok: true, rates: rateStates, budgets: budgetStates };
  }

  async settle(input: SettleInput): Promise<SettleResult> {
    return this.settleNow(input);
  }

  /** settle() without the promise (see admitNow). */
  settleNow(input: SettleInput): SettleResult {
    const { now, reservationId } = input;
    this.maybeSweep(now);
    if (this.settledIdsTtlMs > 0) {
      const remembered = this.settled.get(reservationId);
      if (remembered !== undefined && remembered > now) {
        // A retried settle: already booked once; answer with the states as they are.
        return { budgets: input.budgets.map((b) => budgetState(this.liveBudget(b.id, now))) };
      }
      this.settled.delete(reservationId);
      this.settled.set(reservationId, now + this.settledIdsTtlMs);
    }
    for (const rate of input.rates) {
      if (rate.kind === 'concurrency') {
        const set = this.inFlight.get(rate.id);
        set?.members.delete(reservationId);
        if (set?.members.size === 0) this.inFlight.delete(rate.id);
      } else {
        this.applyDelta(rate.id, Math.round(rate.delta), now);
      }
    }
    const states = input.budgets.map((b) => {
      const cell = this.liveBudget(b.id, now);
      // No state (never seeded, or dropped): booking onto nothing would look like a seeded, nearly
      // empty budget; the ledger row carries this spend into the next seed instead.
      if (!cell) return budgetState(undefined);
      releaseReservation(cell, reservationId);
      cell.spentUsd += usdToNanoCeil(b.actualUsd);
      cell.spentTokens += tokensCeil(b.actualTokens);
      return budgetState(cell);
    });
    return { budgets: states };
  }

  async seed(budgetId: string, spentUsd: number, spentTokens: number, periodEndsAt: number | null): Promise<void> {
    if (this.liveBudget(budgetId, this.clock())) return;
    this.budgets.set(budgetId, {
      spentUsd: usdToNanoCeil(spentUsd),
      spentTokens: tokensCeil(spentTokens),
      reservedUsd: 0,
      reservedTokens: 0,
      members: new Map(),
      nextExpiry: Number.POSITIVE_INFINITY,
      expiresAt: budgetExpiresAt(periodEndsAt),
    });
  }

  async close(): Promise<void> {
    this.windows.clear();
    this.inFlight.clear();
    this.budgets.clear();
    this.settled.clear();
  }

  /** The budget's state if it has one that has not expired, with its expired reservations released. */
  private liveBudget(id: string, now: number): Budget | undefined {
    const cell = this.budgets.get(id);
    if (!cell) return undefined;
    if (cell.expiresAt !== null && cell.expiresAt <= now) {
      this.budgets.delete(id);
      return undefined;
    }
    purgeExpiring(cell, now, (r) => {
      cell.reservedUsd -= r.usd;
      cell.reservedTokens -= r.tokens;
    });
    return cell;
  }

  private purgeInFlight(id: string, now: number): void {
    const set = this.inFlight.get(id);
    if (!set) return;
    purgeExpiring(set, now, () => {});
    if (set.members.size === 0) this.inFlight.delete(id);
  }

  private rateCurrent(id: string, kind: 'rpm' | 'tpm' | 'concurrency', window: number): number {
    if (kind === 'concurrency') return this.inFlight.get(id)?.members.size ?? 0;
    const counted = this.windows.get(id);
    return counted && counted.window === window ? counted.count : 0;
  }

  /** A settlement's correction to the current window, never below 0. */
  private applyDelta(id: string, delta: number, now: number): void {
    if (!Number.isFinite(delta) || delta === 0) return;
    const window = windowOf(now);
    const counted = this.windows.get(id);
    const current = counted && counted.window === window ? counted.count : 0;
    if (current === 0 && delta < 0) return;
    this.windows.set(id, { window, count: Math.max(0, current + delta) });
  }

  /** Drops what nothing will read again, once a minute of the callers' clock. */
  private maybeSweep(now: number): void {
    if (now - this.lastSweep < WINDOW_MS) return;
    this.lastSweep = now;
    const window = windowOf(now);
    for (const [id, counted] of this.windows) if (counted.window < window) this.windows.delete(id);
    for (const id of this.inFlight.keys()) this.purgeInFlight(id, now);
    for (const id of this.budgets.keys()) this.liveBudget(id, now);
    for (const [id, until] of this.settled) if (until <= now) this.settled.delete(id);
  }
}

function rateState(limit: number, count: number, resetMs: number): RateState {
  return { limit, remaining: Math.max(0, limit - count), resetMs };
}

function budgetState(cell: Budget | undefined): BudgetState {
  if (!cell) return { spentUsd: 0, spentTokens: 0, reservedUsd: 0, reservedTokens: 0 };
  return {
    spentUsd: nanoToUsd(cell.spentUsd),
    spentTokens: cell.spentTokens,
    reservedUsd: nanoToUsd(cell.reservedUsd),
    reservedTokens: cell.reservedTokens,
  };
}

/** Whether the reservation fits under both caps: spent + reserved + this reservation ≤ cap. */
function fits(budget: BudgetCounter, cell: Budget, reserveUsd: number, reserveTokens: number): boolean {
  if (budget.limitUsd !== null && cell.spentUsd + cell.reservedUsd + reserveUsd > usdToNanoFloor(budget.limitUsd)) return false;
  if (budget.limitTokens !== null && cell.spentTokens + cell.reservedTokens + reserveTokens > limitFloor(budget.limitTokens)) return false;
  return true;
}

function releaseReservation(cell: Budget, reservationId: string): void {
  const reservation = cell.members.get(reservationId);
  if (!reservation) return;
  cell.members.delete(reservationId);
  cell.reservedUsd -= reservation.usd;
  cell.reservedTokens -= reservation.tokens;
}

function addExpiring<T extends { expiresAt: number }>(set: Expiring<T>, id: string, member: T): void {
  set.members.set(id, member);
  if (member.expiresAt < set.nextExpiry) set.nextExpiry = member.expiresAt;
}

/** Removes members whose time is up (expiresAt ≤ now); scans only when the earliest one is due. */
function purgeExpiring<T extends { expiresAt: number }>(set: Expiring<T>, now: number, onExpired: (member: T) => void): void {
  if (set.nextExpiry > now) return;
  let next = Number.POSITIVE_INFINITY;
  for (const [id, member] of set.members) {
    if (member.expiresAt <= now) {
      set.members.delete(id);
      onExpired(member);
    } else if (member.expiresAt < next) {
      next = member.expiresAt;
    }
  }
  set.nextExpiry = next;
}
