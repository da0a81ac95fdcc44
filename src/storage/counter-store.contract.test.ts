/**
 * The CounterStore contract, run against both implementations: the in-process store and Redis on
 * 127.0.0.1:6379 (keys under a prefix of this file's own, deleted after). Time is passed in, so
 * no test crosses a minute boundary by accident.
 */
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { AdmitInput, AdmitResult, BudgetCounter, CounterStore, RateCounter } from '../governance/counters/contract.js';
import { MemoryCounterStore } from './memory/counter-store.js';
import { connectRedis, redisReady } from './redis/connect.js';
import { RedisCounterStore } from './redis/counter-store.js';

// 10 s into a minute: every test stays inside one window unless it moves on purpose.
const T0 = Math.floor(1_800_000_000_000 / 60_000) * 60_000 + 10_000;
const WINDOW_END = T0 + 50_000;
const DAY = 86_400_000;
/** seed()'s clock. */
let clock = T0;

interface Harness {
  fresh(): Promise<CounterStore>;
  /** Checks that the budget's state is kept until a day after periodEndsAt (null: for ever), then dropped. */
  expectExpiry(store: CounterStore, budgetId: string, periodEndsAt: number | null): Promise<void>;
  cleanup(): Promise<void>;
}

function memoryHarness(): Harness {
  return {
    fresh: async () => new MemoryCounterStore({ now: () => clock }),
    async expectExpiry(store, budgetId, periodEndsAt) {
      const probe = async (now: number) => (await store.admit(admitInput({ now, budgets: [budget(budgetId, { limitUsd: 100, reserveUsd: 0 })] }))).ok;
      if (periodEndsAt === null) {
        expect(await probe(T0 + 10 * 365 * DAY)).toBe(true);
        return;
      }
      expect(await probe(periodEndsAt + DAY - 1)).toBe(true);
      expect(await probe(periodEndsAt + DAY)).toBe(false);
    },
    cleanup: async () => {},
  };
}

function redisHarness(): Harness {
  const filePrefix = `sbtest:ctr-contract:${process.pid}:${Date.now()}:`;
  const admin = new Redis('redis://127.0.0.1:6379', { lazyConnect: false });
  const clients: Redis[] = [];
  const prefixes = new WeakMap<CounterStore, string>();
  let n = 0;
  return {
    async fresh() {
      const keyPrefix = `${filePrefix}${n++}:`;
      const client = connectRedis('redis://127.0.0.1:6379', { keyPrefix });
      clients.push(client);
      expect(await redisReady(client, 5_000)).toBe(true);
      const store = new RedisCounterStore(client, { now: () => clock, ownsClient: true });
      prefixes.set(store, keyPrefix);
      return store;
    },
    async expectExpiry(store, budgetId, periodEndsAt) {
      const prefix = prefixes.get(store)!;
      const ttl = await admin.pttl(`${prefix}bg:${budgetId}`);
      if (periodEndsAt === null) {
        expect(ttl).toBe(-1);
        return;
      }
      // seed() dated the TTL with the stores' clock; the key's TTL has counted real time since.
      const set = periodEndsAt + DAY - clock;
      expect(ttl).toBeGreaterThan(set - 60_000);
      expect(ttl).toBeLessThanOrEqual(set);
      // The reservation set follows the budget's TTL.
      const setTtl = await admin.pttl(`${prefix}br:${budgetId}`);
      expect(setTtl).toBeGreaterThan(set - 60_000);
      expect(setTtl).toBeLessThanOrEqual(set);
    },
    async cleanup() {
      for (const c of clients) c.disconnect();
      let cursor = '0';
      do {
        const [next, keys] = await admin.scan(cursor, 'MATCH', `${filePrefix}*`, 'COUNT', 1000);
        if (keys.length > 0) await admin.del(...keys);
        cursor = next;
      } while (cursor !== '0');
      admin.disconnect();
    },
  };
}

let seq = 0;
function admitInput(over: Partial<AdmitInput> = {}): AdmitInput {
  return { reservationId: `r${seq++}`, now: T0, reservationTtlMs: 60_000, rates: [], budgets: [], ...over };
}

function rate(id: string, kind: RateCounter['kind'], limit: number, amount = 1): RateCounter {
  return { id, kind, limit, amount };
}

function budget(id: string, over: Partial<BudgetCounter> = {}): BudgetCounter {
  return { id, limitUsd: null, limitTokens: null, reserveUsd: 0, reserveTokens: 0, periodEndsAt: T0 + DAY, ...over };
}

function okOf(result: AdmitResult): Extract<AdmitResult, { ok: true }> {
  if (!result.ok) throw new Error(`expected admission, got ${JSON.stringify(result)}`);
  return result;
}

/** The budget's state, read by settling an id that reserved nothing and costs nothing. */
async function stateOf(store: CounterStore, budgetId: string, now = T0) {
  const { budgets } = await store.settle({
    reservationId: `probe${seq++}`,
    now,
    rates: [],
    budgets: [{ id: budgetId, actualUsd: 0, actualTokens: 0, periodEndsAt: null }],
  });
  return budgets[0]!;
}

describe.each([
  ['memory', memoryHarness],
  ['redis', redisHarness],
])('CounterStore contract (%s)', (_name, makeHarness) => {
  const harness = makeHarness();
  const open: CounterStore[] = [];
  const fresh = async () => {
    clock = T0;
    const store = await harness.fresh();
    open.push(store);
    return store;
  };
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });
  afterAll(() => harness.cleanup());

  describe('admission is all or nothing', () => {
    it('a budget refusal leaves every rate counter as it was', async () => {
      const store = await fresh();
      await store.seed('b', 0, 0, T0 + DAY);
      const rates = [rate('k:rpm', 'rpm', 10), rate('k:tpm', 'tpm', 1000, 100), rate('k:conc', 'concurrency', 5)];
      const refused = await store.admit(admitInput({ rates, budgets: [budget('b', { limitUsd: 1, reserveUsd: 2 })] }));
      expect(refused).toMatchObject({ ok: false, refused: 'budget', index: 0, state: { spentUsd: 0, reservedUsd: 0 } });
      const next = okOf(await store.admit(admitInput({ rates })));
      expect(next.rates.map((r) => r.remaining)).toEqual([9, 900, 4]);
    });

    it('a rate refusal leaves the budgets and the other rate counters as they were', async () => {
      const store = await fresh();
      await store.seed('b', 0, 0, T0 + DAY);
      okOf(await store.admit(admitInput({ rates: [rate('full:rpm', 'rpm', 1)] })));
      const rates = [rate('a:rpm', 'rpm', 10), rate('a:conc', 'concurrency', 3), rate('full:rpm', 'rpm', 1)];
      const refused = await store.admit(admitInput({ rates, budgets: [budget('b', { limitUsd: 1, reserveUsd: 0.5, reserveTokens: 7 })] }));
      expect(refused).toEqual({
        ok: false,
        refused: 'rate',
        index: 2,
        retryAfterMs: WINDOW_END - T0,
        rates: [
          { limit: 10, remaining: 10, resetMs: WINDOW_END - T0 },
          { limit: 3, remaining: 3, resetMs: 0 },
          { limit: 1, remaining: 0, resetMs: WINDOW_END - T0 },
        ],
      });
      expect(await stateOf(store, 'b')).toEqual({ spentUsd: 0, spentTokens: 0, reservedUsd: 0, reservedTokens: 0 });
      const next = okOf(await store.admit(admitInput({ rates: rates.slice(0, 2) })));
      expect(next.rates.map((r) => r.remaining)).toEqual([9, 2]);
    });

    it('one budget refusing among several reserves on none of them', async () => {
      const store = await fresh();
      await store.seed('key', 0, 0, T0 + DAY);
      await store.seed('team', 0.9, 0, T0 + DAY);
      const budgets = [budget('key', { limitUsd: 10, reserveUsd: 0.2 }), budget('team', { limitUsd: 1, reserveUsd: 0.2 })];
      expect(await store.admit(admitInput({ budgets }))).toMatchObject({ ok: false, refused: 'budget', index: 1, state: { spentUsd: 0.9 } });
      expect((await stateOf(store, 'key')).reservedUsd).toBe(0);
    });
  });

  describe('seeding', () => {
    it('answers unseeded with every unseeded index and changes nothing, then admits once seeded', async () => {
      const store = await fresh();
      await store.seed('seeded', 0, 0, T0 + DAY);
      const input = (id: string) =>
        admitInput({
          reservationId: id,
          rates: [rate('u:rpm', 'rpm', 5)],
          budgets: [budget('a', { limitUsd: 1, reserveUsd: 0.1 }), budget('seeded', { limitUsd: 1, reserveUsd: 0.1 }), budget('c', { limitTokens: 100 })],
        });
      expect(await store.admit(input('x1'))).toEqual({ ok: false, refused: 'unseeded', indexes: [0, 2] });
      expect((await stateOf(store, 'seeded')).reservedUsd).toBe(0);
      await store.seed('a', 0.25, 10, T0 + DAY);
      await store.seed('c', 0, 40, null);
      const admitted = okOf(await store.admit(input('x2')));
      // The refused attempt counted nowhere.
      expect(admitted.rates[0]!.remaining).toBe(4);
      expect(admitted.budgets).toEqual([
        { spentUsd: 0.25, spentTokens: 10, reservedUsd: 0.1, reservedTokens: 0 },
        { spentUsd: 0, spentTokens: 0, reservedUsd: 0.1, reservedTokens: 0 },
        { spentUsd: 0, spentTokens: 40, reservedUsd: 0, reservedTokens: 0 },
      ]);
    });

    it('the first seed wins', async () => {
      const store = await fresh();
      await Promise.all([store.seed('b', 0.5, 5, T0 + DAY), store.seed('b', 0.7, 7, T0 + DAY)]);
      await store.seed('b', 0.9, 9, T0 + DAY);
      const state = await stateOf(store, 'b');
      expect([0.5, 0.7]).toContain(state.spentUsd);
      expect(state.spentTokens).toBe(state.spentUsd === 0.5 ? 5 : 7);
    });

    it('settling onto a budget without state books nothing and leaves it unseeded', async () => {
      const store = await fresh();
      const { budgets } = await store.settle({
        reservationId: 'lost',
        now: T0,
        rates: [],
        budgets: [{ id: 'gone', actualUsd: 3, actualTokens: 30, periodEndsAt: null }],
      });
      expect(budgets).toEqual([{ spentUsd: 0, spentTokens: 0, reservedUsd: 0, reservedTokens: 0 }]);
      expect(await store.admit(admitInput({ budgets: [budget('gone', { limitUsd: 10 })] }))).toEqual({ ok: false, refused: 'unseeded', indexes: [0] });
    });

    it('budget state expires a day after the period ends, and never for total', async () => {
      const store = await fresh();
      const periodEndsAt = T0 + 3 * DAY;
      await store.seed('month', 1, 0, periodEndsAt);
      await store.seed('total', 1, 0, null);
      // A reservation makes the reservation set, which must follow the budget's TTL.
      okOf(await store.admit(admitInput({ budgets: [budget('month', { limitUsd: 5, reserveUsd: 1, periodEndsAt })] })));
      await harness.expectExpiry(store, 'month', periodEndsAt);
      await harness.expectExpiry(store, 'total', null);
    });
  });

  describe('rate limits', () => {
    it('rpm: 150 concurrent admissions against a limit of 100 admit exactly 100', async () => {
      const store = await fresh();
      const results = await Promise.all(Array.from({ length: 150 }, () => store.admit(admitInput({ rates: [rate('exact:rpm', 'rpm', 100)] }))));
      const admitted = results.filter((r) => r.ok);
      expect(admitted).toHaveLength(100);
      expect(admitted.map((r) => okOf(r).rates[0]!.remaining).sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
      for (const r of results.filter((r) => !r.ok)) expect(r).toMatchObject({ refused: 'rate', index: 0, retryAfterMs: WINDOW_END - T0 });
    });

    it('rpm: the next window starts from zero', async () => {
      const store = await fresh();
      for (let i = 0; i < 2; i++) okOf(await store.admit(admitInput({ rates: [rate('w:rpm', 'rpm', 2)] })));
      expect((await store.admit(admitInput({ now: WINDOW_END - 1, rates: [rate('w:rpm', 'rpm', 2)] }))).ok).toBe(false);
      const next = okOf(await store.admit(admitInput({ now: WINDOW_END, rates: [rate('w:rpm', 'rpm', 2)] })));
      expect(next.rates[0]).toEqual({ limit: 2, remaining: 1, resetMs: 60_000 });
    });

    it('tpm: reserves the estimate, settles the difference, never goes below zero', async () => {
      const store = await fresh();
      const tpm = (amount: number) => rate('t:tpm', 'tpm', 1000, amount);
      const a = okOf(await store.admit(admitInput({ reservationId: 'ta', rates: [tpm(600)] })));
      expect(a.rates[0]!.remaining).toBe(400);
      expect(await store.admit(admitInput({ rates: [tpm(500)] }))).toMatchObject({ ok: false, refused: 'rate', retryAfterMs: WINDOW_END - T0 });
      // Actual 200 of the estimated 600: 400 come back.
      await store.settle({ reservationId: 'ta', now: T0, rates: [{ id: 't:tpm', kind: 'tpm', delta: -400 }], budgets: [] });
      expect(okOf(await store.admit(admitInput({ reservationId: 'tb', rates: [tpm(500)] }))).rates[0]!.remaining).toBe(300);
      // More than estimated pushes the window over: even a zero estimate waits for the reset.
      await store.settle({ reservationId: 'tb', now: T0, rates: [{ id: 't:tpm', kind: 'tpm', delta: 400 }], budgets: [] });
      expect(await store.admit(admitInput({ rates: [tpm(0)] }))).toMatchObject({ ok: false, refused: 'rate', rates: [{ remaining: 0 }] });
      // A large negative correction floors at zero rather than lending tokens.
      await store.settle({ reservationId: 'tc', now: T0, rates: [{ id: 't:tpm', kind: 'tpm', delta: -5000 }], budgets: [] });
      expect(okOf(await store.admit(admitInput({ rates: [tpm(1000)] }))).rates[0]!.remaining).toBe(0);
      // A negative correction in a window with nothing counted creates nothing.
      await store.settle({ reservationId: 'td', now: WINDOW_END + 1, rates: [{ id: 't:tpm', kind: 'tpm', delta: -50 }], budgets: [] });
      expect(okOf(await store.admit(admitInput({ now: WINDOW_END + 1, rates: [tpm(1000)] }))).rates[0]!.remaining).toBe(0);
    });

    it('concurrency: settle releases the slot, and an unsettled one expires after its TTL', async () => {
      const store = await fresh();
      const conc = [rate('c:conc', 'concurrency', 2)];
      const first = okOf(await store.admit(admitInput({ reservationId: 'c1', reservationTtlMs: 5_000, rates: conc })));
      expect(first.rates[0]).toEqual({ limit: 2, remaining: 1, resetMs: 0 });
      okOf(await store.admit(admitInput({ reservationId: 'c2', reservationTtlMs: 10_000, rates: conc })));
      expect(await store.admit(admitInput({ rates: conc }))).toMatchObject({ ok: false, refused: 'rate', index: 0, retryAfterMs: 1_000 });
      await store.settle({ reservationId: 'c2', now: T0 + 1, rates: [{ id: 'c:conc', kind: 'concurrency', delta: 0 }], budgets: [] });
      okOf(await store.admit(admitInput({ reservationId: 'c3', now: T0 + 2, reservationTtlMs: 60_000, rates: conc })));
      expect((await store.admit(admitInput({ now: T0 + 4_999, rates: conc }))).ok).toBe(false);
      // c1 was never settled (its replica crashed): at its expiry it stops counting.
      const after = okOf(await store.admit(admitInput({ now: T0 + 5_000, rates: conc })));
      expect(after.rates[0]!.remaining).toBe(0);
    });
  });

  describe('budgets', () => {
    it('500 concurrent admissions against a cap that holds 333 reservations admit exactly 333; spend never passes the cap', async () => {
      const store = await fresh();
      await store.seed('cap', 0, 0, T0 + DAY);
      const reserve = 0.003;
      const b = budget('cap', { limitUsd: 1, reserveUsd: reserve });
      const round = (n: number) => Promise.all(Array.from({ length: n }, () => store.admit(admitInput({ budgets: [b] }))));
      const ids = (results: AdmitResult[], inputs: number) => results.flatMap((r, i) => (r.ok ? [`r${inputs + i}`] : []));
      let start = seq;
      const first = await round(500);
      const admitted = ids(first, start);
      expect(admitted).toHaveLength(333);
      for (const r of first.filter((r) => !r.ok)) expect(r).toMatchObject({ refused: 'budget', index: 0 });
      expect(await stateOf(store, 'cap')).toMatchObject({ spentUsd: 0, reservedUsd: 0.999 });

      // Each actually cost a third of its reservation: the rest comes back.
      await Promise.all(
        admitted.map((id) =>
          store.settle({ reservationId: id, now: T0, rates: [], budgets: [{ id: 'cap', actualUsd: 0.001, actualTokens: 0, periodEndsAt: T0 + DAY }] }),
        ),
      );
      expect(await stateOf(store, 'cap')).toEqual({ spentUsd: 0.333, spentTokens: 0, reservedUsd: 0, reservedTokens: 0 });

      // Room for floor(0.667 / 0.003) = 222 more; settled at their full reservation they reach 0.999.
      start = seq;
      const second = ids(await round(500), start);
      expect(second).toHaveLength(222);
      const settled = await Promise.all(
        second.map((id) =>
          store.settle({ reservationId: id, now: T0, rates: [], budgets: [{ id: 'cap', actualUsd: reserve, actualTokens: 0, periodEndsAt: T0 + DAY }] }),
        ),
      );
      for (const s of settled) expect(s.budgets[0]!.spentUsd + s.budgets[0]!.reservedUsd).toBeLessThanOrEqual(1);
      expect(await stateOf(store, 'cap')).toEqual({ spentUsd: 0.999, spentTokens: 0, reservedUsd: 0, reservedTokens: 0 });
      expect(await store.admit(admitInput({ budgets: [b] }))).toMatchObject({ ok: false, refused: 'budget' });
    });

    it('sums nano-dollars exactly where floats drift (0.1 + 0.2, 3e-7 per token)', async () => {
      const store = await fresh();
      await store.seed('point3', 0, 0, T0 + DAY);
      // In floats 0.1 + 0.1 + 0.1 > 0.3: the third reservation would be refused.
      const tenth = budget('point3', { limitUsd: 0.3, reserveUsd: 0.1 });
      for (const id of ['p1', 'p2', 'p3']) okOf(await store.admit(admitInput({ reservationId: id, budgets: [tenth] })));
      expect(await store.admit(admitInput({ budgets: [budget('point3', { limitUsd: 0.3, reserveUsd: 1e-9 })] }))).toMatchObject({ refused: 'budget' });
      await store.settle({ reservationId: 'p1', now: T0, rates: [], budgets: [{ id: 'point3', actualUsd: 0.1, actualTokens: 0, periodEndsAt: null }] });
      await store.settle({ reservationId: 'p2', now: T0, rates: [], budgets: [{ id: 'point3', actualUsd: 0.2, actualTokens: 0, periodEndsAt: null }] });
      expect(await stateOf(store, 'point3')).toEqual({ spentUsd: 0.3, spentTokens: 0, reservedUsd: 0.1, reservedTokens: 0 });

      // 1000 tokens at 3e-7 = 0.0003 (3e-7 * 1000 is 0.00030000000000000003 in floats); ten fit in 0.003.
      await store.seed('pertoken', 0, 0, T0 + DAY);
      const perToken = budget('pertoken', { limitUsd: 0.003, reserveUsd: 3e-7 * 1000 });
      for (let i = 0; i < 10; i++) okOf(await store.admit(admitInput({ budgets: [perToken] })));
      expect(await store.admit(admitInput({ budgets: [perToken] }))).toMatchObject({ ok: false, refused: 'budget', state: { reservedUsd: 0.003 } });
    });

    it('token caps hold like USD caps, separately from them', async () => {
      const store = await fresh();
      await store.seed('tok', 0, 0, T0 + DAY);
      const b = budget('tok', { limitTokens: 1000, limitUsd: 5, reserveTokens: 300, reserveUsd: 0.01 });
      for (const id of ['k1', 'k2', 'k3']) okOf(await store.admit(admitInput({ reservationId: id, budgets: [b] })));
      expect(await store.admit(admitInput({ budgets: [b] }))).toEqual({
        ok: false,
        refused: 'budget',
        index: 0,
        state: { spentUsd: 0, spentTokens: 0, reservedUsd: 0.03, reservedTokens: 900 },
      });
      await store.settle({ reservationId: 'k1', now: T0, rates: [], budgets: [{ id: 'tok', actualUsd: 0.004, actualTokens: 100, periodEndsAt: T0 + DAY }] });
      // 100 spent + 600 still reserved + 300 = 1000: exactly at the cap fits.
      expect(okOf(await store.admit(admitInput({ budgets: [b] }))).budgets[0]).toEqual({
        spentUsd: 0.004,
        spentTokens: 100,
        reservedUsd: 0.03,
        reservedTokens: 900,
      });
      expect(await store.admit(admitInput({ budgets: [budget('tok', { limitTokens: 1000, reserveTokens: 1 })] }))).toMatchObject({ refused: 'budget' });
    });

    it('an unsettled reservation expires after its TTL; settling it later books the actual amount only', async () => {
      const store = await fresh();
      await store.seed('exp', 0, 0, T0 + DAY);
      const b = budget('exp', { limitUsd: 1, reserveUsd: 0.6 });
      okOf(await store.admit(admitInput({ reservationId: 'old', reservationTtlMs: 1_000, budgets: [b] })));
      expect((await store.admit(admitInput({ now: T0 + 999, budgets: [b] }))).ok).toBe(false);
      const after = okOf(await store.admit(admitInput({ reservationId: 'new', now: T0 + 1_000, budgets: [b] })));
      expect(after.budgets[0]).toMatchObject({ reservedUsd: 0.6 });
      const late = await store.settle({
        reservationId: 'old',
        now: T0 + 2_000,
        rates: [],
        budgets: [{ id: 'exp', actualUsd: 0.25, actualTokens: 0, periodEndsAt: T0 + DAY }],
      });
      expect(late.budgets[0]).toEqual({ spentUsd: 0.25, spentTokens: 0, reservedUsd: 0.6, reservedTokens: 0 });
    });

    it('settling an unknown reservation books it; settling one twice releases and books once', async () => {
      const store = await fresh();
      await store.seed('twice', 0, 0, T0 + DAY);
      okOf(await store.admit(admitInput({ reservationId: 'once', budgets: [budget('twice', { limitUsd: 1, reserveUsd: 0.5 })] })));
      const settle = (id: string) =>
        store.settle({ reservationId: id, now: T0, rates: [], budgets: [{ id: 'twice', actualUsd: 0.2, actualTokens: 20, periodEndsAt: T0 + DAY }] });
      expect((await settle('once')).budgets[0]).toEqual({ spentUsd: 0.2, spentTokens: 20, reservedUsd: 0, reservedTokens: 0 });
      expect((await settle('once')).budgets[0]).toEqual({ spentUsd: 0.2, spentTokens: 20, reservedUsd: 0, reservedTokens: 0 });
      expect((await settle('never-admitted')).budgets[0]).toEqual({ spentUsd: 0.4, spentTokens: 40, reservedUsd: 0, reservedTokens: 0 });
    });

    it('states carry spent and reserved for every budget, in the order given', async () => {
      const store = await fresh();
      await store.seed('s1', 0.5, 50, T0 + DAY);
      await store.seed('s2', 0, 0, null);
      const result = okOf(
        await store.admit(
          admitInput({
            reservationId: 'st',
            budgets: [
              budget('s1', { limitUsd: 1, reserveUsd: 0.25, reserveTokens: 10 }),
              budget('s2', { limitTokens: 100, reserveUsd: 0.25, reserveTokens: 10, periodEndsAt: null }),
            ],
          }),
        ),
      );
      expect(result.budgets).toEqual([
        { spentUsd: 0.5, spentTokens: 50, reservedUsd: 0.25, reservedTokens: 10 },
        { spentUsd: 0, spentTokens: 0, reservedUsd: 0.25, reservedTokens: 10 },
      ]);
      const settled = await store.settle({
        reservationId: 'st',
        now: T0,
        rates: [],
        budgets: [
          { id: 's2', actualUsd: 0.1, actualTokens: 4, periodEndsAt: null },
          { id: 's1', actualUsd: 0.1, actualTokens: 4, periodEndsAt: T0 + DAY },
        ],
      });
      expect(settled.budgets).toEqual([
        { spentUsd: 0.1, spentTokens: 4, reservedUsd: 0, reservedTokens: 0 },
        { spentUsd: 0.6, spentTokens: 54, reservedUsd: 0, reservedTokens: 0 },
      ]);
    });
  });
});
