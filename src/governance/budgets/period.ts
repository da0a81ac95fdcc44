/**
 * Budget periods on calendar boundaries in an IANA time zone (governance.timezone): days, weeks
 * starting Monday, months, and `total`. Local midnights are found from the zone's real offsets, so
 * a day across a DST change is 23 or 25 hours long, and a zone whose clocks skip or repeat
 * midnight still gets one boundary per day. Callers ask per request, so each (period, zone) keeps
 * its current answer and only recomputes once the clock leaves it.
 */
import type { BudgetPeriod } from '../types.js';

/** One budget period: its id (the key budgets and alerts are counted under), its first day, and when the next one starts. */
export interface PeriodInfo {
  /** 'day:2026-12-06', 'week:2026-11-30' (its Monday), 'month:2026-12', or 'total'. */
  readonly id: string;
  /** The period's first local day (YYYY-MM-DD); null for `total`. */
  readonly startDay: string | null;
  /** ms since the epoch when this period began; null for `total`. */
  readonly startsAt: number | null;
  /** ms since the epoch when the next period begins; null for `total`. */
  readonly endsAt: number | null;
}

/** A local calendar date. */
interface LocalDate {
  y: number;
  m: number;
  d: number;
}

const TOTAL: PeriodInfo = Object.freeze({ id: 'total', startDay: null, startsAt: null, endsAt: null });
const HOUR_MS = 3_600_000;
/** Real UTC offsets lie within -12h..+14h; ±15h around a UTC midnight brackets the local one. */
const BRACKET_MS = 15 * HOUR_MS;

const formatters = new Map<string, Intl.DateTimeFormat>();
/** The current answer per zone and period: no key string is built per call. */
const current = new Map<string, Partial<Record<BudgetPeriod, PeriodInfo>>>();

/** The local day (YYYY-MM-DD) of an instant in a zone: the ledger's rollup day. */
export function dayOf(now: number, tz: string): string {
  return periodOf('day', now, tz).startDay as string;
}

/** The period of a budget that contains `now`, in zone `tz`; cached until the clock leaves it. */
export function periodOf(period: BudgetPeriod, now: number, tz: string): PeriodInfo {
  if (period === 'total') return TOTAL;
  let zone = current.get(tz);
  if (zone === undefined) {
    zone = {};
    current.set(tz, zone);
  }
  const cached = zone[period];
  // A clock set back (now < startsAt) recomputes too, so the answer is never a period ahead.
  if (cached !== undefined && now < (cached.endsAt as number) && now >= (cached.startsAt as number)) return cached;
  const info = computePeriod(period, now, tz);
  zone[period] = info;
  return info;
}

/** Computes a period without the cache (periodOf is the one to call). */
export function computePeriod(period: BudgetPeriod, now: number, tz: string): PeriodInfo {
  if (period === 'total') return TOTAL;
  const today = localDate(now, tz);
  let start: LocalDate;
  let next: LocalDate;
  if (period === 'day') {
    start = today;
    next = addDays(today, 1);
  } else if (period === 'week') {
    // getUTCDay: 0 is Sunday; Monday starts the week (ISO 8601).
    const weekday = new Date(Date.UTC(today.y, today.m - 1, today.d)).getUTCDay();
    start = addDays(today, -((weekday + 6) % 7));
    next = addDays(start, 7);
  } else {
    start = { y: today.y, m: today.m, d: 1 };
    next = today.m === 12 ? { y: today.y + 1, m: 1, d: 1 } : { y: today.y, m: today.m + 1, d: 1 };
  }
  const startDay = formatDay(start);
  const id = period === 'month' ? `month:${startDay.slice(0, 7)}` : `${period}:${startDay}`;
  return Object.freeze({
    id,
    startDay,
    startsAt: firstInstantOf(start, tz, Number.NEGATIVE_INFINITY, now),
    endsAt: firstInstantOf(next, tz, now, Number.POSITIVE_INFINITY),
  });
}

/** The local date of an instant (throws RangeError for a zone Intl does not know). */
function localDate(t: number, tz: string): LocalDate {
  const parts = partsOf(t, tz);
  return { y: parts.y, m: parts.m, d: parts.d };
}

/**
 * The first instant in (after, before] whose local date is on or after `date`: that day's local
 * midnight, or when midnight does not exist (clocks jump from 23:59 to 01:00) the first instant
 * that does. Two offset look-ups settle it almost always; a bisection handles the rest.
 */
function firstInstantOf(date: LocalDate, tz: string, after: number, notAfter: number): number {
  const target = dateKey(date);
  const reached = (t: number) => dateKey(localDate(t, tz)) >= target;
  const naive = Date.UTC(date.y, date.m - 1, date.d);
  let guess = naive - offsetAt(naive, tz);
  guess = naive - offsetAt(guess, tz);
  if (guess > after && guess <= notAfter && reached(guess) && !reached(guess - 1)) return guess;
  // Bisection on whole ms: lo never reached, hi reached. Zone offsets are whole seconds, so ~27 steps.
  let lo = Math.max(naive - BRACKET_MS, Number.isFinite(after) ? after : Number.NEGATIVE_INFINITY);
  let hi = Math.min(naive + BRACKET_MS, notAfter);
  if (reached(lo)) return lo;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (reached(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** The zone's offset from UTC at an instant, in ms (local wall clock minus UTC). */
function offsetAt(t: number, tz: string): number {
  const p = partsOf(t, tz);
  const wall = Date.UTC(p.y, p.m - 1, p.d, p.h, p.min, p.s);
  return wall - (t - mod(t, 1000));
}

/** Local wall-clock fields of an instant. */
function partsOf(t: number, tz: string): { y: number; m: number; d: number; h: number; min: number; s: number } {
  const out = { y: 0, m: 0, d: 0, h: 0, min: 0, s: 0 };
  for (const part of formatterFor(tz).formatToParts(t)) {
    switch (part.type) {
      case 'year':
        out.y = Number(part.value);
        break;
      case 'month':
        out.m = Number(part.value);
        break;
      case 'day':
        out.d = Number(part.value);
        break;
      case 'hour':
        // Some ICU versions print midnight as 24 despite h23; it is still the new day's 0.
        out.h = Number(part.value) % 24;
        break;
      case 'minute':
        out.min = Number(part.value);
        break;
      case 'second':
        out.s = Number(part.value);
        break;
    }
  }
  return out;
}

/** One formatter per zone: building one costs far more than using it. */
function formatterFor(tz: string): Intl.DateTimeFormat {
  let formatter = formatters.get(tz);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      // h23: midnight is 0, never 24 (en-US with hour12:false says "24").
      hourCycle: 'h23',
    });
    formatters.set(tz, formatter);
  }
  return formatter;
}

/** Whether Intl knows a zone name: config validation uses it to name a bad governance.timezone. */
export function isValidTimeZone(tz: string): boolean {
  try {
    formatterFor(tz);
    return true;
  } catch {
    return false;
  }
}

function addDays(date: LocalDate, days: number): LocalDate {
  const t = new Date(Date.UTC(date.y, date.m - 1, date.d + days));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

function dateKey(date: LocalDate): number {
  return date.y * 10_000 + date.m * 100 + date.d;
}

function formatDay(date: LocalDate): string {
  return `${String(date.y).padStart(4, '0')}-${String(date.m).padStart(2, '0')}-${String(date.d).padStart(2, '0')}`;
}

function mod(a: number, b: number): number {
  return ((a % b) + b) % b;
}
