/**
 * Money inside the counter stores is integer nano-dollars (1e-9 USD), so sums never drift and "spend
 * never exceeds the cap" is an exact integer comparison. Amounts a request adds round up and caps
 * round down, each ignoring the float noise of the USD value (0.1 + 0.2 is 0.30000000000000004),
 * so rounding can only make a cap stricter, never looser. Exact up to 2^53 nano-dollars ($9.0M)
 * per counter.
 */

/** Nano-dollars per USD. */
export const NANO_PER_USD = 1e9;

// Float noise in a USD value is a relative 1e-16 per operation; a band of a relative 1e-13 covers
// a long sum of prices. It stays under half a nano-dollar, so a whole nano-dollar amount never
// moves (at $1M and up a double cannot hold a fraction of a nano-dollar anyway).
function noise(x: number): number {
  return Math.min(0.5, 1e-6 + Math.abs(x) * 1e-13);
}

/** An amount that counts against a cap (reservation, actual cost) in nano-dollars, rounded up; negatives count as 0. */
export function usdToNanoCeil(usd: number): number {
  if (!(usd > 0)) return 0;
  const x = usd * NANO_PER_USD;
  return Math.min(Number.MAX_SAFE_INTEGER, Math.ceil(x - noise(x)));
}

/** A cap in nano-dollars, rounded down; negatives mean 0. */
export function usdToNanoFloor(usd: number): number {
  if (!(usd > 0)) return 0;
  const x = usd * NANO_PER_USD;
  return Math.min(Number.MAX_SAFE_INTEGER, Math.floor(x + noise(x)));
}

/** Nano-dollars back to USD for the contract's answers. */
export function nanoToUsd(nano: number): number {
  return nano / NANO_PER_USD;
}

/** A token amount that counts against a cap, rounded up; negatives and NaN count as 0. */
export function tokensCeil(tokens: number): number {
  return tokens > 0 ? Math.min(Number.MAX_SAFE_INTEGER, Math.ceil(tokens - 1e-9)) : 0;
}

/** A token cap (or rate limit), rounded down; negatives and NaN mean 0. */
export function limitFloor(limit: number): number {
  return limit > 0 ? Math.min(Number.MAX_SAFE_INTEGER, Math.floor(limit + 1e-9)) : 0;
}
