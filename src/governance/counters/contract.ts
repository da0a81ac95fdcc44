/**
 * The counters behind rate limits and budgets, checked and changed atomically: one admit call per
 * request reserves against every counter that applies (all or nothing), one settle call per
 * request releases the reservation and books the actual amounts. In process (memory) when no
 * Redis is configured; one Lua script per call on Redis, so the limits hold across replicas.
 */

/** A rate counter: requests or tokens in the current fixed minute, or requests in flight. */
export interface RateCounter {
  /** Stable id, e.g. `key:KEY_ID:rpm` (the store adds the window). */
  id: string;
  kind: 'rpm' | 'tpm' | 'concurrency';
  limit: number;
  /** What this request adds: 1 for rpm and concurrency, the estimated tokens for tpm. */
  amount: number;
}

/** A budget counter for one scope and period. */
export interface BudgetCounter {
  /** Stable id including the period, e.g. `key:KEY_ID:month:2026-12`. */
  id: string;
  /** Caps; null when the budget caps only the other unit. */
  limitUsd: number | null;
  limitTokens: number | null;
  /** The worst case this request reserves. */
  reserveUsd: number;
  reserveTokens: number;
  /** ms since the epoch when the period ends (the counter may be dropped after; null for `total`). */
  periodEndsAt: number | null;
}

/** One admission: everything that applies to a request. */
export interface AdmitInput {
  /** Unique per request (the request id). */
  reservationId: string;
  /** ms since the epoch. */
  now: number;
  /** How long an unsettled reservation (a crashed replica's) holds before it expires. */
  reservationTtlMs: number;
  rates: readonly RateCounter[];
  budgets: readonly BudgetCounter[];
}

/** A rate counter's state after admission, for the x-ratelimit-* headers. */
export interface RateState {
  limit: number;
  remaining: number;
  /** ms until the window resets (0 for concurrency). */
  resetMs: number;
}

/** A budget counter's state: settled spend plus what is reserved by requests in flight. */
export interface BudgetState {
  spentUsd: number;
  spentTokens: number;
  reservedUsd: number;
  reservedTokens: number;
}

/** The answer to an admission. */
export type AdmitResult =
  | { ok: true; rates: RateState[]; budgets: BudgetState[] }
  /** A rate counter is full: index into rates; retryAfterMs until it has room. */
  | { ok: false; refused: 'rate'; index: number; retryAfterMs: number; rates: RateState[] }
  /** A budget cannot hold the reservation: index into budgets, with its state. */
  | { ok: false; refused: 'budget'; index: number; state: BudgetState }
  /** A budget counter has no state here yet (fresh process, Redis restarted): seed it from the ledger, then admit again. */
  | { ok: false; refused: 'unseeded'; indexes: number[] };

/** What one request settles. */
export interface SettleInput {
  reservationId: string;
  now: number;
  /** Rate counters to correct: concurrency is released; tpm takes actual − estimated tokens (may be negative). */
  rates: ReadonlyArray<{ id: string; kind: RateCounter['kind']; delta: number }>;
  /** Budgets the reservation was made on, with the actual amounts to book. */
  budgets: ReadonlyArray<{ id: string; actualUsd: number; actualTokens: number; periodEndsAt: number | null }>;
}

/** Budget states after settlement, in the order given (alerts compare them with the caps). */
export interface SettleResult {
  budgets: BudgetState[];
}

/** The counter store. Calls may reject when a shared store is unreachable (callers decide to fail open or closed). */
export interface CounterStore {
  readonly kind: 'memory' | 'redis';
  admit(input: AdmitInput): Promise<AdmitResult>;
  settle(input: SettleInput): Promise<SettleResult>;
  /** In-process stores also answer synchronously, so the hooks take no promise turn. */
  admitNow?(input: AdmitInput): AdmitResult;
  settleNow?(input: SettleInput): SettleResult;
  /** Sets a budget counter's settled spend if it has none yet (first seed wins across replicas). */
  seed(budgetId: string, spentUsd: number, spentTokens: number, periodEndsAt: number | null): Promise<void>;
  close(): Promise<void>;
}
