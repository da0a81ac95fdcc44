import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computePeriod, dayOf, isValidTimeZone, periodOf } from './period.js';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const hours = (p: { startsAt: number | null; endsAt: number | null }) => ((p.endsAt as number) - (p.startsAt as number)) / 3_600_000;

describe('periodOf: days', () => {
  it('UTC days run midnight to midnight', () => {
    const p = computePeriod('day', at('2026-12-06T13:45:00Z'), 'UTC');
    expect(p).toEqual({ id: 'day:2026-12-06', startDay: '2026-12-06', startsAt: at('2026-12-06T00:00:00Z'), endsAt: at('2026-12-07T00:00:00Z') });
  });

  it('Europe/Paris: the March change makes a 23-hour day, the October one a 25-hour day', () => {
    const spring = computePeriod('day', at('2026-03-29T12:00:00Z'), 'Europe/Paris');
    expect([spring.id, iso(spring.startsAt), iso(spring.endsAt)]).toEqual(['day:2026-03-29', '2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z']);
    expect(hours(spring)).toBe(23);
    const autumn = computePeriod('day', at('2026-10-25T12:00:00Z'), 'Europe/Paris');
    expect([autumn.id, iso(autumn.startsAt), iso(autumn.endsAt)]).toEqual(['day:2026-10-25', '2026-10-24T22:00:00.000Z', '2026-10-25T23:00:00.000Z']);
    expect(hours(autumn)).toBe(25);
  });

  it('Europe/Paris: during the repeated hour of October it is still the same day', () => {
    // 00:30Z and 01:30Z are both 02:30 local (CEST then CET).
    expect(computePeriod('day', at('2026-10-25T00:30:00Z'), 'Europe/Paris').id).toBe('day:2026-10-25');
    expect(computePeriod('day', at('2026-10-25T01:30:00Z'), 'Europe/Paris').id).toBe('day:2026-10-25');
  });

  it('America/New_York: local midnight is 05:00Z in winter, 04:00Z in summer', () => {
    const p = computePeriod('day', at('2026-03-08T12:00:00Z'), 'America/New_York');
    expect([p.id, iso(p.startsAt), iso(p.endsAt)]).toEqual(['day:2026-03-08', '2026-03-08T05:00:00.000Z', '2026-03-09T04:00:00.000Z']);
    // 03:00Z on the 7th is still the 6th in New York.
    expect(dayOf(at('2026-12-07T03:00:00Z'), 'America/New_York')).toBe('2026-12-06');
  });

  it('Asia/Kolkata (+5:30) and Pacific/Chatham (+12:45, +13:45 in its summer)', () => {
    const kolkata = computePeriod('day', at('2026-12-06T00:00:00Z'), 'Asia/Kolkata');
    expect([kolkata.id, iso(kolkata.startsAt), iso(kolkata.endsAt)]).toEqual(['day:2026-12-06', '2026-12-05T18:30:00.000Z', '2026-12-06T18:30:00.000Z']);
    const chathamSummer = computePeriod('day', at('2026-12-06T00:00:00Z'), 'Pacific/Chatham');
    expect([chathamSummer.id, iso(chathamSummer.startsAt)]).toEqual(['day:2026-12-06', '2026-12-05T10:15:00.000Z']);
    const chathamWinter = computePeriod('day', at('2026-07-01T00:00:00Z'), 'Pacific/Chatham');
    expect([chathamWinter.id, iso(chathamWinter.startsAt)]).toEqual(['day:2026-07-01', '2026-06-30T11:15:00.000Z']);
    expect(dayOf(at('2026-12-05T10:14:59Z'), 'Pacific/Chatham')).toBe('2026-12-05');
    expect(dayOf(at('2026-12-05T10:15:00Z'), 'Pacific/Chatham')).toBe('2026-12-06');
  });

  it('America/Santiago: a day whose midnight does not exist starts at 01:00; a day whose midnight repeats lasts 25 h', () => {
    // 2026-09-06: clocks jump from 00:00 (-04) to 01:00 (-03).
    const skipped = computePeriod('day', at('2026-09-06T12:00:00Z'), 'America/Santiago');
    expect([iso(skipped.startsAt), iso(skipped.endsAt), hours(skipped)]).toEqual(['2026-09-06T04:00:00.000Z', '2026-09-07T03:00:00.000Z', 23]);
    // 2026-04-05: at 00:00 (-03) clocks go back to 23:00 on the 4th (-04).
    const repeated = computePeriod('day', at('2026-04-04T12:00:00Z'), 'America/Santiago');
    expect([iso(repeated.startsAt), iso(repeated.endsAt), hours(repeated)]).toEqual(['2026-04-04T03:00:00.000Z', '2026-04-05T04:00:00.000Z', 25]);
  });
});

describe('periodOf: weeks, months, total', () => {
  it('weeks start on Monday, whatever the day', () => {
    for (const day of ['2026-11-30', '2026-12-02', '2026-12-06']) {
      const p = computePeriod('week', at(`${day}T12:00:00Z`), 'UTC');
      expect([p.id, p.startDay, iso(p.endsAt)]).toEqual(['week:2026-11-30', '2026-11-30', '2026-12-07T00:00:00.000Z']);
    }
    // Monday 00:00 starts the next one.
    expect(computePeriod('week', at('2026-12-07T00:00:00Z'), 'UTC').id).toBe('week:2026-12-07');
  });

  it('December into January: month and week cross the year', () => {
    const month = computePeriod('month', at('2026-12-31T23:59:59.999Z'), 'UTC');
    expect([month.id, month.startDay, iso(month.endsAt)]).toEqual(['month:2026-12', '2026-12-01', '2027-01-01T00:00:00.000Z']);
    expect(computePeriod('month', at('2027-01-01T00:00:00Z'), 'UTC').id).toBe('month:2027-01');
    const week = computePeriod('week', at('2026-12-31T12:00:00Z'), 'UTC');
    expect([week.id, iso(week.endsAt)]).toEqual(['week:2026-12-28', '2027-01-04T00:00:00.000Z']);
    // 23:30Z on Dec 31 is already January in Paris.
    const paris = computePeriod('month', at('2026-12-31T23:30:00Z'), 'Europe/Paris');
    expect([paris.id, iso(paris.startsAt), iso(paris.endsAt)]).toEqual(['month:2027-01', '2026-12-31T23:00:00.000Z', '2027-01-31T23:00:00.000Z']);
  });

  it('months of 28, 29, 30 and 31 days, and a month spanning a DST change', () => {
    expect(computePeriod('month', at('2028-02-15T00:00:00Z'), 'UTC').endsAt).toBe(at('2028-03-01T00:00:00Z'));
    expect(computePeriod('month', at('2027-02-15T00:00:00Z'), 'UTC').endsAt).toBe(at('2027-03-01T00:00:00Z'));
    expect(computePeriod('month', at('2026-04-30T23:00:00Z'), 'UTC').endsAt).toBe(at('2026-05-01T00:00:00Z'));
    const march = computePeriod('month', at('2026-03-15T00:00:00Z'), 'Europe/Paris');
    expect([iso(march.startsAt), iso(march.endsAt)]).toEqual(['2026-02-28T23:00:00.000Z', '2026-03-31T22:00:00.000Z']);
  });

  it('total has no boundaries', () => {
    expect(periodOf('total', Date.now(), 'Europe/Paris')).toEqual({ id: 'total', startDay: null, startsAt: null, endsAt: null });
  });
});

describe('periodOf: the cache', () => {
  it('answers with the same object within a period and moves on at its end, and back when the clock goes back', () => {
    const tz = 'Asia/Kolkata';
    const first = periodOf('day', at('2026-12-06T10:00:00Z'), tz);
    expect(periodOf('day', at('2026-12-06T18:29:59.999Z'), tz)).toBe(first);
    const next = periodOf('day', at('2026-12-06T18:30:00Z'), tz);
    expect(next.id).toBe('day:2026-12-07');
    expect(next).not.toBe(first);
    expect(periodOf('day', at('2026-12-06T18:29:59.999Z'), tz).id).toBe('day:2026-12-06');
  });

  it('keeps one answer per period and zone', () => {
    const now = at('2026-12-06T20:00:00Z');
    expect(periodOf('day', now, 'UTC').id).toBe('day:2026-12-06');
    expect(periodOf('day', now, 'Asia/Kolkata').id).toBe('day:2026-12-07');
    expect(periodOf('week', now, 'Asia/Kolkata').id).toBe('week:2026-12-07');
    expect(periodOf('day', now, 'UTC').id).toBe('day:2026-12-06');
  });

  it('rejects a zone Intl does not know', () => {
    expect(() => periodOf('day', Date.now(), 'Mars/Olympus_Mons')).toThrow(RangeError);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimeZone('Pacific/Chatham')).toBe(true);
  });
});

describe('periodOf: properties over many instants and zones', () => {
  const zones = ['UTC', 'Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'Pacific/Chatham', 'America/Santiago', 'Australia/Lord_Howe', 'Asia/Tehran'];
  const localDay = (t: number, tz: string) => new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(t);

  it('a period contains now, starts on its first local day, and the next one starts where it ends', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: at('2000-01-01T00:00:00Z'), max: at('2040-01-01T00:00:00Z') }),
        fc.constantFrom(...zones),
        fc.constantFrom('day' as const, 'week' as const, 'month' as const),
        (now, tz, period) => {
          const p = computePeriod(period, now, tz);
          const start = p.startsAt as number;
          const end = p.endsAt as number;
          expect(start).toBeLessThanOrEqual(now);
          expect(end).toBeGreaterThan(now);
          expect(localDay(start, tz)).toBe(p.startDay);
          expect(localDay(start - 1, tz) < (p.startDay as string)).toBe(true);
          expect(localDay(end - 1, tz) < localDay(end, tz)).toBe(true);
          const next = computePeriod(period, end, tz);
          expect(next.startsAt).toBe(end);
          expect(next.id).not.toBe(p.id);
          if (period === 'day') expect(hours(p)).toBeGreaterThanOrEqual(22.5);
          if (period === 'day') expect(hours(p)).toBeLessThanOrEqual(25);
        },
      ),
      { numRuns: 400 },
    );
  });
});
