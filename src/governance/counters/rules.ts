/**
 * The timing rules every CounterStore implementation shares, so the in-process and the Redis store
 * answer alike: fixed epoch-aligned minute windows, how long keys outlive what they count, and
 * what a full concurrency counter tells a client to wait.
 */

/** Length of an rpm/tpm window. */
export const WINDOW_MS = 60_000;

/** Budget state is kept this long past its period's end (late settlements of the last requests still land). */
export const BUDGET_GRACE_MS = 86_400_000;

/** Window and concurrency keys outlive what they count by this much, so replicas whose clocks differ a little never see a counter vanish early. */
export const KEY_SLACK_MS = 60_000;

/** Budget state never lives shorter than this, even when seeded for a period that ended long ago. */
export const MIN_BUDGET_TTL_MS = 60_000;

/** A full concurrency counter frees up when a request ends, which no clock predicts: retry after this. */
export const CONCURRENCY_RETRY_MS = 1_000;

/** How long a settled reservation id is remembered, so a retried settle changes nothing (default). */
export const DEFAULT_SETTLED_IDS_TTL_MS = 120_000;

/** The fixed window `now` falls in (minutes since the epoch). */
export function windowOf(now: number): number {
  return Math.floor(now / WINDOW_MS);
}

/** ms from `now` until its window ends. */
export function windowResetMs(now: number): number {
  return (windowOf(now) + 1) * WINDOW_MS - now;
}

/** When a budget counter may be dropped (ms since the epoch), or null to keep it (`total`). */
export function budgetExpiresAt(periodEndsAt: number | null): number | null {
  return periodEndsAt === null ? null : periodEndsAt + BUDGET_GRACE_MS;
}
