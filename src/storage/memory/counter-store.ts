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
    const { now, rates, budgets } = input;
    this.maybeSweep(now);
    for (const rate of rates) if (rate.kind === 'concurrency') this.purgeInFlight(rate.id, now);
    const cells: Array<Budget | undefined> = budgets.map((b) => this.liveBudget(b.id, now));
    const unseeded: number[] = [];
    cells.forEach((cell, i) => {
      if (!cell) unseeded.push(i);
    });
    if (unseeded.length > 0) return { ok: false, refused: 'unseeded', indexes: unseeded };

    const limits = rates.map((r) => limitFloor(r.limit));
    const amounts = rates.map((r) => tokensCeil(r.amount));
    const current = rates.map((r) => this.rateCurrent(r.id, r.kind, now));
    const resets = rates.map((r) => (r.kind === 'concurrency' ? 0 : windowResetMs(now)));
    for (let i = 0; i < rates.length; i++) {
      if (current[i]! + amounts[i]! > limits[i]!) {
        return {
          ok: false,
          refused: 'rate',
          index: i,
          retryAfterMs: rates[i]!.kind === 'concurrency' ? CONCURRENCY_RETRY_MS : resets[i]!,
          rates: rates.map((_, j) => rateState(limits[j]!, current[j]!, resets[j]!)),
        };
      }
    }
    const reserves = budgets.map((b) => ({ usd: usdToNanoCeil(b.reserveUsd), tokens: tokensCeil(b.reserveTokens) }));
    for (let i = 0; i < budgets.length; i++) {
      const cell = cells[i]!;
      if (!fits(budgets[i]!, cell, reserves[i]!)) return { ok: false, refused: 'budget', index: i, state: budgetState(cell) };
    }

    // Everything fits: apply it all.
    const window = windowOf(now);
    rates.forEach((rate, i) => {
      const amount = amounts[i]!;
      if (amount <= 0) return;
      if (rate.kind === 'concurrency') {
        let set = this.inFlight.get(rate.id);
        if (!set) this.inFlight.set(rate.id, (set = { members: new Map(), nextExpiry: Number.POSITIVE_INFINITY }));
        addExpiring(set, input.reservationId, { expiresAt: now + input.reservationTtlMs });
      } else {
        this.windows.set(rate.id, { window, count: current[i]! + amount });
      }
    });
    budgets.forEach((_, i) => {
      const cell = cells[i]!;
      const { usd, tokens } = reserves[i]!;
      if (usd === 0 && tokens === 0) return;
      // A reused reservation id replaces its earlier reservation rather than holding both.
      releaseReservation(cell, input.reservationId);
      cell.reservedUsd += usd;
      cell.reservedTokens += tokens;
      addExpiring(cell, input.reservationId, { expiresAt: now + input.reservationTtlMs, usd, tokens });
    });
    return {
      ok: true,
      rates: rates.map((_, i) => rateState(limits[i]!, current[i]! + amounts[i]!, resets[i]!)),
      budgets: cells.map((cell) => budgetState(cell!)),
    };
  }

  async settle(input: SettleInput): Promise<SettleResult> {
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

  private rateCurrent(id: string, kind: 'rpm' | 'tpm' | 'concurrency', now: number): number {
    if (kind === 'concurrency') return this.inFlight.get(id)?.members.size ?? 0;
    const counted = this.windows.get(id);
    return counted && counted.window === windowOf(now) ? counted.count : 0;
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
function fits(budget: BudgetCounter, cell: Budget, reserve: { usd: number; tokens: number }): boolean {
  if (budget.limitUsd !== null && cell.spentUsd + cell.reservedUsd + reserve.usd > usdToNanoFloor(budget.limitUsd)) return false;
  if (budget.limitTokens !== null && cell.spentTokens + cell.reservedTokens + reserve.tokens > limitFloor(budget.limitTokens)) return false;
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
